// Symbol-version pinning for Lambda binaries built on Debian 12 (glibc 2.36) that must load on Amazon Linux 2
// (glibc 2.26, provided.al2) and Amazon Linux 2023 (glibc 2.34, provided.al2023). See CGlibcCompat.c and
// GlibcOlderVersions.S. The linker's --wrap flags reach the wrappers; nothing needs to call into this module.
#ifndef CGLIBCCOMPAT_H
#define CGLIBCCOMPAT_H

/// Kept for executables that reference the module explicitly; not needed for the pins to apply.
int cglibccompat_linked(void);

#endif
