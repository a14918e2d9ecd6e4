#!/usr/bin/env bash
# Fails unless every given bootstrap would load on both of Lambda's OS-only runtimes: provided.al2 (Amazon
# Linux 2: glibc 2.26, libstdc++ of GCC 7) and provided.al2023 (Amazon Linux 2023: glibc 2.34, GCC 11).
# So: every versioned symbol at most GLIBC_2.26, GLIBCXX_3.4.24 and CXXABI_1.3.11; only shared libraries
# both images have; and the functions glibc 2.26 keeps in libpthread, libdl and librt only with those
# libraries linked. Each symbol over a ceiling is named with its binary. Also checks Lambda's size limits.
#
#   scripts/check-deployable.sh dist/*/bootstrap
set -uo pipefail
MAX_GLIBC=2.26
MAX_GLIBCXX=3.4.24
MAX_CXXABI=1.3.11
# Libraries in both base images (glibc, libgcc, libstdc++, zlib; libcurl is loaded with dlopen, never linked).
ALLOWED_NEEDED="libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libutil.so.1 libstdc++.so.6 libgcc_s.so.1 ld-linux-x86-64.so.2 ld-linux-aarch64.so.1 libz.so.1"
MAX_ZIP_BYTES=$((50 * 1024 * 1024))        # direct upload limit
MAX_UNZIPPED_BYTES=$((250 * 1024 * 1024))  # function + layers

version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$1" ]; }

# Appends to problems[] every versioned symbol over a ceiling, every NEEDED library outside ALLOWED_NEEDED and
# every function glibc 2.26 keeps in a library $1 does not link; "$2" names where a problem is (a bundled library).
check_dynamic() {
    local binary="$1" where="$2" symbols version symbol family max needed lib undefined pair uses
    # "<version> <symbol>" for every versioned dynamic symbol (hidden versions print in parentheses).
    symbols="$(objdump -T "$binary" | awk 'NF >= 2 && $(NF-1) ~ /^\(?(GLIBC|GLIBCXX|CXXABI)_[0-9.]+\)?$/ { v = $(NF-1); gsub(/[()]/, "", v); print v, $NF }' | sort -u)" || problems+=("${where}objdump -T cannot read it")
    while read -r version symbol; do
        [ -n "$version" ] || continue
        family="${version%%_*}"
        case $family in GLIBC) max=$MAX_GLIBC;; GLIBCXX) max=$MAX_GLIBCXX;; CXXABI) max=$MAX_CXXABI;; esac
        version_le "${version#*_}" "$max" || problems+=("${where}$symbol@$version is above ${family}_$max")
    done <<<"$symbols"
    needed=" $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
    for lib in $needed; do
        [[ " $ALLOWED_NEEDED " == *" $lib "* ]] || problems+=("${where}links $lib, which provided.al2 or provided.al2023 does not have")
    done
    # Before glibc 2.34 these lived outside libc.so.6: without the library the loader cannot find them.
    undefined="$(objdump -T "$binary" | awk '$4 == "*UND*" || $3 == "*UND*" { print $NF }')"
    for pair in "libpthread.so.0:^(pthread_|sem_|__pthread_)" "libdl.so.2:^dl(open|sym|vsym|error|addr|addr1|close|info|mopen)$" \
                "librt.so.1:^(timer_|mq_|shm_open|shm_unlink|aio_|lio_listio)"; do
        lib="${pair%%:*}"
        uses="$(grep -E "${pair#*:}" <<<"$undefined" | head -3 | tr '\n' ' ')"
        if [ -n "$uses" ] && [[ "$needed " != *" $lib "* ]]; then
            problems+=("${where}calls ${uses% }, which glibc 2.26 keeps in $lib, but does not link $lib")
        fi
    done
}

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
        check_dynamic "$binary" ""
        interp="$(readelf -l "$binary" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')"
        case "$interp" in
            /lib64/ld-linux-x86-64.so.2|/lib/ld-linux-aarch64.so.1) ;;
            *) problems+=("program interpreter is '$interp'") ;;
        esac
        linkage="dynamic (glibc)"
    else
        linkage="static"
    fi
    # Shared libraries the package bundles in lib/ (loaded with dlopen from /var/task/lib) obey the same rules.
    bundled_names=""
    for bundled in "$(dirname "$binary")"/lib/*.so*; do
        [ -f "$bundled" ] || continue
        bundled_names="$bundled_names lib/$(basename "$bundled")"
        if readelf -h "$bundled" >/dev/null 2>&1; then
            check_dynamic "$bundled" "lib/$(basename "$bundled"): "
        else
            problems+=("lib/$(basename "$bundled") is not an ELF file")
        fi
    done
    size="$(stat -c %s "$binary")"
    [ "$size" -le "$MAX_UNZIPPED_BYTES" ] || problems+=("$size bytes unzipped, over Lambda's 250 MB")
    zip="$(dirname "$binary")/bootstrap.zip"
    if [ -f "$zip" ]; then
        zsize="$(stat -c %s "$zip")"
        [ "$zsize" -le "$MAX_ZIP_BYTES" ] || problems+=("$zsize bytes zipped, over Lambda's 50 MB")
    fi
    if [ ${#problems[@]} -eq 0 ]; then
        highest=""
        for family in GLIBC GLIBCXX CXXABI; do
            top="$(objdump -T "$binary" 2>/dev/null | grep -oE "\b${family}_[0-9.]+" | sort -uV | tail -1)"
            highest="$highest${top:+ $top}"
        done
        echo "ok   $name: $linkage${bundled_names:+, bundles$bundled_names}, highest${highest:- (no versioned symbol)}: loads on provided.al2 and provided.al2023"
    else
        status=1
        for p in "${problems[@]}"; do echo "FAIL $name: $p"; done
    fi
done
exit $status
