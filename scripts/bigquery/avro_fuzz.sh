#!/usr/bin/env bash
# Fuzzes the Avro module with libFuzzer (and AddressSanitizer) from a corpus of generated GA4 export rows.
#
#   avro_fuzz.sh WORK_DIR SECONDS PYTHON
#
# Builds JSONText as a module, then the Avro module's sources with fuzz/AvroFuzz into one fuzzing binary; seeds the
# corpus with small row blocks of a generated export day (scripts/bigquery/generate_export_day.py) and schema texts,
# and runs for SECONDS. Crashing inputs land in WORK_DIR/artifacts; each becomes a test in Tests/AvroTests.
set -euo pipefail
work=$1 seconds=$2 python=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work/build" "$work/corpus" "$work/artifacts" "$work/modules"

swiftc -sanitize=fuzzer,address -parse-as-library -O -g -wmo -module-name JSONText -swift-version 6 \
    -emit-module -emit-module-path "$work/modules/JSONText.swiftmodule" \
    -c "$root"/Shared/JSONText/*.swift -o "$work/build/JSONText.o"
binary="$work/build/avro-fuzz"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name Avro -swift-version 6 -enforce-exclusivity=unchecked \
    -I "$work/modules" "$root"/Shared/Avro/*.swift "$root/fuzz/AvroFuzz/FuzzEntry.swift" "$work/build/JSONText.o" -o "$binary"

if [ -z "$(ls -A "$work/corpus")" ]; then
    "$python" "$root/scripts/bigquery/generate_export_day.py" "$work/day" --events 60 --seed 5 --rows-per-block 3 \
        --no-rows-json > /dev/null
    # Mode byte 1: rows of the session schema; 2: the every-type schema; 0: schema text.
    for block in "$work"/day/blocks/*.avro; do
        { printf '\001'; cat "$block"; } > "$work/corpus/$(basename "$block")"
    done
    { printf '\000'; cat "$work/day/avro_schema.json"; } > "$work/corpus/schema.json"
    printf '\002\001\002\002\000\000\000\000\000\000\000\000\000\000\000\000\004ab\002\000\002\004\006\001\002\002\002\006xyz\000\002\002a\000\000\000' \
        > "$work/corpus/every-type"
fi
echo "fuzzing the Avro decoder for ${seconds}s from $(ls "$work/corpus" | wc -l) inputs"
# The schemas live in globals parsed once; LeakSanitizer cannot follow Swift's tagged enum payload pointers and
# would report them at exit, so the end-of-run leak check is off (AddressSanitizer still checks every access).
ASAN_OPTIONS=detect_leaks=0 AVRO_FUZZ_SCHEMA="$work/day/avro_schema.json" "$binary" "$work/corpus" \
    -max_total_time="$seconds" -max_len=65536 -detect_leaks=0 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -artifact_prefix="$work/artifacts/" -print_final_stats=1
