#!/usr/bin/env bash
# Starts every local service in scripts/services/ (each prints the environment its clients need),
# runs the given command with that environment, and stops the services again, whatever happens.
#
#   scripts/run-with-services.sh swift test
#
# A service script takes `start <state-dir>` (start on 127.0.0.1, print `export NAME=value` lines, exit
# once the service answers) and `stop <state-dir>` (stop it by the process id it recorded).
set -euo pipefail
cd "$(dirname "$0")/.."
state="$(mktemp -d "${TMPDIR:-/tmp}/pipeline-services.XXXXXX")"
started=()
stop_all() {
    local status=$?
    for ((i=${#started[@]}-1; i>=0; i--)); do
        bash "${started[$i]}" stop "$state/$(basename "${started[$i]}" .sh)" || true
    done
    rm -rf "$state"
    exit $status
}
trap stop_all EXIT INT TERM
export PIPELINE_REQUIRE_SERVICES=1
for service in scripts/services/*.sh; do
    [ -e "$service" ] || continue
    dir="$state/$(basename "$service" .sh)"
    mkdir -p "$dir"
    echo "starting $(basename "$service" .sh)" >&2
    exports="$(bash "$service" start "$dir")"
    started+=("$service")
    eval "$exports"
done
"$@"
