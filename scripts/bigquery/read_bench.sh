#!/usr/bin/env bash
# Storage Read throughput, the Swift reader beside google-cloud-bigquery-storage, same run, same servers:
#   1. against the fault fake's `bench` table (ROWS rows of ~1 KB, blocks encoded once: measures the clients);
#   2. against bqemulator with EMULATOR_ROWS GA4-shaped rows (the emulator's Python Avro encoding dominates).
#   read_bench.sh SWIFT_BINARY PYTHON ROWS EMULATOR_ROWS
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="$1" python="$2" rows="$3" emulator_rows="$4"
state="$(mktemp -d "${TMPDIR:-/tmp}/bigquery-bench.XXXXXX")"
cleanup() {
    bash scripts/services/bigquery-fake.sh stop "$state/fake" || true
    bash scripts/services/bqemulator.sh stop "$state/emulator" || true
    rm -rf "$state"
}
trap cleanup EXIT
eval "$(bash scripts/services/bigquery-fake.sh start "$state/fake")"
eval "$(bash scripts/services/bqemulator.sh start "$state/emulator")"

ratio() {  # label swift_json python_json
    "$python" - "$1" "$2" "$3" <<'PY'
import json, sys
label, swift, python = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
assert swift["rows"] == python["rows"], (swift, python)
mb = swift["bytes"] / 1e6
print(f"{label}: {swift['rows']:,} rows, {mb:,.0f} MB of Avro, {swift['streams']} streams")
for name, r in (("swift", swift), ("python", python)):
    print(f"  {name:6} {r['seconds']:.2f} s  {mb / r['seconds']:.0f} MB/s  client CPU {r['cpu_seconds']:.2f} s  peak RSS {r['peak_rss_mb']:.0f} MB")
print(f"  ratio  {python['seconds'] / swift['seconds']:.2f}x wall, {python['cpu_seconds'] / swift['cpu_seconds']:.2f}x client CPU (python / swift)")
PY
}

fake="${BIGQUERY_FAKE_GRPC_URL#http://}"
table="bench_$rows"
swift_fake="$("$binary" "$BIGQUERY_FAKE_GRPC_URL" bench-project analytics_1 "$table" 2)"
python_fake="$("$python" scripts/bigquery/read_bench_baseline.py "$fake" bench-project analytics_1 "$table" 2)"
ratio "fake server (blocks pre-encoded)" "$swift_fake" "$python_fake"

GA4_FIXTURE_UNIQUE_RECORD_NAMES=1 "$python" scripts/bigquery/ga4_export_fixture.py create "$BIGQUERY_EMULATOR_REST_URL" \
    "$BIGQUERY_EMULATOR_PROJECT" ga4_bench events_20240101 "$emulator_rows" 1 "$state/expected.json" >/dev/null
emulator="${BIGQUERY_EMULATOR_GRPC_URL#http://}"
swift_emulator="$("$binary" "$BIGQUERY_EMULATOR_GRPC_URL" "$BIGQUERY_EMULATOR_PROJECT" ga4_bench events_20240101 1)"
python_emulator="$("$python" scripts/bigquery/read_bench_baseline.py "$emulator" "$BIGQUERY_EMULATOR_PROJECT" ga4_bench events_20240101 1)"
ratio "bqemulator (GA4-shaped rows)" "$swift_emulator" "$python_emulator"
