#!/usr/bin/env python3
"""Runtime benchmarks: cold start and invocation overhead of a Swift bootstrap beside the same handler in
Python on awslambdaric.

Cold start: time from exec of the bootstrap to its first GET /next on a minimal Runtime API served here
(median of N runs). Invocation overhead: N back-to-back invocations through AWS's Runtime Interface
Emulator, and the same loop against the minimal Runtime API alone, which shows how much of each
invocation is the emulator's and how much the runtime's. Everything listens on 127.0.0.1.
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY_BOOTSTRAP = os.path.join(ROOT, "scripts", "bench", "python_echo", "bootstrap")
EVENT = json.dumps({"message": "benchmark"}).encode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RuntimeAPI:
    """The smallest Runtime API: hands out `remaining` events, records when the first /next arrived,
    counts responses, and answers 500 to /next when the events run out (the runtime then exits)."""

    def __init__(self, events):
        self.remaining = events
        self.first_next = None
        self.first_next_event = threading.Event()
        self.responses = 0
        self.done = threading.Event()
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # one kept-alive connection: no 40 ms delayed-ACK stalls

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path.endswith("/invocation/next"):
                    with api.lock:
                        if api.first_next is None:
                            api.first_next = time.perf_counter()
                            api.first_next_event.set()
                        give = api.remaining > 0
                        api.remaining -= 1
                    if not give:
                        self._reply(500, b'{"errorType":"Runtime.ExitError"}')
                        return
                    self._reply(200, EVENT, {
                        "Lambda-Runtime-Aws-Request-Id": "bench-%d" % api.remaining,
                        "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 60000),
                        "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:000000000000:function:bench",
                        "Lambda-Runtime-Trace-Id": "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=0",
                    })
                else:
                    self._reply(404, b"")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self._reply(202, b'{"status":"OK"}')
                with api.lock:
                    api.responses += 1
                    if api.remaining <= 0 and api.responses >= api.total:
                        api.done.set()

            def setup(self):
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _reply(self, status, body, headers=None):
                # One write per response: split writes meet delayed ACKs and cost 40 ms each.
                head = "HTTP/1.1 %d X\r\n" % status
                for k, v in (headers or {}).items():
                    head += "%s: %s\r\n" % (k, v)
                head += "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
                self.wfile.write(head.encode() + body)
                self.wfile.flush()

        self.total = events
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def environment(port):
    env = dict(os.environ)
    env.update({
        "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:%d" % port,
        "AWS_LAMBDA_FUNCTION_NAME": "bench", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "AWS_REGION": "us-east-1",
        "AWS_LAMBDA_LOG_LEVEL": "WARN", "PYTHON": sys.executable,
    })
    return env


def cold_start(bootstrap, runs):
    """Milliseconds from exec to the first GET /next, one fresh process per run. The Runtime API here is a
    bare listening socket, so the harness adds nothing but the accept: when the request line arrives, the
    clock stops, and a 500 answer makes the runtime exit."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen([bootstrap], env=environment(port), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        listener.settimeout(30)
        connection, _ = listener.accept()
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = connection.recv(4096)
            if not chunk:
                break
            request += chunk
        samples.append((time.perf_counter() - start) * 1000)
        if b"/invocation/next" not in request:
            raise SystemExit("%s sent %r before /next" % (bootstrap, request[:80]))
        connection.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        connection.close()
        process.wait(30)
    listener.close()
    return samples


def loop_rate(bootstrap, invocations):
    """Invocations per second of the runtime loop alone, against the minimal Runtime API."""
    api = RuntimeAPI(events=invocations)
    process = subprocess.Popen([bootstrap], env=environment(api.port), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    api.first_next_event.wait(30)
    start = time.perf_counter()
    if not api.done.wait(600):
        process.kill()
        raise SystemExit("%s did not finish %d invocations" % (bootstrap, invocations))
    elapsed = time.perf_counter() - start
    process.wait(30)
    api.close()
    return invocations / elapsed


def emulator_rate(rie, bootstrap, invocations):
    """Invocations per second through the Runtime Interface Emulator, one client, back to back."""
    invoke_port, api_port = free_port(), free_port()
    env = environment(0)
    del env["AWS_LAMBDA_RUNTIME_API"]
    process = subprocess.Popen(
        [rie, "--log-level", "error", "--runtime-interface-emulator-address", "127.0.0.1:%d" % invoke_port,
         "--runtime-api-address", "127.0.0.1:%d" % api_port, bootstrap],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", invoke_port), 0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        connection = http.client.HTTPConnection("127.0.0.1", invoke_port)
        path = "/2015-03-31/functions/function/invocations"

        def invoke():
            connection.request("POST", path, body=EVENT, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            body = response.read()
            if response.status != 200 or b"errorType" in body:
                raise SystemExit("invocation failed: %d %s" % (response.status, body[:200]))

        for _ in range(50):  # warm: the first invoke runs init
            invoke()
        start = time.perf_counter()
        for _ in range(invocations):
            invoke()
        return invocations / (time.perf_counter() - start)
    finally:
        process.terminate()
        process.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--cold-runs", type=int, default=20)
    parser.add_argument("--invocations", type=int, default=10000)
    args = parser.parse_args()
    rie = subprocess.check_output([os.path.join(ROOT, "scripts", "rie-path.sh")], text=True).strip()
    swift, python = os.path.abspath(args.bootstrap), PY_BOOTSTRAP

    cold = {name: cold_start(path, args.cold_runs) for name, path in (("swift", swift), ("python", python))}
    loop = {name: loop_rate(path, args.invocations) for name, path in (("swift", swift), ("python", python))}
    rie_rates = {name: emulator_rate(rie, path, args.invocations) for name, path in (("swift", swift), ("python", python))}

    zip_path = os.path.join(os.path.dirname(swift), "bootstrap.zip")
    load = os.getloadavg()[0]
    print("\n## Runtime benchmarks (%d cold starts, %d invocations; load average %.1f on %d cores)" % (
        args.cold_runs, args.invocations, load, os.cpu_count()))
    print("| measure | Swift bootstrap | Python awslambdaric | ratio |")
    print("|---|---|---|---|")
    cs, cp = statistics.median(cold["swift"]), statistics.median(cold["python"])
    print("| cold start, exec to first /next, median ms | %.2f | %.2f | %.1fx faster |" % (cs, cp, cp / cs))
    print("| cold start, fastest run ms | %.2f | %.2f | %.1fx faster |" % (
        min(cold["swift"]), min(cold["python"]), min(cold["python"]) / min(cold["swift"])))
    print("| cold start, p90 ms | %.2f | %.2f | |" % (
        statistics.quantiles(cold["swift"], n=10)[-1], statistics.quantiles(cold["python"], n=10)[-1]))
    ls, lp = loop["swift"], loop["python"]
    print("| runtime loop alone, invocations/s | %.0f | %.0f | %.2fx |" % (ls, lp, ls / lp))
    rs, rp = rie_rates["swift"], rie_rates["python"]
    print("| through the emulator, invocations/s | %.0f | %.0f | %.2fx |" % (rs, rp, rs / rp))
    print("| per invocation through the emulator, us | %.0f | %.0f | |" % (1e6 / rs, 1e6 / rp))
    print("| of which the runtime loop, us | %.0f | %.0f | |" % (1e6 / ls, 1e6 / lp))
    if os.path.exists(zip_path):
        print("| bootstrap.zip bytes | %d | (zip of handler only; needs the managed runtime) | |" % os.path.getsize(zip_path))


if __name__ == "__main__":
    main()
