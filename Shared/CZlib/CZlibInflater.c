#include "CZlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct czlib_inflater {
    z_stream stream;
};

czlib_inflater *czlib_inflater_new(void) {
    czlib_inflater *inflater = calloc(1, sizeof *inflater);
    if (inflater == NULL) return NULL;
    // 15 + 16: a gzip wrapper only, so a raw zlib stream is corrupt input rather than silently accepted.
    if (inflateInit2(&inflater->stream, 15 + 16) != Z_OK) {
        free(inflater);
        return NULL;
    }
    return inflater;
}

void czlib_inflater_free(czlib_inflater *inflater) {
    if (inflater == NULL) return;
    inflateEnd(&inflater->stream);
    free(inflater);
}

int czlib_inflater_reset(czlib_inflater *inflater) {
    return inflateReset(&inflater->stream) == Z_OK ? 0 : -1;
}

int czlib_inflater_step(czlib_inflater *inflater, const uint8_t **input, size_t *input_length,
                        uint8_t *output, size_t output_capacity, size_t *produced, char *error, size_t error_length) {
    z_stream *stream = &inflater->stream;
    // zlib counts in uInt; chunks here are far below 4 GiB but clamp anyway.
    uInt in_now = *input_length > 0x40000000u ? 0x40000000u : (uInt)*input_length;
    uInt out_now = output_capacity > 0x40000000u ? 0x40000000u : (uInt)output_capacity;
    stream->next_in = (Bytef *)*input;
    stream->avail_in = in_now;
    stream->next_out = output;
    stream->avail_out = out_now;
    int code = inflate(stream, Z_NO_FLUSH);
    size_t consumed = in_now - stream->avail_in;
    *input += consumed;
    *input_length -= consumed;
    *produced = out_now - stream->avail_out;
    if (code == Z_STREAM_END) return 1;
    if (code == Z_OK || code == Z_BUF_ERROR) return 0;
    if (error != NULL && error_length > 0) {
        snprintf(error, error_length, "inflate failed (%d): %s", code, stream->msg ? stream->msg : "corrupt data");
    }
    return -1;
}
