#!/usr/bin/env bash
# Not a server: a real OpenSSL 1.0.2 (provided.al2's generation) for the TLS shim's test, fetched once into
# .local/openssl-1.0.2 by scripts/mysql/fetch-openssl-1.0.2.sh. When it cannot be had (no PyPI), nothing is
# exported, so the test is skipped under plain `swift test` and fails under `make test`.
#
#   scripts/services/openssl-1.0.2.sh start <state-dir>   prints PIPELINE_OPENSSL_1_0_2_DIR
#   scripts/services/openssl-1.0.2.sh stop <state-dir>
set -euo pipefail
cd "$(dirname "$0")/../.."
action="${1:?start or stop}"
case "$action" in
start)
    dir="$(pwd)/.local/openssl-1.0.2"
    if scripts/mysql/fetch-openssl-1.0.2.sh "$dir" >&2; then
        echo "export PIPELINE_OPENSSL_1_0_2_DIR=$dir"
    else
        echo "OpenSSL 1.0.2 could not be fetched; its test will not find PIPELINE_OPENSSL_1_0_2_DIR" >&2
    fi;;
stop) ;;
*) echo "usage: $0 start|stop <state-dir>" >&2; exit 2;;
esac
