// zlib for the Parquet GZIP codec.
//
// zlib's deflateInit2/inflateInit2 are macros that Swift cannot call, so the whole compress and
// decompress steps live here behind plain functions.
#ifndef CZLIB_H
#define CZLIB_H

#include <stddef.h>
#include <stdint.h>

/// An upper bound on the size of a gzip member holding `length` bytes.
size_t czlib_gzip_bound(size_t length);

/// Compresses `source` into one RFC 1952 gzip member (no file name, mtime 0) at `level` (0-9).
/// Returns the member's size, or -1 with a message in `error` when zlib fails or `destination` is too small.
long czlib_gzip_compress(const uint8_t *source, size_t source_length, uint8_t *destination,
                         size_t destination_capacity, int level, char *error, size_t error_length);

/// Decompresses a gzip stream into `destination`. Returns the number of bytes written,
/// or -1 with a message in `error`. Used by tests to check what the encoder wrote.
long czlib_gunzip(const uint8_t *source, size_t source_length, uint8_t *destination,
                  size_t destination_capacity, char *error, size_t error_length);

#endif
