#include "CZlib.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

// windowBits 15 plus 16 selects the gzip wrapper instead of zlib's.
enum { gzip_window_bits = 15 + 16, memory_level = 8 };

size_t czlib_gzip_bound(size_t length) {
    // compressBound covers the deflate stream and a zlib wrapper; a gzip header and trailer take 18 bytes.
    return (size_t)compressBound((uLong)length) + 32;
}

static void report(char *error, size_t error_length, const char *what, int code, const char *message) {
    if (error != NULL && error_length > 0) {
        snprintf(error, error_length, "%s failed (%d): %s", what, code, message ? message : "no message");
    }
}

long czlib_gzip_compress(const uint8_t *source, size_t source_length, uint8_t *destination,
                         size_t destination_capacity, int level, char *error, size_t error_length) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    int code = deflateInit2(&stream, level, Z_DEFLATED, gzip_window_bits, memory_level, Z_DEFAULT_STRATEGY);
    if (code != Z_OK) {
        report(error, error_length, "deflateInit2", code, stream.msg);
        return -1;
    }
    stream.next_in = (Bytef *)source;
    stream.avail_in = (uInt)source_length;
    stream.next_out = destination;
    stream.avail_out = (uInt)destination_capacity;
    code = deflate(&stream, Z_FINISH);
    long written = (long)stream.total_out;
    if (code != Z_STREAM_END) {
        report(error, error_length, "deflate", code, code == Z_OK ? "output buffer too small" : stream.msg);
        deflateEnd(&stream);
        return -1;
    }
    deflateEnd(&stream);
    return written;
}

long czlib_gunzip(const uint8_t *source, size_t source_length, uint8_t *destination,
                  size_t destination_capacity, char *error, size_t error_length) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    int code = inflateInit2(&stream, gzip_window_bits);
    if (code != Z_OK) {
        report(error, error_length, "inflateInit2", code, stream.msg);
        return -1;
    }
    stream.next_in = (Bytef *)source;
    stream.avail_in = (uInt)source_length;
    stream.next_out = destination;
    stream.avail_out = (uInt)destination_capacity;
    code = inflate(&stream, Z_FINISH);
    long written = (long)stream.total_out;
    if (code != Z_STREAM_END) {
        report(error, error_length, "inflate", code, stream.msg);
        inflateEnd(&stream);
        return -1;
    }
    inflateEnd(&stream);
    return written;
}
