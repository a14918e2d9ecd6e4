// ISA-L's inflate (igzip), loaded at run time with dlopen.
//
// Debian ships ISA-L only as a shared library, which neither Lambda image has: the package step puts a copy
// in the zip's lib/ and cisal_load() opens it from there (or from the system), so the bootstrap carries no
// NEEDED entry for it. Without the library, gzip falls back to zlib. Only the streaming inflate is used.
#ifndef CISAL_H
#define CISAL_H

#include <stddef.h>
#include <stdint.h>

/// Loads ISA-L and resolves the inflate entry points, once; later calls return the first result. Returns 0
/// on success; otherwise writes why (library not found, wrong version, missing symbol, failed self-test) into
/// `error` and returns -1. Always -1 in a fully static (musl) build.
int cisal_load(char *error, size_t error_length);

/// The file the library was loaded from, or NULL before cisal_load succeeded.
const char *cisal_library_path(void);

/// The ISA-L version the header describes and the library must be ("2.30.0").
const char *cisal_expected_version(void);

/// A streaming gzip (RFC 1952) member decoder: the header is parsed here (so every header flag, the header
/// CRC and reserved bits are checked as zlib checks them), the deflate data and the trailer's CRC-32 and
/// ISIZE by ISA-L. One member at a time; reset between members.
typedef struct cisal_gunzip cisal_gunzip;

/// A new decoder, or NULL when the library is not loaded or memory is short.
cisal_gunzip *cisal_gunzip_new(void);
void cisal_gunzip_free(cisal_gunzip *decoder);
/// Forgets the member just finished so the next bytes may start a new one.
void cisal_gunzip_reset(cisal_gunzip *decoder);
/// Same contract as czlib_inflater_step: inflates from `*input` (advancing it and decrementing
/// `*input_length`) into `output`, writing the number of bytes produced into `*produced`. Returns 1 at the end
/// of a member, 0 when more input or output room is needed, and -1 on corrupt data with a message in `error`.
int cisal_gunzip_step(cisal_gunzip *decoder, const uint8_t **input, size_t *input_length, uint8_t *output,
                      size_t output_capacity, size_t *produced, char *error, size_t error_length);

#endif
