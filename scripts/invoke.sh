#!/usr/bin/env bash
# Runs a packaged bootstrap under AWS's Runtime Interface Emulator and invokes it once with an event file,
# then prints the response and the function's logs. No Docker.
#
#   scripts/invoke.sh <bootstrap> <event.json> [env-file]
#
# The env file holds NAME=value lines for the function's configuration. The emulator listens on loopback
# only, on free ports, and is stopped when the invocation returns.
set -euo pipefail
bootstrap="$(realpath "$1")"
event="$2"
env_file="${3:-}"
cd "$(dirname "$0")/.."
rie="$(scripts/rie-path.sh)"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
invoke_port="$(free_port)"
api_port="$(free_port)"
logs="$(mktemp)"
if [ -n "$env_file" ]; then set -a; source "$env_file"; set +a; fi
AWS_LAMBDA_FUNCTION_TIMEOUT="${AWS_LAMBDA_FUNCTION_TIMEOUT:-120}" \
    "$rie" --log-level error \
    --runtime-interface-emulator-address "127.0.0.1:$invoke_port" \
    --runtime-api-address "127.0.0.1:$api_port" \
    "$bootstrap" >"$logs" 2>&1 &
rie_pid=$!
trap 'kill $rie_pid 2>/dev/null || true; wait $rie_pid 2>/dev/null || true; rm -f "$logs"' EXIT
for _ in $(seq 100); do
    if (echo > "/dev/tcp/127.0.0.1/$invoke_port") 2>/dev/null; then break; fi
    sleep 0.05
done
response="$(curl -sS -w '\n%{http_code}' -X POST --data-binary "@$event" \
    "http://127.0.0.1:$invoke_port/2015-03-31/functions/function/invocations")"
status="$(tail -n1 <<<"$response")"
body="$(sed '$d' <<<"$response")"
kill $rie_pid 2>/dev/null || true
wait $rie_pid 2>/dev/null || true
echo "--- logs"
cat "$logs"
echo "--- response (HTTP $status)"
echo "$body"
# The emulator answers 200 for function errors too; an errorType in the body marks one.
if [ "$status" != 200 ] || grep -q '"errorType"' <<<"$body"; then exit 1; fi
