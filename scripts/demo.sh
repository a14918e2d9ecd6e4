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

# ---- The pipeline as template.yaml wires it ----
step "Package the pipeline's functions"
read -ra functions <<< "${FUNCTIONS:-KinesisTransform AthenaPartitions GA4Ingest S3Validation AppFlowRegistration MySQLUpsert}"
bootstraps=()
for f in "${functions[@]}"; do
    [ "$f" = Echo ] && continue
    scripts/package.sh "$f" "dist/$f"; bootstraps+=("dist/$f/bootstrap")
done
scripts/check-deployable.sh "${bootstraps[@]}"

step "Build pipeline-ops, the recovery commands the demo runs against the stack at the end"
"${SWIFT:-swift}" build --product pipeline-ops

step "template.yaml on this machine: resources in moto, every function under the emulator, events delivered as AWS does"
# Web events go onto the stream; the Kinesis event source mapping hands them to KinesisTransform; the Parquet it
# writes raises S3 Object Created events, which EventBridge routes to AthenaPartitions; the local Athena then
# reads what the Glue catalog knows and runs the template's named queries. GA4Ingest's daily schedule is fired
# against the GA4 test server, then its hourly GA4ExportSchedule rule against a BigQuery export day in bqemulator;
# two order exports are checked by S3Validation; a RegisterDataFlow event reaches
# AppFlowRegistration; an UNLOAD is upserted into MariaDB by MySQLUpsert; pipeline-ops then recovers from a dead letter, re-submits the rejected records and
# re-queues the quarantined export. Every event is delivered twice.
.venv/bin/python scripts/local/runner.py demo --duplicates --events 2000
