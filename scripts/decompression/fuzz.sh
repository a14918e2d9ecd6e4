#!/usr/bin/env bash
# Fuzzes gzip inflate with libFuzzer (and AddressSanitizer), zlib against ISA-L on every input.
#
#   scripts/decompression/fuzz.sh WORK_DIR SECONDS PYTHON
#
# Builds the Decompression module's sources with fuzz/Decompression into one binary, seeds the corpus with
# small gzip files (header flags, concatenated members, padding, stored and Huffman blocks) and runs for
# SECONDS. Inputs that crash or make the libraries disagree land in WORK_DIR/artifacts.
set -euo pipefail
work=$1 seconds=$2 python=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work/build" "$work/corpus" "$work/artifacts" "$work/modules"
shims=(CZlib CIsal CZstd CBzip2)

source "$root/scripts/fuzz-c-shims.sh"
build_c_shims "$work" "$root" "${shims[@]}"

binary="$work/build/decompression-fuzz"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name Decompression -swift-version 6 \
    "${shim_flags[@]}" \
    $(find "$root/Shared/Decompression" -name '*.swift') "$root/fuzz/Decompression/FuzzEntry.swift" \
    "${objects[@]}" -lz -ldl -Xlinker -l:libzstd.a -Xlinker -l:libbz2.a -o "$binary"

if [ -z "$(ls -A "$work/corpus")" ]; then
    "$python" - "$work/corpus" <<'PY'
import gzip, struct, sys, zlib, pathlib
out = pathlib.Path(sys.argv[1])
def member(data, flags=0, level=6):
    raw = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = raw.compress(data) + raw.flush()
    h = b"\x1f\x8b\x08" + bytes([flags]) + b"\0\0\0\0\0\xff"
    if flags & 4: h += struct.pack("<H", 3) + b"a\0b"
    if flags & 8: h += b"part.csv\0"
    if flags & 16: h += b"note\0"
    if flags & 2: h += struct.pack("<H", zlib.crc32(h) & 0xFFFF)
    return h + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
text = b"".join(b"%d,name%d,%d.50\n" % (i, i % 17, i * 3) for i in range(200))
seeds = {
    "plain": member(text), "stored": member(text[:300], level=0), "flags": member(text[:500], 0x1E),
    "members": member(b"a\n") + member(text[:100], 0x08) + b"\0\0" + member(b""),
    "zeros": member(bytes(20000), level=9), "empty": member(b""), "python": gzip.compress(text[:700]),
}
for name, data in seeds.items():
    (out / name).write_bytes(data)
PY
fi
echo "fuzzing gzip inflate (zlib against ISA-L) for ${seconds}s from $(ls "$work/corpus" | wc -l) inputs"
"$binary" "$work/corpus" -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1
