// liblz4 for the Parquet LZ4_RAW codec (the LZ4 block format, no frame). Only the block decoder is used.
#ifndef CLZ4_H
#define CLZ4_H

#include <lz4.h>

#endif
