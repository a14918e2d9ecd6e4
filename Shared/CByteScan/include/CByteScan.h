// Finding the bytes that end a run of delimited text (delimiter, quote, escape, CR, LF) 64 at a time with the
// CPU's vector compares, which Swift has no portable spelling for. Written with clang's vector extensions, so
// the same code becomes SSE2 on x86-64 and NEON on arm64.
#ifndef CBYTESCAN_H
#define CBYTESCAN_H

#include <stdint.h>

typedef uint8_t cbytescan_bytes16 __attribute__((ext_vector_type(16)));
typedef _Bool cbytescan_bits16 __attribute__((ext_vector_type(16)));

/// Bit k of the result is set when byte k of the 64 bytes at `bytes` equals one of `a`...`e` (repeat a byte to
/// look for fewer). Reads exactly 64 bytes; any alignment.
static inline uint64_t cbytescan_stops64(const uint8_t *bytes, uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint8_t e) {
    uint64_t result = 0;
    for (int part = 0; part < 4; part++) {
        cbytescan_bytes16 v;
        __builtin_memcpy(&v, bytes + 16 * part, 16);
        cbytescan_bits16 found = __builtin_convertvector((v == a) | (v == b) | (v == c) | (v == d) | (v == e), cbytescan_bits16);
        uint16_t bits;
        __builtin_memcpy(&bits, &found, sizeof bits);
        result |= (uint64_t)bits << (16 * part);
    }
    return result;
}

#endif
