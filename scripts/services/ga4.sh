#!/usr/bin/env bash
# The GA4 test server (OAuth token endpoint, STS, IAM credentials, Data API v1beta) on 127.0.0.1 over TLS.
#   ga4.sh start <state-dir>   start it, wait until it answers, print the exports its clients need
#   ga4.sh stop <state-dir>    stop it by its recorded process id
set -euo pipefail
cd "$(dirname "$0")/../.."
command="${1:?usage: ga4.sh start|stop <state-dir>}"
state="${2:?usage: ga4.sh start|stop <state-dir>}"
python=".venv/bin/python"
. scripts/services/lib/service-process.sh

case "$command" in
start)
    mkdir -p "$state"
    rm -f "$state/server.json"
    "$python" scripts/ga4/test_server.py "$state" >"$state/server.log" 2>&1 &
    echo $! >"$state/pid"
    healthy() {
        [ -s "$state/server.json" ] || return 1
        base="$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["baseURL"])' "$state/server.json")"
        "$python" -c 'import ssl,sys,urllib.request; urllib.request.urlopen(sys.argv[1], context=ssl.create_default_context(cafile=sys.argv[2]), timeout=2)' \
            "$base/healthz" "$state/ca.pem" >/dev/null
    }
    wait_until "GA4 test server" "$state/pid" "$state/server.log" 30 healthy  # sets base
    aws="$state/aws.json"
    field() { "$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$aws" "$1"; }
    echo "export GA4_TEST_BASE_URL=$base"
    echo "export GA4_TEST_CA_BUNDLE=$state/ca.pem"
    echo "export GA4_TEST_SERVICE_ACCOUNT_FILE=$state/service-account.json"
    echo "export GA4_TEST_EXTERNAL_ACCOUNT_FILE=$state/external-account.json"
    echo "export GA4_TEST_AWS_ACCESS_KEY_ID=$(field accessKeyId)"
    echo "export GA4_TEST_AWS_SECRET_ACCESS_KEY=$(field secretAccessKey)"
    echo "export GA4_TEST_AWS_SESSION_TOKEN=$(field sessionToken)"
    ;;
stop)
    stop_recorded "$state/pid"
    ;;
*)
    echo "usage: ga4.sh start|stop <state-dir>" >&2
    exit 2
    ;;
esac
