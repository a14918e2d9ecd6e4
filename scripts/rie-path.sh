#!/usr/bin/env bash
# Prints the path of AWS's Runtime Interface Emulator, which ships inside the aws-sam-cli wheel
# installed in the project venv (`make deps`).
set -euo pipefail
cd "$(dirname "$0")/.."
case "$(uname -m)" in
    x86_64) arch=x86_64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) echo "no Runtime Interface Emulator for $(uname -m)" >&2; exit 1 ;;
esac
python=".venv/bin/python"
[ -x "$python" ] || { echo "the project venv is missing: run make deps" >&2; exit 1; }
rie="$("$python" -c 'import os, samcli; print(os.path.join(os.path.dirname(samcli.__file__), "local", "rapid"))')/aws-lambda-rie-$arch"
[ -f "$rie" ] || { echo "aws-sam-cli has no emulator at $rie" >&2; exit 1; }
chmod +x "$rie"
echo "$rie"
