#!/usr/bin/env bash
# Makes a throw-away CA and a server certificate for localhost / 127.0.0.1 signed by it, for the local MySQL test
# servers, plus an unrelated CA that signed nothing (verification against it must fail).
#
#   scripts/mysql/make-test-certs.sh <dir>   writes ca.pem, server-cert.pem, server-key.pem, other-ca.pem
set -euo pipefail
dir="${1:?directory}"
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Pipeline Test CA" -keyout ca-key.pem -out ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server-key.pem -out server.csr 2>/dev/null
printf "subjectAltName=DNS:localhost,IP:127.0.0.1\n" >san.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -extfile san.ext \
    -out server-cert.pem 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Unrelated CA" -keyout other-ca-key.pem \
    -out other-ca.pem 2>/dev/null
