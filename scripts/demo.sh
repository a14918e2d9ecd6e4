#!/usr/bin/env bash
# `make demo`: runs what the pipeline has end to end on the sample data, locally, and shows the result.
# Everything runs on this machine: real bootstraps under AWS's Runtime Interface Emulator, local services
# on 127.0.0.1. It grows with the pipeline; each stage adds its step here.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Build the release bootstrap of the Echo example (the runtime's demonstration function)"
scripts/package.sh Echo dist/Echo
scripts/check-deployable.sh dist/Echo/bootstrap

step "Invoke it under the Runtime Interface Emulator with events/echo.json"
scripts/invoke.sh dist/Echo/bootstrap events/echo.json

# ---- Clickstream: Kinesis → KinesisTransform → hourly Parquet → AthenaPartitions → query ----
step "Build the clickstream functions (KinesisTransform, AthenaPartitions)"
scripts/package.sh KinesisTransform dist/KinesisTransform
scripts/package.sh AthenaPartitions dist/AthenaPartitions
scripts/check-deployable.sh dist/KinesisTransform/bootstrap dist/AthenaPartitions/bootstrap

step "Start moto (the local AWS) behind the signature-checking proxy"
demo_state="$(mktemp -d "${TMPDIR:-/tmp}/clickstream-demo.XXXXXX")"
trap 'bash scripts/services/moto.sh stop "$demo_state/moto" >/dev/null 2>&1 || true; rm -rf "$demo_state"' EXIT
mkdir -p "$demo_state/moto"
eval "$(bash scripts/services/moto.sh start "$demo_state/moto")"

step "Put synthetic web events (5% bad records) on a Kinesis stream in moto and read them back as Lambda would"
.venv/bin/python scripts/clickstream/demo.py setup --dir "$demo_state"

step "KinesisTransform under the Runtime Interface Emulator: the batch from the stream"
scripts/invoke.sh dist/KinesisTransform/bootstrap "$demo_state/kinesis-event.json" "$demo_state/kinesis-transform.env"

step "AthenaPartitions: register the partitions of the objects written (Glue BatchCreatePartition)"
.venv/bin/python scripts/clickstream/demo.py s3-event --dir "$demo_state"
scripts/invoke.sh dist/AthenaPartitions/bootstrap "$demo_state/s3-event.json" "$demo_state/athena-partitions.env"

step "The engagement query (sql/session_engagement.sql) with DuckDB over the Parquet in the local S3"
.venv/bin/python scripts/clickstream/demo.py query --dir "$demo_state"

# The clickstream demo's services end here; the GA4 step starts its own.
bash scripts/services/moto.sh stop "$demo_state/moto" >/dev/null 2>&1 || true
rm -rf "$demo_state"
trap - EXIT

step "GA4Ingest: the daily GA4 pull against local moto and the GA4 test server"
scripts/package.sh GA4Ingest dist/GA4Ingest
scripts/check-deployable.sh dist/GA4Ingest/bootstrap
ga4_state="$(mktemp -d "${TMPDIR:-/tmp}/ga4-demo.XXXXXX")"
stop_ga4_demo() {
    bash scripts/services/ga4.sh stop "$ga4_state/ga4" || true
    bash scripts/services/moto.sh stop "$ga4_state/moto" || true
    rm -rf "$ga4_state"
}
trap stop_ga4_demo EXIT
mkdir -p "$ga4_state/ga4" "$ga4_state/moto"
eval "$(bash scripts/services/moto.sh start "$ga4_state/moto")"
eval "$(bash scripts/services/ga4.sh start "$ga4_state/ga4")"
.venv/bin/python scripts/ga4ingest/demo_setup.py --moto-endpoint "$PIPELINE_MOTO_ENDPOINT" \
    --ga4-base-url "$GA4_TEST_BASE_URL" --ga4-ca "$GA4_TEST_CA_BUNDLE" \
    --service-account-file "$GA4_TEST_SERVICE_ACCOUNT_FILE" >"$ga4_state/ga4-ingest.env"
scripts/invoke.sh dist/GA4Ingest/bootstrap events/ga4-scheduled.json "$ga4_state/ga4-ingest.env"
.venv/bin/python scripts/ga4ingest/demo_show.py --moto-endpoint "$PIPELINE_MOTO_ENDPOINT"
