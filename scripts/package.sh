#!/usr/bin/env bash
# Builds one function in release and lays out what Lambda runs: <out>/bootstrap (stripped) and
# <out>/bootstrap.zip.
#
#   scripts/package.sh <Product> <out-dir>
#
# With the Static Linux SDK (musl) installed, the binary is fully static. Otherwise it is built against the
# host glibc with the Swift stdlib linked in, every glibc function bound to a version glibc 2.26 has
# (CGlibcCompat, generated from the host glibc by scripts/glibc-compat/generate.py), and libcurl loaded at run
# time; `scripts/check-deployable.sh` verifies that it loads on provided.al2 and provided.al2023.
set -euo pipefail
product="$1"
out="$2"
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"
arch="$(uname -m)"

if "$SWIFT" sdk list 2>/dev/null | grep -q 'static-linux'; then
    mode="Static Linux SDK (${arch}-swift-linux-musl, fully static)"
    # No dlopen on musl: libcurl and what it needs come from the SDK as static archives.
    flags=(--swift-sdk "${arch}-swift-linux-musl" -Xlinker -lcurl -Xlinker -lssl -Xlinker -lcrypto -Xlinker -lz)
    scratch=".build-musl"
else
    if [ "$arch" = x86_64 ]; then
        target="provided.al2 and provided.al2023: GLIBC_2.26, GLIBCXX_3.4.24, CXXABI_1.3.11"
    else
        target="provided.al2023 only: glibc 2.34 (the glibc 2.26 pins are generated for x86_64)"
    fi
    mode="glibc ${arch} with --static-swift-stdlib (target: ${target})"
    flags=(--static-swift-stdlib)
    scratch=".build-release"
fi
echo "packaging ${product}: ${mode}" >&2
"$SWIFT" build -c release --scratch-path "$scratch" --product "$product" "${flags[@]}" >&2
bin="$("$SWIFT" build -c release --scratch-path "$scratch" --show-bin-path "${flags[@]}")/${product}"

mkdir -p "$out"
cp "$bin" "$out/bootstrap"
strip --strip-all "$out/bootstrap"
chmod 755 "$out/bootstrap"
files=(bootstrap)

# Functions that count days in a property's time zone carry the zone files: the provided.al2023 image has
# no tzdata. The function reads them from $TZDIR, which template.yaml sets to /var/task/zoneinfo.
case "$product" in
    GA4Ingest)
        [ -f /usr/share/zoneinfo/America/Los_Angeles ] || { echo "tzdata is not installed (make deps)" >&2; exit 1; }
        zones="$(realpath "$out")/zoneinfo"
        rm -rf "$zones"
        mkdir -p "$zones"
        # Only the zones and their aliases: not the posix/ and right/ copies, nor the tables and leap-second lists.
        (cd /usr/share/zoneinfo && find . \( -type f -o -type l \) ! -path './posix/*' ! -path './right/*' \
            ! -name '*.tab' ! -name '*.zi' ! -name 'leap*' -print0 | cpio -0 -pdm --quiet "$zones")
        files+=(zoneinfo)
        ;;
    # S3Validation carries the bundled data contracts (CONTRACTS routes `bundled:<file>.yaml`).
    S3Validation)
        rm -rf "$out/contracts"
        mkdir -p "$out/contracts"
        cp contracts/*.yaml "$out/contracts/"
        files+=(contracts)
        ;;
esac

# Functions that read gzip inputs carry ISA-L's shared library in lib/ (neither Lambda image has it): the
# bootstrap dlopens it from there (/var/task/lib) and inflates 2-3x faster than with zlib, which it falls back
# to without it. Only from Debian's libisal2, of the release the header (libisal-dev) describes, and only for
# glibc builds (a static musl build cannot dlopen).
case "$product" in
    S3Validation|MySQLUpsert)
        rm -rf "$out/lib"
        if [ "$scratch" = .build-release ] && { [ "$arch" = x86_64 ] || [ "$arch" = aarch64 ]; } \
            && dpkg -s libisal2 >/dev/null 2>&1; then
            header_version="$(awk '/#define ISAL_(MAJOR|MINOR)_VERSION/ { printf "%s ", $3 }' /usr/include/isa-l.h)"
            read -r major minor <<<"$header_version"
            isal="$(dpkg -L libisal2 | grep -E "/libisal\.so\.${major}\.0\.${minor}\$" | head -1)"
            [ -n "$isal" ] || { echo "libisal2 has no libisal.so.${major}.0.${minor}, the release isa-l.h describes" >&2; exit 1; }
            mkdir -p "$out/lib"
            cp "$isal" "$out/lib/"
            # BSD-3-Clause: a binary copy carries its notice.
            cp /usr/share/doc/libisal2/copyright "$out/lib/libisal2.copyright"
            files+=(lib)
            echo "bundling ISA-L $(dpkg-query -W -f '${Version}' libisal2) as lib/$(basename "$isal")" >&2
        else
            echo "not bundling ISA-L (no libisal2, or a static build): gzip inflates with zlib" >&2
        fi
        ;;
esac

rm -f "$out/bootstrap.zip"
# -X: no extra file attributes, so the same binary gives the same zip.
(cd "$out" && zip -q -X -9 -r bootstrap.zip "${files[@]}")
printf '%s\t%s bytes\t%s bytes zipped\n' "$product" "$(stat -c %s "$out/bootstrap")" "$(stat -c %s "$out/bootstrap.zip")" >&2
