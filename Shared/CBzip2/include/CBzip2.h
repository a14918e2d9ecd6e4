// libbz2 for reading bzip2 uploads and Redshift UNLOAD BZIP2 output. The streaming calls are plain
// functions, so Swift uses <bzlib.h> directly.
#ifndef CBZIP2_H
#define CBZIP2_H

#include <bzlib.h>

#endif
