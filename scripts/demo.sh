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

# ---- The clickstream as template.yaml wires it ----
step "Package the clickstream functions (KinesisTransform, AthenaPartitions)"
scripts/package.sh KinesisTransform dist/KinesisTransform
scripts/package.sh AthenaPartitions dist/AthenaPartitions
scripts/check-deployable.sh dist/KinesisTransform/bootstrap dist/AthenaPartitions/bootstrap

step "template.yaml on this machine: resources in moto, every function under the emulator, events delivered as AWS does"
# Web events go onto the stream; the Kinesis event source mapping hands them to KinesisTransform; the Parquet it
# writes raises S3 Object Created events, which EventBridge routes to AthenaPartitions; the local Athena then
# reads what the Glue catalog knows and runs the template's named queries. Every event is delivered twice.
.venv/bin/python scripts/local/runner.py demo --duplicates --events 2000

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
