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

/// Streaming gzip inflate state (zlib's `z_stream` behind an opaque pointer), for inputs that arrive in
/// chunks: one call per chunk, and a reset between the members of a concatenated gzip file.
typedef struct czlib_inflater czlib_inflater;

/// A new inflater for RFC 1952 gzip members, or NULL when zlib cannot allocate one.
czlib_inflater *czlib_inflater_new(void);
void czlib_inflater_free(czlib_inflater *inflater);
/// Forgets the member just finished so the next bytes may start a new one.
int czlib_inflater_reset(czlib_inflater *inflater);
/// Inflates from `*input` (advancing it and decrementing `*input_length`) into `output`, writing the number of
/// bytes produced into `*produced`. Returns 1 at the end of a member, 0 when more input or output room is
/// needed, and -1 on corrupt data with zlib's message in `error`.
int czlib_inflater_step(czlib_inflater *inflater, const uint8_t **input, size_t *input_length,
                        uint8_t *output, size_t output_capacity, size_t *produced, char *error, size_t error_length);

#endif
