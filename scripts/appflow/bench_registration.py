#!/usr/bin/env python3
"""AppFlowRegistration benchmark: a cold start plus one registration (two objects, on demand) through AWS's
Runtime Interface Emulator, for the Swift bootstrap and for the Python handler a user would write with boto3
(scripts/appflow/python_lambda), against the same local services: Secrets Manager and SNS in moto behind the
signature-checking proxy, AppFlow and Redshift Data in the model-validating responder. Each round starts a fresh
emulator and registers new flow names, so every round creates two tables and two flows and starts two runs."""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "clickstream"))
from bench_kinesis_transform import (  # noqa: E402
    children, cpu_seconds, free_port, function_credentials, moto_direct, peak_rss_mib, start_moto)

METRIC_TYPES = {  # the GA4 metric types the benchmark event uses, for the Python handler's type map
    "sessions": "TYPE_INTEGER", "totalUsers": "TYPE_INTEGER", "screenPageViews": "TYPE_INTEGER",
    "engagementRate": "TYPE_FLOAT", "purchaseRevenue": "TYPE_CURRENCY",
}


def detail(base, secret):
    return {
        "flowName": base, "settingsSecretId": secret,
        "ga4": {"propertyId": "345678901", "connectorProfileName": "ga4-analytics"},
        "redshift": {"connectorProfileName": "redshift-analytics", "workgroupName": "analytics", "database": "dev",
                     "schema": "ga4"},
        "objects": [
            {"entity": "accounts/1/properties/345678901/coreReport", "table": "sessions_daily",
             "dimensions": ["date", "country", "deviceCategory"],
             "metrics": ["sessions", "totalUsers", "engagementRate", "purchaseRevenue"]},
            {"entity": "accounts/1/properties/345678901/coreReport", "table": "pages_daily",
             "dimensions": ["date", "pagePath"], "metrics": ["screenPageViews"]},
        ],
        "errorBucket": "analytics-appflow-errors",
    }


def one_round(name, bootstrap, environment, event, rie):
    """Emulator start to the registration's answer: the function's init (cold start) and its one invocation."""
    port, api = free_port(), free_port()
    env = dict(os.environ, **environment, AWS_LAMBDA_FUNCTION_TIMEOUT="300", AWS_LAMBDA_FUNCTION_MEMORY_SIZE="256")
    log = tempfile.NamedTemporaryFile(prefix=f"bench-appflow-{name}-", suffix=".log", delete=False)
    start = time.perf_counter()
    process = subprocess.Popen([rie, "--log-level", "error", "--runtime-interface-emulator-address", f"127.0.0.1:{port}",
                                "--runtime-api-address", f"127.0.0.1:{api}", bootstrap],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/2015-03-31/functions/function/invocations"
        request = urllib.request.Request(url, data=event, headers={"Content-Type": "application/json"})
        while True:
            try:
                with urllib.request.urlopen(request, timeout=300) as response:
                    answer = json.loads(response.read())
                break
            except (ConnectionError, urllib.error.URLError):
                if time.perf_counter() - start > 30:
                    raise
                time.sleep(0.005)
        elapsed = time.perf_counter() - start
        if answer.get("status") != "registered" or [f["action"] for f in answer["flows"]] != ["created", "created"]:
            raise SystemExit(f"{name} failed: {json.dumps(answer)[:2000]}\nlog: {log.name}")
        pid = next(iter(children(process.pid)), None)
        return {"wall": elapsed, "cpu": cpu_seconds(pid) if pid else float("nan"), "peak": peak_rss_mib(pid) if pid else float("nan")}
    finally:
        process.terminate()
        process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--swift", required=True, help="the packaged AppFlowRegistration bootstrap")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rie = subprocess.run([os.path.join(ROOT, "scripts/rie-path.sh")], check=True, capture_output=True, text=True).stdout.strip()
    metric_types = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(METRIC_TYPES, metric_types)
    metric_types.close()
    figures = {"swift": [], "python": []}
    with tempfile.TemporaryDirectory() as state:
        services = start_moto(state)
        try:
            credentials, direct = function_credentials(services), moto_direct(services)
            secret = "appflow-registration/bench"
            boto3.client("secretsmanager", **direct).create_secret(
                Name=secret, SecretString=json.dumps({"intermediateBucket": "analytics-appflow-staging"}))
            topic = boto3.client("sns", **direct).create_topic(Name="bench-registrations")["TopicArn"]
            for round_index in range(args.rounds):
                for name, bootstrap, extra in [
                    ("swift", os.path.abspath(args.swift), {}),
                    ("python", os.path.join(HERE, "python_lambda", "bootstrap"),
                     {"PYTHON": sys.executable, "REGISTER_DATA_FLOW_SCHEMA": os.path.join(ROOT, "schemas/register-data-flow.schema.json"),
                      "GA4_METRIC_TYPES": metric_types.name}),
                ]:
                    base = f"ga4-bench-{name}-{os.getpid()}-{round_index}"
                    event = json.dumps({"version": "0", "id": f"bench-{base}", "detail-type": "RegisterDataFlow",
                                        "source": "analytics.pipeline", "account": "123456789012",
                                        "time": "2024-01-15T09:30:00Z", "region": "us-east-1", "resources": [],
                                        "detail": detail(base, secret)}).encode()
                    environment = dict(credentials, NOTIFICATION_TOPIC_ARN=topic, REDSHIFT_POLL_MILLISECONDS="50", **extra)
                    figures[name].append(one_round(name, bootstrap, environment, event, rie))
        finally:
            subprocess.run(["bash", os.path.join(ROOT, "scripts/services/moto.sh"), "stop", state], check=False)
            os.unlink(metric_types.name)

    def median(name, key):
        return statistics.median(r[key] for r in figures[name])

    swift = {k: median("swift", k) for k in ("wall", "cpu", "peak")}
    python = {k: median("python", k) for k in ("wall", "cpu", "peak")}
    print(f"| cold start + one registration (2 tables, 2 flows, 2 runs), median of {args.rounds} | Swift AppFlowRegistration | Python + boto3 | Python ÷ Swift |")
    print("|---|---:|---:|---:|")
    print(f"| wall time, emulator start to answer | {swift['wall'] * 1000:.0f} ms | {python['wall'] * 1000:.0f} ms | {python['wall'] / swift['wall']:.1f}× |")
    print(f"| CPU time of the function process | {swift['cpu'] * 1000:.0f} ms | {python['cpu'] * 1000:.0f} ms | {python['cpu'] / swift['cpu']:.1f}× |")
    print(f"| peak resident memory of the function process | {swift['peak']:.0f} MiB | {python['peak']:.0f} MiB | {python['peak'] / swift['peak']:.1f}× |")
    print(f"\nRun on {datetime.date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
