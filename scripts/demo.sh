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
