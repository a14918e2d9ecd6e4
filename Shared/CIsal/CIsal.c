#define _GNU_SOURCE
#include "CIsal.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Only glibc builds with libisal-dev's header use ISA-L; a static musl build (no dlopen) or a machine without the
// header gets the stubs at the end of this file, and gzip inflates with zlib.
#if defined(__GLIBC__) && __has_include(<isa-l.h>)
#define CISAL_AVAILABLE 1
#include <dlfcn.h>
#include <isa-l.h>
#include <link.h>
#include <unistd.h>
#endif

#ifdef CISAL_AVAILABLE

#define CISAL_STRINGIFY2(x) #x
#define CISAL_STRINGIFY(x) CISAL_STRINGIFY2(x)
// ISA-L's build names the shared object libisal.so.<major>.0.<minor> (Debian: libisal.so.2.0.30). The library
// exports no version function, so this file name is how a loaded copy says which release it is; the struct
// inflate_state this file allocates must have the layout of exactly that release.
#define CISAL_FILE_NAME "libisal.so." CISAL_STRINGIFY(ISAL_MAJOR_VERSION) ".0." CISAL_STRINGIFY(ISAL_MINOR_VERSION)
#define CISAL_SONAME "libisal.so." CISAL_STRINGIFY(ISAL_MAJOR_VERSION)

static struct {
    void (*inflate_init)(struct inflate_state *);
    void (*inflate_reset)(struct inflate_state *);
    int (*inflate)(struct inflate_state *);
} api;

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static int load_result = 1;  // 1: not tried yet
static char load_error[512];
static char library_path[PATH_MAX];

const char *cisal_expected_version(void) {
    return CISAL_STRINGIFY(ISAL_MAJOR_VERSION) "." CISAL_STRINGIFY(ISAL_MINOR_VERSION) "." CISAL_STRINGIFY(ISAL_PATCH_VERSION);
}

const char *cisal_library_path(void) { return load_result == 0 ? library_path : NULL; }

// Header parsing states, in the order of RFC 1952 section 2.3.
enum header_state {
    HEADER_ID1, HEADER_ID2, HEADER_CM, HEADER_FLG, HEADER_MTIME, HEADER_XFL_OS, HEADER_XLEN, HEADER_EXTRA,
    HEADER_NAME, HEADER_COMMENT, HEADER_HCRC, HEADER_DONE
};

#define FLAG_FHCRC 0x02
#define FLAG_FEXTRA 0x04
#define FLAG_FNAME 0x08
#define FLAG_FCOMMENT 0x10
#define FLAG_RESERVED 0xE0

// Canary bytes after the state: a library whose struct is larger than this header's would write into them.
#define GUARD_BYTES 4096

struct cisal_gunzip {
    enum header_state header;
    uint8_t flags;
    uint32_t count;       // bytes left in the current multi-byte header field
    uint32_t extra_length;
    uint32_t header_crc;  // CRC-32 of the header bytes so far (pre-inverted running value)
    uint16_t stored_hcrc;
    struct inflate_state state;  // large (~50 KiB): allocated with the decoder
};

