#!/usr/bin/env bash
# Fails unless every given bootstrap would load on Lambda's provided.al2023 (Amazon Linux 2023):
# glibc symbols at most GLIBC_2.34, libstdc++ at most GLIBCXX_3.4.29 / CXXABI_1.3.13 (GCC 11), and
# only shared libraries that the provided.al2023 image has. Also checks Lambda's package size limits.
#
#   scripts/check-deployable.sh dist/*/bootstrap
set -uo pipefail
MAX_GLIBC=2.34
MAX_GLIBCXX=3.4.29
MAX_CXXABI=1.3.13
# Libraries in the provided.al2023 base image (glibc, libgcc, libstdc++, zlib; libcurl-minimal is loaded
# with dlopen, never linked).
ALLOWED_NEEDED="libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libutil.so.1 libstdc++.so.6 libgcc_s.so.1 ld-linux-x86-64.so.2 ld-linux-aarch64.so.1 libz.so.1"
MAX_ZIP_BYTES=$((50 * 1024 * 1024))        # direct upload limit
MAX_UNZIPPED_BYTES=$((250 * 1024 * 1024))  # function + layers

version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$1" ]; }

status=0
[ $# -gt 0 ] || { echo "usage: $0 <bootstrap>..." >&2; exit 2; }
for binary in "$@"; do
    name="$binary"
    problems=()
    if [ ! -x "$binary" ]; then
        echo "FAIL $name: missing or not executable"; status=1; continue
    fi
    if ! file_type="$(readelf -h "$binary" 2>&1)"; then
        echo "FAIL $name: not an ELF file"; status=1; continue
    fi
    if readelf -d "$binary" 2>/dev/null | grep -q '(NEEDED)'; then
        symbols="$(objdump -T "$binary")"
        for family in GLIBC GLIBCXX CXXABI; do
            case $family in GLIBC) max=$MAX_GLIBC;; GLIBCXX) max=$MAX_GLIBCXX;; CXXABI) max=$MAX_CXXABI;; esac
            highest="$(grep -oE "\b${family}_[0-9.]+" <<<"$symbols" | sed "s/${family}_//" | sort -uV | tail -1)"
            if [ -n "$highest" ] && ! version_le "$highest" "$max"; then
                offenders="$(while read -r line; do
                    ver="$(grep -oE "\b${family}_[0-9.]+" <<<"$line" | head -1 | sed "s/${family}_//")"
                    [ -n "$ver" ] && ! version_le "$ver" "$max" && echo "$(awk '{print $NF}' <<<"$line")@${family}_${ver}"
                done <<<"$(grep -E "\b${family}_[0-9.]+" <<<"$symbols")" | sort -u | tr '\n' ' ')"
                problems+=("needs ${family}_${highest} (max ${max}): ${offenders}")
            fi
        done
        for lib in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
            [[ " $ALLOWED_NEEDED " == *" $lib "* ]] || problems+=("links $lib, which provided.al2023 does not have")
        done
        interp="$(readelf -l "$binary" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')"
        case "$interp" in
            /lib64/ld-linux-x86-64.so.2|/lib/ld-linux-aarch64.so.1) ;;
            *) problems+=("program interpreter is '$interp'") ;;
        esac
        linkage="dynamic (glibc)"
    else
        linkage="static"
    fi
    size="$(stat -c %s "$binary")"
    [ "$size" -le "$MAX_UNZIPPED_BYTES" ] || problems+=("$size bytes unzipped, over Lambda's 250 MB")
    zip="$(dirname "$binary")/bootstrap.zip"
    if [ -f "$zip" ]; then
        zsize="$(stat -c %s "$zip")"
        [ "$zsize" -le "$MAX_ZIP_BYTES" ] || problems+=("$zsize bytes zipped, over Lambda's 50 MB")
    fi
    if [ ${#problems[@]} -eq 0 ]; then
        glibc="$(objdump -T "$binary" 2>/dev/null | grep -oE '\bGLIBC_[0-9.]+' | sort -uV | tail -1)"
        echo "ok   $name: $linkage, highest ${glibc:-no glibc symbol}"
    else
        status=1
        for p in "${problems[@]}"; do echo "FAIL $name: $p"; done
    fi
done
exit $status
