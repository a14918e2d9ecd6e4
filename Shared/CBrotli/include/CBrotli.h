// libbrotli's decoder for the Parquet BROTLI codec. Only the one-shot decompression call is used.
#ifndef CBROTLI_H
#define CBROTLI_H

#include <brotli/decode.h>

#endif
