#!/usr/bin/env bash
# moto in server mode (the local AWS) with the SigV4-checking, fault-injecting proxy in front of it.
#
#   scripts/services/moto.sh start <state-dir>   prints the export lines the tests read
#   scripts/services/moto.sh stop <state-dir>
#
# Both listen on 127.0.0.1 only. Tests talk to the proxy (PIPELINE_AWS_ENDPOINT) with the credentials it
# checks signatures against; setup code may talk to moto directly (PIPELINE_MOTO_ENDPOINT).
set -euo pipefail
cd "$(dirname "$0")/../.."
action="${1:?start or stop}"
state="${2:?state directory}"
python=".venv/bin/python"
[ -x "$python" ] || python="$(command -v python3)"

. scripts/services/lib/service-process.sh

case "$action" in
start)
    mkdir -p "$state"
    moto_port="$(free_port)"
    proxy_port="$(free_port)"
    access_key="AKIDPIPELINETEST"
    secret_key="pipeline/test+secret=key/0123456789abcdefghij"
    session_token="FwoGZXIvYXdzEPIPELINE//TEST+token=="
    "$python" -m moto.server -H 127.0.0.1 -p "$moto_port" >"$state/moto.log" 2>&1 &
    echo $! >"$state/moto.pid"
    wait_until moto "$state/moto.pid" "$state/moto.log" 30 http_answers "http://127.0.0.1:$moto_port/moto-api/"
    "$python" scripts/aws/sigv4_proxy.py --port "$proxy_port" --upstream "http://127.0.0.1:$moto_port" \
        --access-key "$access_key" --secret-key "$secret_key" --session-token "$session_token" \
        --log "$state/proxy.log" >>"$state/proxy.log" 2>&1 &
    echo $! >"$state/proxy.pid"
    wait_until "signing proxy" "$state/proxy.pid" "$state/proxy.log" 30 http_answers "http://127.0.0.1:$proxy_port/__proxy/stats"
    echo "export PIPELINE_AWS_ENDPOINT=http://127.0.0.1:$proxy_port"
    echo "export PIPELINE_MOTO_ENDPOINT=http://127.0.0.1:$moto_port"
    echo "export PIPELINE_AWS_ACCESS_KEY_ID=$access_key"
    echo "export PIPELINE_AWS_SECRET_ACCESS_KEY='$secret_key'"
    echo "export PIPELINE_AWS_SESSION_TOKEN='$session_token'"
    ;;
stop)
    stop_recorded "$state/proxy.pid"
    stop_recorded "$state/moto.pid"
    ;;
*)
    echo "usage: $0 start|stop <state-dir>" >&2
    exit 2
    ;;
esac
