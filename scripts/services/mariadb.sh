#!/usr/bin/env bash
# Debian's MariaDB as a throw-away server for the MySQL module's tests: its own data directory under the
# state directory, 127.0.0.1 on a free port, TLS with a CA and a server certificate made at start.
#
#   scripts/services/mariadb.sh start <state-dir>   prints the export lines the tests read
#   scripts/services/mariadb.sh stop <state-dir>
#
# Accounts (database `pipeline`):
#   app      mysql_native_password (and PROCESS, so tests can watch InnoDB lock waits)
#   iamuser  PAM with pam_use_cleartext_plugin: the server switches the client to mysql_clear_password, the way
#            RDS takes an IAM token; REQUIRE SSL. Needs root (a file in /etc/pam.d); skipped otherwise.
# The server runs with --max-allowed-packet=64M (statements over 16 MiB) and a strict sql_mode like RDS.
#
# For the LOAD DATA LOCAL tests (the staged upsert) two more processes:
#   a second, small MariaDB with --local-infile=0 (the `app` account too), as RDS MySQL 8.0 is by default;
#   scripts/mysql/infile_rename_proxy.py in front of the first server (no TLS), which renames the file the server
#   asks for and logs what the client sent back, and on a second port cuts the connection at that request.
set -euo pipefail
cd "$(dirname "$0")/../.."
action="${1:?start or stop}"
state="${2:?state directory}"
python=".venv/bin/python"
[ -x "$python" ] || python="$(command -v python3)"
. scripts/services/lib/service-process.sh
pam_service() { echo "pipeline-mysql-$(printf '%s' "$(cd "$state" && pwd)" | sha256sum | cut -c1-12)"; }

