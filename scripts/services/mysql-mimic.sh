#!/usr/bin/env bash
# A caching_sha2_password (MySQL 8) authentication oracle on mysql-mimic, with TLS and an RSA key pair for the
# non-TLS full authentication; also takes RDS IAM tokens for `iamuser` (mysql_clear_password), checking their
# SigV4 signature. See scripts/mysql/caching_sha2_server.py.
#
#   scripts/services/mysql-mimic.sh start <state-dir>   prints the export lines the tests read
#   scripts/services/mysql-mimic.sh stop <state-dir>
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
    state="$(cd "$state" && pwd)"
    port="$(free_port)"
    scripts/mysql/make-test-certs.sh "$state"
    openssl genrsa -out "$state/rsa.pem" 2048 2>/dev/null
    sha2_password="sha2-Pa55'word"
    access_key="AKIDMYSQLIAMTEST"
    secret_key="mysql/iam+test=secret/0123456789abcdefghij"
    session_token="FwoGZXIvYXdzEMYSQL//IAM+token=="
    SHA2_PASSWORD="$sha2_password" IAM_ACCESS_KEY_ID="$access_key" IAM_SECRET_ACCESS_KEY="$secret_key" \
        IAM_SESSION_TOKEN="$session_token" \
        "$python" scripts/mysql/caching_sha2_server.py --port "$port" --cert "$state/server-cert.pem" \
        --key "$state/server-key.pem" --rsa-key "$state/rsa.pem" >"$state/server.log" 2>&1 &
    echo $! >"$state/server.pid"
    wait_until mysql-mimic "$state/server.pid" "$state/server.log" 30 port_accepts "$port"
    echo "export PIPELINE_MIMIC_HOST=127.0.0.1"
    echo "export PIPELINE_MIMIC_PORT=$port"
    echo "export PIPELINE_MIMIC_CA=$state/ca.pem"
    echo "export PIPELINE_MIMIC_SHA2_USER=sha2user"
    printf 'export PIPELINE_MIMIC_SHA2_PASSWORD=%q\n' "$sha2_password"
    echo "export PIPELINE_MIMIC_IAM_USER=iamuser"
    echo "export PIPELINE_MIMIC_IAM_ACCESS_KEY_ID=$access_key"
    printf 'export PIPELINE_MIMIC_IAM_SECRET_ACCESS_KEY=%q\n' "$secret_key"
    printf 'export PIPELINE_MIMIC_IAM_SESSION_TOKEN=%q\n' "$session_token"
    ;;
stop)
    stop_recorded "$state/server.pid"
    ;;
*)
    echo "usage: $0 start|stop <state-dir>" >&2
    exit 2
    ;;
esac
