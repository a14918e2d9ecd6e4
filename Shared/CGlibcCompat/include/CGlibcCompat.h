// Symbol-version pinning for Lambda binaries built on Debian 12 (glibc 2.36) that must load on
// Amazon Linux 2023 (glibc 2.34). See CGlibcCompat.c.
#ifndef CGLIBCCOMPAT_H
#define CGLIBCCOMPAT_H

/// Referenced by the Lambda executables so the linker keeps this object file.
int cglibccompat_linked(void);

#endif