case "$action" in
start)
    command -v mariadbd >/dev/null || { echo "mariadbd not found: apt-get install mariadb-server mariadb-client" >&2; exit 1; }
    mkdir -p "$state"
    state="$(cd "$state" && pwd)"
    mkdir -p "$state"/{data,run,tmp,certs}
    sock="$state/run/mysqld.sock"
    port="$(free_port)"
    scripts/mysql/make-test-certs.sh "$state/certs"
    mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$state/data" \
        --auth-root-authentication-method=normal --skip-test-db >"$state/install.log" 2>&1
    pam_args=()
    if [ "$(id -u)" = 0 ]; then
        pam_args=(--plugin-load-add=auth_pam --pam-use-cleartext-plugin=ON)
    fi
    mariadbd --no-defaults --user="$(id -un)" --datadir="$state/data" --tmpdir="$state/tmp" \
        --socket="$sock" --pid-file="$state/run/mysqld.pid" --port="$port" --bind-address=127.0.0.1 \
        --skip-name-resolve --log-error="$state/error.log" --max-allowed-packet=64M --local-infile=1 \
        --innodb-lock-wait-timeout=2 \
        --sql-mode=STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --ssl-ca="$state/certs/ca.pem" --ssl-cert="$state/certs/server-cert.pem" --ssl-key="$state/certs/server-key.pem" \
        "${pam_args[@]}" >"$state/stdout.log" 2>&1 &
    echo $! >"$state/server.pid"
    wait_until mariadbd "$state/server.pid" "$state/error.log" 30 \
        mariadb-admin --no-defaults --socket="$sock" -uroot ping
    password="app-Pa55'\"\\word"
    sql_password="${password//\\/\\\\}"; sql_password="${sql_password//\'/\\\'}"
    create_app="
        CREATE DATABASE pipeline CHARACTER SET utf8mb4;
        CREATE USER 'app'@'%' IDENTIFIED BY '$sql_password';
        GRANT ALL ON pipeline.* TO 'app'@'%';
        GRANT PROCESS ON *.* TO 'app'@'%';"
    mariadb --no-defaults --socket="$sock" -uroot -e "$create_app"

    nolocal="$state/no-local-infile"
    mkdir -p "$nolocal"/{data,run,tmp}
    nolocal_port="$(free_port)"
    mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$nolocal/data" \
        --auth-root-authentication-method=normal --skip-test-db >"$nolocal/install.log" 2>&1
    mariadbd --no-defaults --user="$(id -un)" --datadir="$nolocal/data" --tmpdir="$nolocal/tmp" \
        --socket="$nolocal/run/mysqld.sock" --pid-file="$nolocal/run/mysqld.pid" --port="$nolocal_port" \
        --bind-address=127.0.0.1 --skip-name-resolve --log-error="$nolocal/error.log" --local-infile=0 \
        --innodb-buffer-pool-size=16M --performance-schema=OFF \
        --sql-mode=STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --ssl-ca="$state/certs/ca.pem" --ssl-cert="$state/certs/server-cert.pem" --ssl-key="$state/certs/server-key.pem" \
        >"$nolocal/stdout.log" 2>&1 &
    echo $! >"$state/no-local-infile.pid"
    wait_until mariadbd "$state/no-local-infile.pid" "$nolocal/error.log" 30 \
        mariadb-admin --no-defaults --socket="$nolocal/run/mysqld.sock" -uroot ping
    mariadb --no-defaults --socket="$nolocal/run/mysqld.sock" -uroot -e "$create_app"

    proxy_port="$(free_port)"
    drop_port="$(free_port)"
    "$python" scripts/mysql/infile_rename_proxy.py --port "$proxy_port" --drop-port "$drop_port" --server-port "$port" \
        --log "$state/infile-rename-proxy.jsonl" >"$state/infile-rename-proxy.log" 2>&1 &
    echo $! >"$state/infile-rename-proxy.pid"
    wait_until infile-rename-proxy "$state/infile-rename-proxy.pid" "$state/infile-rename-proxy.log" 30 port_accepts "$proxy_port"
    echo "export PIPELINE_MYSQL_HOST=127.0.0.1"
    echo "export PIPELINE_MYSQL_PORT=$port"
    echo "export PIPELINE_MYSQL_CA=$state/certs/ca.pem"
    echo "export PIPELINE_MYSQL_OTHER_CA=$state/certs/other-ca.pem"
    echo "export PIPELINE_MYSQL_DATABASE=pipeline"
    echo "export PIPELINE_MYSQL_USER=app"
    printf 'export PIPELINE_MYSQL_PASSWORD=%q\n' "$password"
    echo "export PIPELINE_MYSQL_SOCKET=$sock"
    echo "export PIPELINE_MYSQL_NO_LOCAL_INFILE_PORT=$nolocal_port"
    echo "export PIPELINE_MYSQL_RENAMING_PROXY_PORT=$proxy_port"
    echo "export PIPELINE_MYSQL_RENAMING_PROXY_LOG=$state/infile-rename-proxy.jsonl"
    echo "export PIPELINE_MYSQL_DROPPING_PROXY_PORT=$drop_port"
    if [ "$(id -u)" = 0 ]; then
        token='iam-token?Action=connect&DBUser=iamuser&X-Amz-Signature=0123abcd'
        cat >"$state/check-token.sh" <<CHECK
#!/bin/sh
# pam_exec with expose_authtok writes the password to stdin, NUL-terminated.
pw=\$(tr -d '\\000\\n')
[ "\$PAM_USER" = "iamuser" ] && [ "\$pw" = "$token" ]
CHECK
        chmod 755 "$state/check-token.sh"
        service="$(pam_service)"
        printf 'auth required pam_exec.so quiet expose_authtok %s\naccount required pam_permit.so\n' \
            "$state/check-token.sh" >"/etc/pam.d/$service"
        mariadb --no-defaults --socket="$sock" -uroot -e "
            CREATE USER 'iamuser'@'%' IDENTIFIED VIA pam USING '$service' REQUIRE SSL;
            GRANT ALL ON pipeline.* TO 'iamuser'@'%';"
        echo "export PIPELINE_MYSQL_PAM_USER=iamuser"
        printf 'export PIPELINE_MYSQL_PAM_TOKEN=%q\n' "$token"
    fi
    ;;
stop)
    stop_recorded "$state/infile-rename-proxy.pid"
    stop_recorded "$state/no-local-infile.pid"
    stop_recorded "$state/server.pid"
    if [ "$(id -u)" = 0 ] && [ -d "$state" ]; then rm -f "/etc/pam.d/$(pam_service)"; fi
    ;;
*)
    echo "usage: $0 start|stop <state-dir>" >&2
    exit 2
    ;;
esac
