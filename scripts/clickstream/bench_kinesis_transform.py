"""Benchmark: one Kinesis batch through KinesisTransform (the Swift bootstrap) and through the same work in a
Python Lambda (json, pyarrow, boto3; scripts/clickstream/python_lambda), each under AWS's Runtime Interface
Emulator, writing to the same local moto behind the same signature-checking proxy.

For each: the first invocation (cold: process start, init and the batch), the median of the warm invocations,
and the peak resident memory of the function process (VmHWM). Prints a table with the ratios and, with
--results, writes it as Markdown. Everything listens on 127.0.0.1.

    bench_kinesis_transform.py --swift dist/KinesisTransform/bootstrap --records 10000 --warm 5
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import synthetic_events  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto(state):
    output = subprocess.run(["bash", os.path.join(ROOT, "scripts/services/moto.sh"), "start", state],
                            check=True, capture_output=True, text=True).stdout
    env = {}
    for line in output.splitlines():
        name, value = line[len("export "):].split("=", 1)
        env[name] = shlex.split(value)[0] if value else ""
    return env


def function_credentials(services):
    """The environment a function under the emulator needs to reach the signature-checking proxy."""
    return {"AWS_ACCESS_KEY_ID": services["PIPELINE_AWS_ACCESS_KEY_ID"],
            "AWS_SECRET_ACCESS_KEY": services["PIPELINE_AWS_SECRET_ACCESS_KEY"],
            "AWS_SESSION_TOKEN": services["PIPELINE_AWS_SESSION_TOKEN"], "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": services["PIPELINE_AWS_ENDPOINT"]}


def moto_direct(services):
    """boto3 client arguments for setup calls straight to moto."""
    return dict(endpoint_url=services["PIPELINE_MOTO_ENDPOINT"], region_name="us-east-1",
                aws_access_key_id="testing", aws_secret_access_key="testing")


def children(pid):
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as handle:
            found += [int(c) for c in handle.read().split()]
    return found


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid):
    """User + system CPU time of a process so far (all its threads)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(name, bootstrap, environment, event, warm, rie):
    port, api = free_port(), free_port()
    env = dict(os.environ, **environment, AWS_LAMBDA_FUNCTION_TIMEOUT="300", AWS_LAMBDA_FUNCTION_MEMORY_SIZE="1024")
    log = tempfile.NamedTemporaryFile(prefix=f"bench-{name}-", suffix=".log", delete=False)
    process = subprocess.Popen([rie, "--log-level", "error", "--runtime-interface-emulator-address", f"127.0.0.1:{port}",
                                "--runtime-api-address", f"127.0.0.1:{api}", bootstrap],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/2015-03-31/functions/function/invocations"
        times, answer, function_pid, cpu_after_cold = [], None, None, 0.0
        for _ in range(1 + warm):
            request = urllib.request.Request(url, data=event, headers={"Content-Type": "application/json"})
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=600) as response:
                answer = json.loads(response.read())
            times.append(time.perf_counter() - start)
            if "batchItemFailures" not in answer:
                raise SystemExit(f"{name} failed: {json.dumps(answer)[:2000]}\nlog: {log.name}")
            if function_pid is None:
                function_pid = next(iter(children(process.pid)), None)
                cpu_after_cold = cpu_seconds(function_pid) if function_pid else float("nan")
        peak = peak_rss_mib(function_pid) if function_pid else float("nan")
        warm_cpu = (cpu_seconds(function_pid) - cpu_after_cold) / warm if function_pid and warm else float("nan")
        return {"cold": times[0], "warm": statistics.median(times[1:]) if warm else float("nan"), "peak": peak,
                "warm_cpu": warm_cpu, "failures": answer["batchItemFailures"]}
    finally:
        process.terminate()
        process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--swift", required=True, help="the packaged KinesisTransform bootstrap")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--bad-share", type=float, default=0.01)
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument("--kpl", type=int, default=0, metavar="N",
                        help="aggregate the events N to a Kinesis record, as the Kinesis Producer Library does")
    parser.add_argument("--results", help="write the figures as Markdown here")
    args = parser.parse_args()
    rie = subprocess.run([os.path.join(ROOT, "scripts/rie-path.sh")], check=True, capture_output=True, text=True).stdout.strip()
    # Compact events: 10,000 records must fit Lambda's 6 MB invocation payload (the emulator enforces it too).
    event = json.dumps(synthetic_events.lambda_event(args.records, bad_share=args.bad_share, compact=True,
                                                     per_aggregate=args.kpl),
                       separators=(",", ":")).encode()
    if len(event) > 6 * 1024 * 1024:
        raise SystemExit(f"the event is {len(event)} bytes, over Lambda's 6 MB invocation payload")

    with tempfile.TemporaryDirectory() as state:
        services = start_moto(state)
        try:
            credentials, direct = function_credentials(services), moto_direct(services)
            s3, sns = boto3.client("s3", **direct), boto3.client("sns", **direct)
            figures = {}
            for name, bootstrap, extra in [
                ("swift", os.path.abspath(args.swift), {}),
                ("python", os.path.join(HERE, "python_lambda", "bootstrap"), {"PYTHON": sys.executable}),
                ("floor", os.path.join(HERE, "null_runtime"), {"PYTHON": sys.executable}),
            ]:
                bucket = f"bench-{name}-{os.getpid()}"
                s3.create_bucket(Bucket=bucket)
                topic = sns.create_topic(Name=f"bench-{name}")["TopicArn"]
                environment = dict(credentials, S3_BUCKET=bucket, SNS_TOPIC_ARN=topic, **extra)
                figures[name] = run(name, bootstrap, environment, event, args.warm, rie)
                keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
                figures[name]["objects"] = len(keys)
        finally:
            subprocess.run(["bash", os.path.join(ROOT, "scripts/services/moto.sh"), "stop", state], check=False)

    swift, python, floor = figures["swift"], figures["python"], figures["floor"]
    above = {name: figures[name]["warm"] - floor["warm"] for name in ("swift", "python")}
    lines = [
        f"| {args.records:,}-{'user-record batch in KPL aggregates of ' + str(args.kpl) if args.kpl else 'record batch'} ({len(event) / 1e6:.1f} MB event, {args.bad_share:.0%} bad) | Swift KinesisTransform | Python Lambda (json, pyarrow, boto3) | Python ÷ Swift |",
        "|---|---:|---:|---:|",
        f"| first invocation (cold: start, init, batch) | {swift['cold'] * 1000:.0f} ms | {python['cold'] * 1000:.0f} ms | {python['cold'] / swift['cold']:.1f}× |",
        f"| warm invocation, median of {args.warm} | {swift['warm'] * 1000:.0f} ms | {python['warm'] * 1000:.0f} ms | {python['warm'] / swift['warm']:.1f}× |",
        f"| CPU time of the function process per warm invocation | {swift['warm_cpu'] * 1000:.0f} ms | {python['warm_cpu'] * 1000:.0f} ms | {python['warm_cpu'] / swift['warm_cpu']:.1f}× |",
        f"| warm invocation above the emulator's floor ({floor['warm'] * 1000:.0f} ms for this event with a runtime that does nothing) | {above['swift'] * 1000:.0f} ms | {above['python'] * 1000:.0f} ms | {above['python'] / above['swift']:.1f}× |",
        f"| the emulator's floor for the first invocation (same runtime, started by the emulator) | {floor['cold'] * 1000:.0f} ms | {floor['cold'] * 1000:.0f} ms | |",
        f"| peak resident memory of the function process | {swift['peak']:.0f} MiB | {python['peak']:.0f} MiB | {python['peak'] / swift['peak']:.1f}× |",
        f"| objects written | {swift['objects']} | {python['objects']} | |",
    ]
    table = "\n".join(lines)
    print(table)
    if args.results:
        os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
        with open(args.results, "w") as out:
            out.write("# KinesisTransform benchmark\n\n")
            out.write("Produced by `make bench-clickstream` (scripts/clickstream/bench_kinesis_transform.py): one Kinesis batch of\n"
                      "synthetic web events through each function under AWS's Runtime Interface Emulator, writing to moto behind\n"
                      "the signature-checking proxy on the same machine. Wall time is measured at the invoking client; CPU time\n"
                      "and memory (VmHWM) are the function process's own. Both write the same objects (one Snappy Parquet file\n"
                      "per hour, failed/ JSON lines, an SNS summary). The floor is the same event through a runtime that does\n"
                      "no work (scripts/clickstream/null_runtime.py). How to read the figures: bench/clickstream/README.md.\n\n")
            out.write(table + "\n\n")
            out.write(f"Run on {datetime.date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, "
                      f"Python {platform.python_version()}.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
