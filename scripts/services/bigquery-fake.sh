#!/usr/bin/env bash
# The fault-injecting BigQuery fake (scripts/bigquery/bigquery_read_fake.py): Storage Read gRPC and REST
# tables on 127.0.0.1, for the failure paths bqemulator cannot produce (broken streams, expiry, throttling,
# rate limits, missing tables).
#   bigquery-fake.sh start <state-dir>   start it, wait until it answers, print the exports its clients need
#   bigquery-fake.sh stop <state-dir>    stop it by its recorded process id
set -euo pipefail
cd "$(dirname "$0")/../.."
command="${1:?usage: bigquery-fake.sh start|stop <state-dir>}"
state="${2:?usage: bigquery-fake.sh start|stop <state-dir>}"
python=".venv/bin/python"
. scripts/services/lib/service-process.sh

case "$command" in
start)
    mkdir -p "$state"
    rm -f "$state/ports.json"
    "$python" scripts/bigquery/bigquery_read_fake.py "$state" >"$state/server.log" 2>&1 &
    echo $! >"$state/pid"
    wait_until "BigQuery fake" "$state/pid" "$state/server.log" 30 test -s "$state/ports.json"
    field() { "$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$state/ports.json" "$1"; }
    echo "export BIGQUERY_FAKE_GRPC_URL=http://127.0.0.1:$(field grpc)"
    echo "export BIGQUERY_FAKE_REST_URL=http://127.0.0.1:$(field rest)"
    ;;
stop)
    stop_recorded "$state/pid"
    ;;
*)
    echo "usage: bigquery-fake.sh start|stop <state-dir>" >&2
    exit 2
    ;;
esac
