#!/usr/bin/env bash
# Shows that scripts/check-deployable.sh can fail: a binary that binds a glibc 2.36 symbol, and one that
# links a library Amazon Linux 2023 does not have, must both be rejected.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/new-glibc" "$work/foreign-lib"
cat > "$work/new-glibc.c" <<'C'
#include <stdlib.h>
int main(void) { return (int)(arc4random() & 1); }  /* arc4random is GLIBC_2.36 */
C
cc -o "$work/new-glibc/bootstrap" "$work/new-glibc.c"
cat > "$work/foreign.c" <<'C'
#include <zstd.h>
int main(void) { return (int)ZSTD_versionNumber() & 1; }
C
cc -o "$work/foreign-lib/bootstrap" "$work/foreign.c" -lzstd
status=0
if out="$(scripts/check-deployable.sh "$work/new-glibc/bootstrap")"; then
    echo "FAIL: a GLIBC_2.36 binary was accepted"; status=1
else
    grep -q 'arc4random@GLIBC_2.36' <<<"$out" || { echo "FAIL: the offending symbol is not named: $out"; status=1; }
fi
if out="$(scripts/check-deployable.sh "$work/foreign-lib/bootstrap")"; then
    echo "FAIL: a binary linking libzstd.so was accepted"; status=1
else
    grep -q 'libzstd.so.1' <<<"$out" || { echo "FAIL: the library is not named: $out"; status=1; }
fi
[ $status -eq 0 ] && echo "check-deployable rejects what would not load on provided.al2023: 2 passed, 0 failed"
exit $status
