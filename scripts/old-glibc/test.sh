#!/usr/bin/env bash
# Proof that the packaged bootstraps load on an older C library than they were built with. First the loader's
# checks against glibc 2.26 itself (scripts/old-glibc/check_glibc_2_26.py; no glibc 2.26 root is reachable),
# shown able to fail on a binary that needs GLIBC_2.27. Then by running: each bootstrap runs inside a Debian 11 root (glibc 2.31, libstdc++ of GCC 10, its own libcurl 7.74; the build
# machine has glibc 2.36) under AWS's Runtime Interface Emulator on loopback, serves an invocation whose AWS
# calls go over HTTPS (a TLS front with a test CA) to the signature-checking proxy and moto, and answers.
#
#   scripts/old-glibc/test.sh dist/Echo/bootstrap dist/KinesisTransform/bootstrap ...
#
# The root is made once by scripts/old-glibc/make-root.sh and kept under .local/. Needs root (chroot, and a
# private mount namespace so the root's /proc, which libdispatch reads, disappears with the process).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -gt 0 ] || { echo "usage: $0 <bootstrap>..." >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "running bootstraps in a chroot needs root" >&2; exit 1; }
root="$(realpath -m .local/old-glibc/bullseye)"
scripts/old-glibc/make-root.sh "$root"
python=".venv/bin/python"
rie="$(scripts/rie-path.sh)"

state="$(mktemp -d "${TMPDIR:-/tmp}/old-glibc.XXXXXX")"
front_pid=""
cleanup() {
    [ -n "$front_pid" ] && kill "$front_pid" 2>/dev/null || true
    bash scripts/services/ga4.sh stop "$state/ga4" >/dev/null 2>&1 || true
    bash scripts/services/mariadb.sh stop "$state/mariadb" >/dev/null 2>&1 || true
    bash scripts/services/moto.sh stop "$state/moto" >/dev/null 2>&1 || true
    rm -rf "$root/var/task" "$state"
}
trap cleanup EXIT
mkdir -p "$state/moto" "$state/ga4" "$state/mariadb"
eval "$(bash scripts/services/moto.sh start "$state/moto")"
eval "$(bash scripts/services/ga4.sh start "$state/ga4")"
# MySQLUpsert's database: MariaDB over TLS on loopback (the root shares the network), its CA copied into the root.
eval "$(bash scripts/services/mariadb.sh start "$state/mariadb")"
cp "$PIPELINE_MYSQL_CA" "$root/etc/pipeline-mysql-ca.pem"
# HTTPS in front of the signing proxy, with the GA4 test server's certificate for 127.0.0.1: one test CA
# serves both, and the root trusts only it.
"$python" scripts/aws/tls_front.py --certificate "$state/ga4/server.pem" --upstream "$PIPELINE_AWS_ENDPOINT" \
    --log "$state/front.log" >"$state/front.port" 2>>"$state/front.log" &
front_pid=$!
for _ in $(seq 100); do [ -s "$state/front.port" ] && break; sleep 0.1; done
aws_https="https://127.0.0.1:$(cat "$state/front.port")"
cp "$GA4_TEST_CA_BUNDLE" "$root/etc/pipeline-test-ca.pem"
touch "$state/front.log"

# Starts the bootstrap inside the root; the emulator outside execs this for each start.
cat >"$state/launch" <<LAUNCH
#!/bin/sh
exec unshare --mount --propagation private /bin/sh -c 'mount -t proc proc "\$0/proc" && exec chroot "\$0" /var/task/bootstrap' "$root"
LAUNCH
chmod +x "$state/launch"

# glibc 2.26: the binaries pass the loader's checks, and a binary that calls expf@GLIBC_2.27 does not.
"$python" scripts/old-glibc/check_glibc_2_26.py "$@"
printf '#include <math.h>\nint main(int argc, char **argv) { (void)argv; return (int)expf((float)argc); }\n' >"$state/expf.c"
cc -o "$state/expf" "$state/expf.c" -lm
if "$python" scripts/old-glibc/check_glibc_2_26.py "$state/expf" >"$state/expf.verdict"; then
    echo "FAIL the glibc 2.26 check accepted a binary that needs expf@GLIBC_2.27"; exit 1
fi
grep -q 'expf@GLIBC_2.27' "$state/expf.verdict" || { echo "FAIL the glibc 2.26 check did not name expf@GLIBC_2.27:"; cat "$state/expf.verdict"; exit 1; }

