#!/usr/bin/env bash
# The GA4 export day read through the Storage Read API to Parquet, Swift beside Python, against the BigQuery fake
# serving a generated export day (DAYS_DIR/EVENTS, made once and kept): see export_read_bench.py.
#   export_read_bench.sh SWIFT_BINARY PYTHON EVENTS STREAMS DAYS_DIR OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="$1" python="$2" events="$3" streams="$4" days="$5" out="$6"
mkdir -p "$days" "$out"
state="$(mktemp -d "${TMPDIR:-/tmp}/ga4export-read-bench.XXXXXX")"
cleanup() {
    bash scripts/services/bigquery-fake.sh stop "$state/fake" || true
    rm -rf "$state"
}
trap cleanup EXIT
# The day is generated the first time (tens of minutes for the 100,000 distinct events a large day repeats), then kept.
"$python" -c 'import sys; sys.path.insert(0, "scripts/bigquery"); import export_day_streams as d; d.day(sys.argv[1], int(sys.argv[2]))' \
    "$days" "$events"
eval "$(BIGQUERY_FAKE_EXPORT_DAYS="$(cd "$days" && pwd)" bash scripts/services/bigquery-fake.sh start "$state/fake")"
"$python" scripts/bigquery/export_read_bench.py "$binary" "$python" "${BIGQUERY_FAKE_GRPC_URL#http://}" "$events" "$streams" "$out"
