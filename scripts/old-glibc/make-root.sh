#!/usr/bin/env bash
# Makes (once) a Debian 11 "bullseye" root, whose glibc 2.31 and libstdc++ (GCC 10) are older than the build
# machine's, for running packaged bootstraps against an older C library than they were linked on.
#
#   scripts/old-glibc/make-root.sh <root-dir>
#
# The root holds what Lambda's OS-only images offer a bootstrap: glibc, libstdc++, libgcc, zlib and
# libcurl. It is kept between runs: a stamp file records that debootstrap finished. The mirror is the
# Debian mirror apt uses on this machine, unless DEBIAN_MIRROR names another. Needs root (debootstrap).
set -euo pipefail
root="${1:?root directory}"
suite=bullseye
stamp="$root/.pipeline-root-complete"
if [ -f "$stamp" ]; then exit 0; fi
[ "$(id -u)" = 0 ] || { echo "making the $suite root needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }

mirror="${DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
    # The first Debian archive apt is configured with (one-line or deb822 sources).
    mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -1 | tr -d ' ' || true)"
    mirror="${mirror:-http://deb.debian.org/debian}"
fi
echo "making a Debian $suite root in $root from $mirror" >&2
rm -rf "$root"
mkdir -p "$root"
start=$(date +%s)
if ! debootstrap --variant=minbase --include=libcurl4,zlib1g "$suite" "$root" "$mirror" >"$root.log" 2>&1; then
    echo "debootstrap $suite from $mirror failed; the last lines of $root.log:" >&2
    tail -n 20 "$root.log" >&2
    exit 1
fi
rm -rf "$root/var/cache/apt/archives"/*.deb
echo "Debian $suite root ready in $(( $(date +%s) - start )) s: glibc $(chroot "$root" /usr/bin/ldd --version | awk 'NR == 1 { print $NF }')" >&2
touch "$stamp"