glibc="$(chroot "$root" /usr/bin/ldd --version | awk 'NR == 1 { print $NF }')"  # awk reads it all: head would SIGPIPE ldd under pipefail
curl_version="libcurl $(chroot "$root" dpkg-query -W -f '${Version}' libcurl4)"
free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# scenario <Function>: writes $state/event.json and $state/env (NAME=value lines) for one invocation.
scenario() {
    local aws=(AWS_ENDPOINT_URL="$aws_https" AWS_ACCESS_KEY_ID="$PIPELINE_AWS_ACCESS_KEY_ID"
               AWS_SECRET_ACCESS_KEY="$PIPELINE_AWS_SECRET_ACCESS_KEY" AWS_SESSION_TOKEN="$PIPELINE_AWS_SESSION_TOKEN"
               AWS_REGION=us-east-1 SSL_CERT_FILE=/etc/pipeline-test-ca.pem)
    case "$1" in
        Echo)
            cp events/echo.json "$state/event.json"; : >"$state/env" ;;
        KinesisTransform)
            "$python" scripts/clickstream/demo.py setup --dir "$state/clickstream" >/dev/null
            cp "$state/clickstream/kinesis-event.json" "$state/event.json"
            { cat "$state/clickstream/kinesis-transform.env"; printf '%q\n' "${aws[@]}"; } >"$state/env" ;;
        AthenaPartitions)
            "$python" scripts/clickstream/demo.py s3-event --dir "$state/clickstream" >/dev/null
            cp "$state/clickstream/s3-event.json" "$state/event.json"
            { cat "$state/clickstream/athena-partitions.env"; printf '%q\n' "${aws[@]}"; } >"$state/env" ;;
        GA4Ingest)
            "$python" scripts/ga4ingest/demo_setup.py --moto-endpoint "$PIPELINE_MOTO_ENDPOINT" \
                --ga4-base-url "$GA4_TEST_BASE_URL" --ga4-ca "$GA4_TEST_CA_BUNDLE" \
                --service-account-file "$GA4_TEST_SERVICE_ACCOUNT_FILE" >"$state/env"
            cp events/ga4-scheduled.json "$state/event.json"
            printf '%q\n' "${aws[@]}" TZDIR=/var/task/zoneinfo >>"$state/env" ;;
        S3Validation|AppFlowRegistration|MySQLUpsert)
            local name; name="$(echo "$1" | tr '[:upper:]' '[:lower:]' | sed 's/registration$//')"
            "$python" scripts/old-glibc/scenarios.py "$name" --dir "$state/$1"
            cp "$state/$1/event.json" "$state/event.json"
            { cat "$state/$1/env"; printf '%q\n' "${aws[@]}"; } >"$state/env" ;;
        *)
            # No scenario yet: the bootstrap must still start in the old root and answer an empty event.
            echo '{}' >"$state/event.json"; printf '%q\n' "${aws[@]}" >"$state/env" ;;
    esac
}

passed=0
failed=0
for bootstrap in "$@"; do
    function="$(basename "$(dirname "$bootstrap")")"
    rm -rf "$root/var/task"
    mkdir -p "$root/var/task"
    cp -a "$(dirname "$bootstrap")"/. "$root/var/task/"
    rm -f "$root/var/task/bootstrap.zip"
    scenario "$function"
    signed_before="$(curl -sS "$PIPELINE_AWS_ENDPOINT/__proxy/stats" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["checked"])')"
    connections_before="$(grep -c '^connection' "$state/front.log" || true)"
    invoke_port="$(free_port)"; api_port="$(free_port)"
    (
        set -a; source "$state/env"; set +a
        export AWS_LAMBDA_FUNCTION_TIMEOUT=120 AWS_LAMBDA_FUNCTION_NAME="$function"
        exec "$rie" --log-level error --runtime-interface-emulator-address "127.0.0.1:$invoke_port" \
            --runtime-api-address "127.0.0.1:$api_port" "$state/launch"
    ) >"$state/$function.log" 2>&1 &
    rie_pid=$!
    for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$invoke_port") 2>/dev/null && break; sleep 0.05; done
    status="$(curl -sS -o "$state/response.json" -w '%{http_code}' -X POST --data-binary "@$state/event.json" \
        "http://127.0.0.1:$invoke_port/2015-03-31/functions/function/invocations" || true)"
    kill "$rie_pid" 2>/dev/null || true
    wait "$rie_pid" 2>/dev/null || true
    signed_after="$(curl -sS "$PIPELINE_AWS_ENDPOINT/__proxy/stats" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["checked"])')"
    connections_after="$(grep -c '^connection' "$state/front.log" || true)"
    problems=()
    [ "$status" = 200 ] || problems+=("the emulator answered HTTP $status")
    # A crash or a failed start shows in the emulator's log, whatever the response said.
    if grep -qE 'Runtime exited|signal:|Init failed' "$state/$function.log"; then
        problems+=("$(grep -m1 -E 'Runtime exited|signal:|Init failed' "$state/$function.log")")
    fi
    if [ "$status" = 200 ] && ! detail="$("$python" scripts/old-glibc/check_results.py "$function" "$state/response.json" 2>&1)"; then
        problems+=("$detail")
    fi
    # A bundled ISA-L (lib/ beside the bootstrap) must load in the old root too; the function logs which inflate it uses.
    if [ -d "$(dirname "$bootstrap")/lib" ] && ! grep -q 'gzip inflate: ISA-L' "$state/$function.log"; then
        problems+=("did not load the bundled ISA-L: $(grep -m1 -o 'gzip inflate[^"]*' "$state/$function.log" || echo 'no inflate line logged')")
    fi
    calls=$((signed_after - signed_before))
    tls=$((connections_after - connections_before))
    case "$function" in
        Echo) ;;
        *) [ "$calls" -gt 0 ] && [ "$tls" -gt 0 ] || problems+=("made $calls signed AWS calls over $tls TLS connections") ;;
    esac
    if [ ${#problems[@]} -eq 0 ]; then
        echo "ok   $function on glibc $glibc ($curl_version): $detail; $calls signed AWS calls over $tls HTTPS connections"
        passed=$((passed + 1))
    else
        for p in "${problems[@]}"; do echo "FAIL $function on glibc $glibc: $p"; done
        sed -n '1,40p' "$state/$function.log" | sed 's/^/     /'
        failed=$((failed + 1))
    fi
done
echo "bootstraps run on Debian 11 (glibc $glibc): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