static uint32_t crc32_update(uint32_t crc, uint8_t byte) {
    crc ^= byte;
    for (int i = 0; i < 8; i++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    return crc;
}

static void begin_member(cisal_gunzip *decoder) {
    decoder->header = HEADER_ID1;
    decoder->flags = 0;
    decoder->count = 0;
    decoder->extra_length = 0;
    decoder->header_crc = 0xFFFFFFFFu;
    decoder->stored_hcrc = 0;
    api.inflate_reset(&decoder->state);
    // Raw deflate after the header this file parsed; ISA-L checks the trailer's CRC-32 and ISIZE.
    decoder->state.crc_flag = ISAL_GZIP_NO_HDR_VER;
    decoder->state.hist_bits = 0;  // the full 32 KiB window
}

static cisal_gunzip *allocate(void) {
    cisal_gunzip *decoder = malloc(sizeof *decoder + GUARD_BYTES);
    if (decoder == NULL) return NULL;
    memset(decoder, 0, sizeof *decoder);
    memset((uint8_t *)decoder + sizeof *decoder, 0xA5, GUARD_BYTES);
    api.inflate_init(&decoder->state);
    begin_member(decoder);
    return decoder;
}

static int guard_intact(const cisal_gunzip *decoder) {
    const uint8_t *guard = (const uint8_t *)decoder + sizeof *decoder;
    for (size_t i = 0; i < GUARD_BYTES; i++) if (guard[i] != 0xA5) return 0;
    return 1;
}

static void describe(int code, char *error, size_t error_length) {
    const char *text;
    switch (code) {
    case ISAL_INVALID_BLOCK: text = "invalid deflate block"; break;
    case ISAL_INVALID_SYMBOL: text = "invalid code"; break;
    case ISAL_INVALID_LOOKBACK: text = "invalid distance too far back"; break;
    case ISAL_INVALID_WRAPPER: text = "incorrect header check"; break;
    case ISAL_UNSUPPORTED_METHOD: text = "unknown compression method"; break;
    case ISAL_INCORRECT_CHECKSUM: text = "incorrect data check or length"; break;
    case ISAL_NEED_DICT: text = "needs a preset dictionary"; break;
    default: text = "corrupt data"; break;
    }
    if (error != NULL && error_length > 0) snprintf(error, error_length, "inflate failed (%d): %s", code, text);
}

static int header_error(const char *text, char *error, size_t error_length) {
    if (error != NULL && error_length > 0) snprintf(error, error_length, "inflate failed (-3): %s", text);
    return -1;
}

// Consumes header bytes; returns -1 on a bad header, else 0 (header done or input used up).
static int read_header(cisal_gunzip *d, const uint8_t **input, size_t *input_length, char *error, size_t error_length) {
    while (d->header != HEADER_DONE && *input_length > 0) {
        uint8_t byte = **input;
        *input += 1;
        *input_length -= 1;
        if (d->header != HEADER_HCRC) d->header_crc = crc32_update(d->header_crc, byte);
        switch (d->header) {
        case HEADER_ID1:
            if (byte != 0x1F) return header_error("incorrect header check", error, error_length);
            d->header = HEADER_ID2;
            break;
        case HEADER_ID2:
            if (byte != 0x8B) return header_error("incorrect header check", error, error_length);
            d->header = HEADER_CM;
            break;
        case HEADER_CM:
            if (byte != 8) return header_error("unknown compression method", error, error_length);
            d->header = HEADER_FLG;
            break;
        case HEADER_FLG:
            if (byte & FLAG_RESERVED) return header_error("unknown header flags set", error, error_length);
            d->flags = byte;
            d->header = HEADER_MTIME;
            d->count = 4;
            break;
        case HEADER_MTIME:
            if (--d->count == 0) { d->header = HEADER_XFL_OS; d->count = 2; }
            break;
        case HEADER_XFL_OS:
            if (--d->count == 0) {
                d->count = 2;
                d->header = (d->flags & FLAG_FEXTRA) ? HEADER_XLEN : (d->flags & FLAG_FNAME) ? HEADER_NAME
                    : (d->flags & FLAG_FCOMMENT) ? HEADER_COMMENT : (d->flags & FLAG_FHCRC) ? HEADER_HCRC : HEADER_DONE;
            }
            break;
        case HEADER_XLEN:
            d->extra_length |= (uint32_t)byte << (8 * (2 - d->count));
            if (--d->count == 0) {
                d->count = d->extra_length;
                if (d->count == 0) {
                    d->count = 2;
                    d->header = (d->flags & FLAG_FNAME) ? HEADER_NAME : (d->flags & FLAG_FCOMMENT) ? HEADER_COMMENT
                        : (d->flags & FLAG_FHCRC) ? HEADER_HCRC : HEADER_DONE;
                } else {
                    d->header = HEADER_EXTRA;
                }
            }
            break;
        case HEADER_EXTRA:
            if (--d->count == 0) {
                d->count = 2;
                d->header = (d->flags & FLAG_FNAME) ? HEADER_NAME : (d->flags & FLAG_FCOMMENT) ? HEADER_COMMENT
                    : (d->flags & FLAG_FHCRC) ? HEADER_HCRC : HEADER_DONE;
            }
            break;
        case HEADER_NAME:
            if (byte == 0) {
                d->count = 2;
                d->header = (d->flags & FLAG_FCOMMENT) ? HEADER_COMMENT : (d->flags & FLAG_FHCRC) ? HEADER_HCRC : HEADER_DONE;
            }
            break;
        case HEADER_COMMENT:
            if (byte == 0) { d->count = 2; d->header = (d->flags & FLAG_FHCRC) ? HEADER_HCRC : HEADER_DONE; }
            break;
        case HEADER_HCRC:
            d->stored_hcrc |= (uint16_t)(byte << (8 * (2 - d->count)));
            if (--d->count == 0) {
                if (d->stored_hcrc != (uint16_t)(~d->header_crc & 0xFFFFu)) {
                    return header_error("header crc mismatch", error, error_length);
                }
                d->header = HEADER_DONE;
            }
            break;
        case HEADER_DONE:
            break;
        }
    }
    return 0;
}

int cisal_gunzip_step(cisal_gunzip *decoder, const uint8_t **input, size_t *input_length, uint8_t *output,
                      size_t output_capacity, size_t *produced, char *error, size_t error_length) {
    *produced = 0;
    if (decoder->header != HEADER_DONE) {
        if (read_header(decoder, input, input_length, error, error_length) < 0) return -1;
        if (decoder->header != HEADER_DONE) return 0;
    }
    struct inflate_state *state = &decoder->state;
    if (state->block_state == ISAL_BLOCK_FINISH) return 1;
    // ISA-L counts in uint32_t; chunks here are far below 4 GiB but clamp anyway.
    uint32_t in_now = *input_length > 0x40000000u ? 0x40000000u : (uint32_t)*input_length;
    uint32_t out_now = output_capacity > 0x40000000u ? 0x40000000u : (uint32_t)output_capacity;
    state->next_in = (uint8_t *)*input;
    state->avail_in = in_now;
    state->next_out = output;
    state->avail_out = out_now;
    int code = api.inflate(state);
    size_t consumed = in_now - state->avail_in;
    *input += consumed;
    *input_length -= consumed;
    *produced = out_now - state->avail_out;
    if (code < 0) {
        describe(code, error, error_length);
        return -1;
    }
    return state->block_state == ISAL_BLOCK_FINISH ? 1 : 0;
}

cisal_gunzip *cisal_gunzip_new(void) {
    if (load_result != 0) return NULL;
    return allocate();
}

void cisal_gunzip_free(cisal_gunzip *decoder) { free(decoder); }

void cisal_gunzip_reset(cisal_gunzip *decoder) { begin_member(decoder); }

// A small member (fixed Huffman codes, 150 bytes out): the library must decode it exactly, within the state
// this header describes, before it is used.
static const uint8_t self_test_member[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xf3, 0x0c, 0x76, 0xd4, 0xf5, 0x51, 0x28, 0x4e,
    0xcd, 0x49, 0xd3, 0x2d, 0x49, 0x2d, 0x2e, 0xb1, 0x52, 0x30, 0x30, 0x34, 0x32, 0x36, 0x31, 0x35, 0x33, 0xb7,
    0xb0, 0xc4, 0xce, 0xe4, 0xf2, 0xa4, 0x83, 0x0e, 0x00, 0x20, 0x5b, 0x42, 0x77, 0x96, 0x00, 0x00, 0x00};
static const char self_test_line[] = "ISA-L self-test: 0123456789 0123456789 0123456789\n";

static int self_test(char *error, size_t error_length) {
    cisal_gunzip *decoder = allocate();
    if (decoder == NULL) { snprintf(error, error_length, "cannot allocate an inflate state"); return -1; }
    uint8_t out[512];
    const uint8_t *next = self_test_member;
    size_t remaining = sizeof self_test_member, produced = 0;
    char message[128] = "";
    int code = cisal_gunzip_step(decoder, &next, &remaining, out, sizeof out, &produced, message, sizeof message);
    size_t line = sizeof self_test_line - 1;
    int ok = code == 1 && remaining == 0 && produced == 3 * line && memcmp(out, self_test_line, line) == 0
        && memcmp(out + 2 * line, self_test_line, line) == 0 && guard_intact(decoder);
    free(decoder);
    if (!ok) {
        snprintf(error, error_length, "%s failed its self-test (%d%s%s): not the ISA-L %s this build expects",
                 library_path, code, message[0] ? ", " : "", message, cisal_expected_version());
        return -1;
    }
    return 0;
}

// dlopens `path`; keeps it when it is the release the header describes (by its real file name).
static void *open_checked(const char *path, char *why, size_t why_length) {
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *message = dlerror();
        snprintf(why, why_length, "%s", message ? message : "unknown error");
        return NULL;
    }
    struct link_map *map = NULL;
    char resolved[PATH_MAX];
    if (dlinfo(library, RTLD_DI_LINKMAP, &map) != 0 || map == NULL || realpath(map->l_name, resolved) == NULL) {
        snprintf(why, why_length, "cannot tell which file %s is", path);
        dlclose(library);
        return NULL;
    }
    const char *base = strrchr(resolved, '/');
    base = base ? base + 1 : resolved;
    if (strcmp(base, CISAL_FILE_NAME) != 0) {
        snprintf(why, why_length, "%s is not ISA-L %s (%s)", resolved, cisal_expected_version(), CISAL_FILE_NAME);
        dlclose(library);
        return NULL;
    }
    snprintf(library_path, sizeof library_path, "%s", resolved);
    return library;
}

