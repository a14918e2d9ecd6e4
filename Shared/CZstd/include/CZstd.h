// libzstd for the Parquet ZSTD codec. Only the one-shot calls are used, so this header just exposes them.
#ifndef CZSTD_H
#define CZSTD_H

#include <zstd.h>

#endif
