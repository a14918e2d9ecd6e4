#!/usr/bin/env bash
# bqemulator (PyPI; DuckDB + SQLGlot): the local BigQuery, REST v2 and the Storage Read API over gRPC.
#
#   scripts/services/bqemulator.sh start <state-dir>   prints the export lines the tests read
#   scripts/services/bqemulator.sh stop <state-dir>
#
# Both ports listen on 127.0.0.1 only; data is in memory. The emulator runs `INSTALL spatial` at start, which
# needs the internet unless the extension is already in DuckDB's extension directory: HOME points at the
# state directory and the extension from the duckdb-extension-spatial wheel is installed there first.
# Its venv (.local/bqemulator-venv, pinned DuckDB) is made by `make deps`.
set -euo pipefail
cd "$(dirname "$0")/../.."
action="${1:?start or stop}"
state="${2:?state directory}"
venv=".local/bqemulator-venv"
python="$venv/bin/python"

. scripts/services/lib/service-process.sh

case "$action" in
start)
    if [ ! -x "$venv/bin/bqemulator" ]; then
        echo "bqemulator is not installed in $venv: run make deps" >&2
        exit 1
    fi
    mkdir -p "$state/home"
    extension="$(find "$venv/lib" -path '*duckdb_extension_spatial/extensions/*' -name 'spatial.duckdb_extension' | head -n 1)"
    [ -n "$extension" ] || { echo "spatial.duckdb_extension not found in $venv (duckdb-extension-spatial)" >&2; exit 1; }
    HOME="$state/home" "$python" -c 'import duckdb, sys; duckdb.connect().execute("INSTALL \x27" + sys.argv[1].replace("\x27", "\x27\x27") + "\x27")' "$extension"
    rest_port="$(free_port)"
    grpc_port="$(free_port)"
    HOME="$state/home" "$venv/bin/bqemulator" start --rest-host 127.0.0.1 --rest-port "$rest_port" \
        --grpc-host 127.0.0.1 --grpc-port "$grpc_port" --ephemeral --project pipeline-test --log-format json \
        --log-level warning >"$state/bqemulator.log" 2>&1 &
    echo $! >"$state/pid"
    answers() {
        http_answers "http://127.0.0.1:$rest_port/bigquery/v2/projects/pipeline-test/datasets" && port_accepts "$grpc_port"
    }
    wait_until bqemulator "$state/pid" "$state/bqemulator.log" 60 answers
    echo "export BIGQUERY_EMULATOR_REST_URL=http://127.0.0.1:$rest_port"
    echo "export BIGQUERY_EMULATOR_GRPC_URL=http://127.0.0.1:$grpc_port"
    echo "export BIGQUERY_EMULATOR_PROJECT=pipeline-test"
    ;;
stop)
    stop_recorded "$state/pid"
    ;;
*)
    echo "usage: bqemulator.sh start|stop <state-dir>" >&2
    exit 2
    ;;
esac
