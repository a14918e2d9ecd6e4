#!/usr/bin/env bash
# Shows that scripts/check-deployable.sh can fail: binaries that would not load on provided.al2 (glibc 2.26)
# must be rejected, each with the symbol or library that stops it named.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# expect <name> <text the verdict must contain>: the binary $work/<name>/bootstrap must be rejected.
expect() {
    local out
    if out="$(scripts/check-deployable.sh "$work/$1/bootstrap")"; then
        echo "FAIL: $1 was accepted"; failed=$((failed + 1))
    elif ! grep -qF "$2" <<<"$out"; then
        echo "FAIL: $1 was rejected without naming $2: $out"; failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
}

# build <name> <C source> [cc arguments]
build() {
    mkdir -p "$work/$1"
    printf '%s\n' "$2" > "$work/$1.c"
    cc -o "$work/$1/bootstrap" "$work/$1.c" "${@:3}"
}

build glibc-2.27 '#define _GNU_SOURCE
#include <unistd.h>
int main(void) { return (int)copy_file_range(0, 0, 1, 0, 0, 0) & 1; }  /* GLIBC_2.27, the first release after AL2 */'
expect glibc-2.27 'copy_file_range@GLIBC_2.27 is above GLIBC_2.26'

build glibc-2.36 '#include <stdlib.h>
int main(void) { return (int)(arc4random() & 1); }  /* GLIBC_2.36 */'
expect glibc-2.36 'arc4random@GLIBC_2.36 is above GLIBC_2.26'

build foreign-lib '#include <zstd.h>
int main(void) { return (int)ZSTD_versionNumber() & 1; }' -lzstd
expect foreign-lib 'links libzstd.so.1'

# pthread_create pinned to its glibc 2.2.5 version, but without libpthread.so.0, where glibc 2.26 has it.
build no-libpthread '#include <pthread.h>
__asm__(".symver create_compat,pthread_create@GLIBC_2.2.5");
int create_compat(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
static void *run(void *argument) { return argument; }
int main(void) { pthread_t thread; return create_compat(&thread, 0, run, 0); }'
expect no-libpthread 'which glibc 2.26 keeps in libpthread.so.0'

# A library bundled in lib/ beside a loadable bootstrap is held to the same rules.
build bundled-lib 'int main(void) { return 0; }'
mkdir -p "$work/bundled-lib/lib"
printf '#include <stdlib.h>\nunsigned pick(void) { return arc4random(); }\n' > "$work/bundled.c"
cc -shared -fPIC -o "$work/bundled-lib/lib/libbundled.so.1" "$work/bundled.c"
expect bundled-lib 'lib/libbundled.so.1: arc4random@GLIBC_2.36 is above GLIBC_2.26'

echo "check-deployable rejects what would not load on provided.al2 or provided.al2023: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
