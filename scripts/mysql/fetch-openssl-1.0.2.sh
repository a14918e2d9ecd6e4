#!/usr/bin/env bash
# Puts a real OpenSSL 1.0.2 (libssl and libcrypto 1.0.2q, with the libraries they need) in <dir>, with the
# libssl.so.10 name provided.al2 uses, for the test of the TLS shim's 1.0.2 path. Debian no longer ships 1.0.2;
# the psycopg2-binary 2.7.7 manylinux1 wheel on PyPI bundles it, so that wheel is downloaded (pinned by hash) and
# only its bundled libraries are kept. Done once; later runs find the stamp.
#
#   scripts/mysql/fetch-openssl-1.0.2.sh <dir>
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${1:?directory}"
stamp="$dir/.complete"
[ -f "$stamp" ] && exit 0
wheel="psycopg2_binary-2.7.7-cp36-cp36m-manylinux1_x86_64.whl"
sha256="e63850d8c52ba2b502662bf3c02603175c2397a9acc756090e444ce49508d41e"
pip=".venv/bin/pip"
[ -x "$pip" ] || pip="$(command -v pip3)"
download="$(mktemp -d "${TMPDIR:-/tmp}/openssl-1.0.2.XXXXXX")"
trap 'rm -rf "$download"' EXIT
"$pip" download --quiet --no-deps --only-binary=:all: --platform manylinux1_x86_64 --python-version 36 \
    --implementation cp --abi cp36m "psycopg2-binary==2.7.7" -d "$download" >&2
echo "$sha256  $download/$wheel" | sha256sum --check --quiet
rm -rf "$dir"
mkdir -p "$dir"
"${python:-.venv/bin/python}" -c '
import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for name in wheel.namelist():
        if name.startswith("psycopg2/.libs/"):
            with open(os.path.join(sys.argv[2], os.path.basename(name)), "wb") as out:
                out.write(wheel.read(name))
' "$download/$wheel" "$dir"
ln -sf "$(cd "$dir" && ls libssl-*.so.1.0.2*)" "$dir/libssl.so.10"
touch "$stamp"
