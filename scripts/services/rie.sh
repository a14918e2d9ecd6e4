#!/usr/bin/env bash
# Not a server: tells the integration tests where the Runtime Interface Emulator is. Each test starts
# its own emulator process on free loopback ports.
set -euo pipefail
case "$1" in
    start) echo "export PIPELINE_RIE_BINARY=$(printf %q "$("$(dirname "$0")/../rie-path.sh")")" ;;
    stop) ;;
esac
