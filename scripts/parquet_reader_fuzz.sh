#!/usr/bin/env bash
# Fuzzes the Parquet reader with libFuzzer (and AddressSanitizer) from a corpus of valid files.
#
#   parquet_reader_fuzz.sh WORK_DIR SECONDS PYTHON
#
# Builds the Parquet module's sources together with fuzz/ParquetReaderFuzz into one fuzzing binary, seeds the
# corpus with small files from scripts/parquet_reader_corpus.py (pyarrow, DuckDB, fastparquet), and runs for
# SECONDS. Crashing inputs land in WORK_DIR/artifacts; each one becomes a regression test in
# Tests/ParquetTests/ReaderFuzzFindingsTests.swift.
set -euo pipefail
work=$1 seconds=$2 python=$3
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work/build" "$work/corpus" "$work/artifacts" "$work/modules"

source "$root/scripts/fuzz-c-shims.sh"
build_c_shims "$work" "$root" CZlib CZstd CPrefetch CLz4 CBrotli

binary="$work/build/parquet-reader-fuzz"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name Parquet -swift-version 6 \
    -enforce-exclusivity=unchecked \
    "${shim_flags[@]}" \
    $(find "$root/Shared/Parquet" -name '*.swift') "$root/fuzz/ParquetReaderFuzz/FuzzEntry.swift" \
    "${objects[@]}" -lz -Xlinker -l:libzstd.a -Xlinker -l:liblz4.a -Xlinker -l:libbrotlidec.a -Xlinker -l:libbrotlicommon.a \
    -o "$binary"

# Seeds: every generated file small enough for the fuzzer's input limit.
if [ -z "$(ls -A "$work/corpus")" ]; then
    "$python" "$root/scripts/parquet_reader_corpus.py" "$work/seeds" --no-spark > /dev/null
    find "$work/seeds" -name '*.parquet' -size -64k -exec cp {} "$work/corpus/" \;
fi
echo "fuzzing the Parquet reader for ${seconds}s from $(ls "$work/corpus" | wc -l) inputs"
"$binary" "$work/corpus" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1