static int load(char *error, size_t error_length) {
    // First the copy the package puts in lib/ beside the executable (/var/task/lib on Lambda), then the system's.
    char beside[PATH_MAX] = "";
    char executable[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", executable, sizeof executable - 1);
    if (length > 0) {
        executable[length] = 0;
        char *slash = strrchr(executable, '/');
        if (slash != NULL) {
            *slash = 0;
            snprintf(beside, sizeof beside, "%s/lib/%s", executable, CISAL_FILE_NAME);
        }
    }
    char first[256] = "not tried", second[256] = "";
    void *library = NULL;
    if (beside[0] != 0 && access(beside, F_OK) == 0) library = open_checked(beside, first, sizeof first);
    else if (beside[0] != 0) snprintf(first, sizeof first, "no %s", beside);
    if (library == NULL) library = open_checked(CISAL_SONAME, second, sizeof second);
    if (library == NULL) {
        snprintf(error, error_length, "ISA-L not loaded: %s; %s", first, second);
        return -1;
    }
    *(void **)(&api.inflate_init) = dlsym(library, "isal_inflate_init");
    *(void **)(&api.inflate_reset) = dlsym(library, "isal_inflate_reset");
    *(void **)(&api.inflate) = dlsym(library, "isal_inflate");
    if (api.inflate_init == NULL || api.inflate_reset == NULL || api.inflate == NULL) {
        snprintf(error, error_length, "%s lacks isal_inflate_init, isal_inflate_reset or isal_inflate", library_path);
        dlclose(library);
        return -1;
    }
    if (self_test(error, error_length) != 0) {
        dlclose(library);
        return -1;
    }
    return 0;
}

int cisal_load(char *error, size_t error_length) {
    pthread_mutex_lock(&load_lock);
    if (load_result == 1) load_result = load(load_error, sizeof load_error);
    int result = load_result;
    if (result != 0 && error != NULL && error_length > 0) snprintf(error, error_length, "%s", load_error);
    pthread_mutex_unlock(&load_lock);
    return result;
}

#else

int cisal_load(char *error, size_t error_length) {
    if (error != NULL && error_length > 0) {
        snprintf(error, error_length, "ISA-L not loaded: this build has no dlopen or no ISA-L header");
    }
    return -1;
}
const char *cisal_library_path(void) { return NULL; }
const char *cisal_expected_version(void) { return "none"; }
cisal_gunzip *cisal_gunzip_new(void) { return NULL; }
void cisal_gunzip_free(cisal_gunzip *decoder) { (void)decoder; }
void cisal_gunzip_reset(cisal_gunzip *decoder) { (void)decoder; }
int cisal_gunzip_step(cisal_gunzip *decoder, const uint8_t **input, size_t *input_length, uint8_t *output,
                      size_t output_capacity, size_t *produced, char *error, size_t error_length) {
    (void)decoder; (void)input; (void)input_length; (void)output; (void)output_capacity;
    *produced = 0;
    if (error != NULL && error_length > 0) snprintf(error, error_length, "ISA-L is not available");
    return -1;
}

#endif
