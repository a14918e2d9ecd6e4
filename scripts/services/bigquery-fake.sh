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

case "$command" in
start)
    mkdir -p "$state"
    rm -f "$state/ports.json"
    "$python" scripts/bigquery/bigquery_read_fake.py "$state" >"$state/server.log" 2>&1 &
    echo $! >"$state/pid"
    for _ in $(seq 1 150); do
        if [ -s "$state/ports.json" ]; then
            field() { "$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$state/ports.json" "$1"; }
            echo "export BIGQUERY_FAKE_GRPC_URL=http://127.0.0.1:$(field grpc)"
            echo "export BIGQUERY_FAKE_REST_URL=http://127.0.0.1:$(field rest)"
            exit 0
        fi
        if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
            echo "BigQuery fake exited during start-up:" >&2
            cat "$state/server.log" >&2
            exit 1
        fi
        sleep 0.2
    done
    echo "BigQuery fake did not start within 30 s" >&2
    cat "$state/server.log" >&2
    kill "$(cat "$state/pid")" 2>/dev/null || true
    exit 1
    ;;
stop)
    if [ -f "$state/pid" ]; then
        kill "$(cat "$state/pid")" 2>/dev/null || true
        rm -f "$state/pid"
    fi
    ;;
*)
    echo "usage: bigquery-fake.sh start|stop <state-dir>" >&2
    exit 2
    ;;
esac
