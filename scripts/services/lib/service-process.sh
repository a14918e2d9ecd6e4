# Shared by the service scripts in scripts/services/ (sourced, not run): a free loopback port, waiting for a
# started server to answer, and stopping one by its recorded process id. Callers set `python` first.

free_port() {
    "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_until NAME PID_FILE LOG SECONDS PROBE...: runs PROBE every 0.2 s until it succeeds. Exits the calling
# script with the log's tail when the process dies first or SECONDS pass (then the process is killed), so a
# server that cannot start is reported with its own words instead of as a test's connection error.
wait_until() {
    local name="$1" pid_file="$2" log="$3" seconds="$4"
    shift 4
    local tries=$((seconds * 5))
    for _ in $(seq 1 "$tries"); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
            echo "$name exited during start-up:" >&2
            tail -n 40 "$log" >&2
            exit 1
        fi
        sleep 0.2
    done
    echo "$name did not answer within $seconds s" >&2
    tail -n 40 "$log" >&2
    kill "$(cat "$pid_file")" 2>/dev/null || true
    exit 1
}

# http_answers URL: true once a GET of URL succeeds.
http_answers() {
    "$python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" "$1"
}

# port_accepts PORT: true once 127.0.0.1:PORT accepts a TCP connection.
port_accepts() {
    "$python" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$1"
}

# stop_recorded PID_FILE: stops the process named in PID_FILE, if any, waiting up to 10 s for it to exit.
stop_recorded() {
    local pid_file="$1"
    [ -f "$pid_file" ] || return 0
    local pid
    pid="$(cat "$pid_file")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pid_file"
}
