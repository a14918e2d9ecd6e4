#!/usr/bin/env python3
"""S3 upload benchmark: the project's Swift S3 client (AWSBench) beside boto3, against the same moto server.

Starts moto in server mode on 127.0.0.1 (directly, without the signature-checking proxy the tests use, so
its cost is not measured), then for every round and phase runs both clients one after the other, in
alternating order:

  small  `--small-count` objects of `--small-size` bytes, single PutObjects, `--concurrency` in flight
  large  `--large-count` objects of `--large-size` bytes one after another, each multipart in
         `--part-size` parts with `--concurrency` parts in flight

Each client process times its own uploads and reports its peak RSS (VmHWM). After every run the bucket is
listed and every key, size and ETag is checked against the bytes uploaded (MD5, or MD5 of the part MD5s
for multipart), then all objects are deleted so moto, which keeps them in memory, does not grow. A last
run per client uploads one object `--flat-factor` times the large size: its peak RSS next to the large
phase's shows whether memory stays flat as objects grow.

Prints per-run lines (with the CPU time of the client and of moto), then a Markdown table with MiB/s,
peak RSS, client CPU and the throughput ratio Swift / boto3 (median of the per-round ratios). Exits non-zero
when an upload or a check fails.
"""
import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOTO3_UPLOAD = os.path.join(ROOT, "scripts", "bench", "aws_boto3_upload.py")
MIB = 1 << 20
REGION = "us-east-1"
BUCKET = "upload-bench"
# How much the Swift client's peak RSS may grow from one object size to four times that and still count as flat.
FLAT_SLACK_MIB = 8


class BenchError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """moto in server mode on a free loopback port; stopped by its process id."""

    def __init__(self, work):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(work, "moto.log"), "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=1)
                return
            except OSError:
                if self.process.poll() is not None:
                    raise BenchError(f"moto exited during start-up (status {self.process.returncode}); see {self.log.name}")
                if time.monotonic() > deadline:
                    self.stop()
                    raise BenchError("moto did not answer within 30 s")
                time.sleep(0.2)

    def resident_mib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def cpu_seconds(self):
        """User plus system CPU time moto has used so far."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def write_random_file(path, size, seed):
    generator = random.Random(seed)
    with open(path, "wb") as out:
        remaining = size
        while remaining:
            piece = min(remaining, 8 * MIB)
            out.write(generator.randbytes(piece))
            remaining -= piece


def expected_etag(path, size, threshold, part_size):
    """The ETag S3 (and moto) gives the object: MD5 of the bytes, or for multipart MD5 of the part MD5s + -N."""
    with open(path, "rb") as source:
        if size < threshold:
            return '"%s"' % hashlib.md5(source.read()).hexdigest()
        digests = []
        while True:
            part = source.read(part_size)
            if not part:
                break
            digests.append(hashlib.md5(part).digest())
    return '"%s-%d"' % (hashlib.md5(b"".join(digests)).hexdigest(), len(digests))


def at_least_one(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text}")
    return value


def parse_size(text):
    units = {"k": 1 << 10, "m": MIB, "g": 1 << 30}
    text = text.strip().lower().removesuffix("ib").removesuffix("b")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


class Bench:
    def __init__(self, args, moto, work):
        self.args = args
        self.moto = moto
        self.work = work
        self.environment = dict(
            os.environ, AWS_ENDPOINT_URL=moto.endpoint, AWS_REGION=REGION, AWS_ACCESS_KEY_ID="AKIDUPLOADBENCH",
            AWS_SECRET_ACCESS_KEY="upload-bench-secret", AWS_MAX_ATTEMPTS="3")
        self.environment.pop("AWS_SESSION_TOKEN", None)
        self.environment.pop("AWS_PROFILE", None)
        self.s3 = boto3.client(
            "s3", endpoint_url=moto.endpoint, region_name=REGION, aws_access_key_id="AKIDUPLOADBENCH",
            aws_secret_access_key="upload-bench-secret", config=Config(retries={"mode": "standard"}))
        self.s3.create_bucket(Bucket=BUCKET)

    def command(self, client, phase, path, count, prefix):
        options = [
            "--phase", phase, "--bucket", BUCKET, "--file", path, "--count", str(count), "--prefix", prefix,
            "--concurrency", str(self.args.concurrency), "--part-size", str(self.args.part_size),
            "--threshold", str(self.args.threshold)]
        if client == "swift":
            return [self.args.swift_bench] + options
        return [sys.executable, BOTO3_UPLOAD] + options

    def run(self, client, phase, path, count, label, quiet=False):
        size = os.path.getsize(path)
        prefix = f"{client}/{label}/"
        moto_cpu = self.moto.cpu_seconds()
        client_cpu = self.children_cpu_seconds()
        completed = subprocess.run(
            self.command(client, phase, path, count, prefix), env=self.environment, capture_output=True, text=True,
            timeout=600)
        moto_cpu = self.moto.cpu_seconds() - moto_cpu
        client_cpu = self.children_cpu_seconds() - client_cpu
        if completed.returncode != 0:
            raise BenchError(f"{client} {label} exited {completed.returncode}: {completed.stderr.strip()[-2000:]}")
        try:
            report = json.loads(completed.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise BenchError(f"{client} {label} printed no report: {completed.stdout[-500:]!r} {completed.stderr[-500:]!r}")
        if report["objects"] != count or report["bytes"] != size * count:
            raise BenchError(f"{client} {label} reports {report['objects']} objects / {report['bytes']} bytes, "
                             f"expected {count} / {size * count}")
        self.verify_and_empty(prefix, count, size, expected_etag(path, size, self.args.threshold, self.args.part_size),
                              f"{client} {label}")
        report["mib_per_s"] = report["bytes"] / MIB / report["seconds"]
        # moto is one Python process; CPU seconds close to the wall time mean it was the limit.
        report["moto_cpu_seconds"] = moto_cpu
        report["client_cpu_seconds"] = client_cpu
        if quiet:
            return report
        print(f"  {client:5} {label:6} {count:4} x {size / MIB:6.1f} MiB  {report['seconds']:7.2f} s  "
              f"{report['mib_per_s']:7.1f} MiB/s  peak RSS {report['peak_rss_kib'] / 1024:6.1f} MiB  "
              f"CPU client {client_cpu:5.2f} s, moto {moto_cpu:5.2f} s; moto RSS after cleanup {self.moto.resident_mib():.0f} MiB", flush=True)
        return report

    @staticmethod
    def children_cpu_seconds():
        """CPU time of the client processes run so far (moto is still running, so not counted)."""
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def verify_and_empty(self, prefix, count, size, etag, what):
        """Checks every uploaded key, size and ETag, then deletes them all."""
        found = {}
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
            for item in page.get("Contents", []):
                found[item["Key"]] = item
        wanted = {f"{prefix}{i}" for i in range(count)}
        if set(found) != wanted:
            missing = sorted(wanted - set(found))[:5]
            extra = sorted(set(found) - wanted)[:5]
            raise BenchError(f"{what}: bucket holds {len(found)} objects, expected {count}; "
                             f"missing {missing}, unexpected {extra}")
        for key, item in found.items():
            if item["Size"] != size or item["ETag"] != etag:
                raise BenchError(f"{what}: {key} has size {item['Size']} and ETag {item['ETag']}, "
                                 f"expected {size} and {etag}")
        keys = sorted(found)
        for start in range(0, len(keys), 1000):
            batch = [{"Key": key} for key in keys[start:start + 1000]]
            answer = self.s3.delete_objects(Bucket=BUCKET, Delete={"Objects": batch, "Quiet": True})
            if answer.get("Errors"):
                raise BenchError(f"{what}: deleting failed: {answer['Errors'][:3]}")
        if self.s3.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) != 0:
            raise BenchError(f"{what}: objects left after cleanup")


def summarize(results, flat, args):
    """The Markdown table and the throughput ratio per phase.

    The ratio is the median of the per-round ratios: both clients of a round run back to back, so a round's
    ratio is little affected by whatever else the machine is doing at the time, unlike medians taken apart.
    """
    def median_of(client, phase, field):
        return statistics.median(r[field] for r in results[(client, phase)])

    def peak(client, phase):
        return max(r["peak_rss_kib"] for r in results[(client, phase)]) / 1024

    lines = [
        f"Settings: part size {args.part_size // MIB} MiB, multipart threshold {args.threshold // MIB} MiB, "
        f"concurrency {args.concurrency} (objects in flight for small, parts in flight for large), "
        f"{args.rounds} rounds. MiB/s and CPU: medians; ratio: median of the per-round ratios (range); "
        "peak RSS: highest.",
        "",
        "| Phase | Swift MiB/s | boto3 MiB/s | Ratio Swift / boto3 | Swift peak RSS | boto3 peak RSS "
        "| Swift CPU s | boto3 CPU s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ratios = {}
    for phase, description in (("small", f"{args.small_count} x {args.small_size / MIB:g} MiB"),
                               ("large", f"{args.large_count} x {args.large_size / MIB:g} MiB multipart")):
        per_round = [swift["mib_per_s"] / boto["mib_per_s"]
                     for swift, boto in zip(results[("swift", phase)], results[("boto3", phase)])]
        ratios[phase] = statistics.median(per_round)
        lines.append(
            f"| {description} | {median_of('swift', phase, 'mib_per_s'):.1f} | {median_of('boto3', phase, 'mib_per_s'):.1f} "
            f"| {ratios[phase]:.2f} ({min(per_round):.2f}-{max(per_round):.2f}) "
            f"| {peak('swift', phase):.1f} MiB | {peak('boto3', phase):.1f} MiB "
            f"| {median_of('swift', phase, 'client_cpu_seconds'):.2f} | {median_of('boto3', phase, 'client_cpu_seconds'):.2f} |")
    if flat:
        size = args.large_size * args.flat_factor / MIB
        swift, boto = flat["swift"], flat["boto3"]
        lines.append(
            f"| 1 x {size:g} MiB multipart (memory check, 1 run) | {swift['mib_per_s']:.1f} | {boto['mib_per_s']:.1f} "
            f"| {swift['mib_per_s'] / boto['mib_per_s']:.2f} | {swift['peak_rss_kib'] / 1024:.1f} MiB "
            f"| {boto['peak_rss_kib'] / 1024:.1f} MiB | {swift['client_cpu_seconds']:.2f} | {boto['client_cpu_seconds']:.2f} |")
    return "\n".join(lines), ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--swift-bench", required=True, help="the release AWSBench executable")
    parser.add_argument("--small-count", type=at_least_one, default=200)
    parser.add_argument("--small-size", type=parse_size, default=MIB)
    parser.add_argument("--large-count", type=at_least_one, default=20)
    parser.add_argument("--large-size", type=parse_size, default=64 * MIB)
    parser.add_argument("--part-size", type=parse_size, default=8 * MIB)
    parser.add_argument("--threshold", type=parse_size, default=16 * MIB)
    parser.add_argument("--concurrency", type=at_least_one, default=4)
    parser.add_argument("--rounds", type=at_least_one, default=3)
    parser.add_argument("--flat-factor", type=int, default=4,
                        help="size of the memory-check object in multiples of --large-size (0: skip)")
    args = parser.parse_args()
    if not os.access(args.swift_bench, os.X_OK):
        parser.error(f"--swift-bench {args.swift_bench} is not an executable; build it with "
                     "swift build -c release --product AWSBench")
    if not args.small_size < args.threshold <= args.large_size:
        parser.error(f"need --small-size < --threshold <= --large-size, got {args.small_size}, {args.threshold}, "
                     f"{args.large_size}")

    work = tempfile.mkdtemp(prefix="aws-upload-bench.")
    moto = None
    try:
        small = os.path.join(work, "small.bin")
        large = os.path.join(work, "large.bin")
        write_random_file(small, args.small_size, 1)
        write_random_file(large, args.large_size, 2)
        moto = Moto(work)
        bench = Bench(args, moto, work)
        print(f"moto {moto.endpoint}; part size {args.part_size} B, threshold {args.threshold} B, "
              f"concurrency {args.concurrency}", flush=True)
        # moto sets up its code paths on the first requests; a short untimed warm-up keeps that out of round 1.
        print("warm-up", flush=True)
        for client in ("swift", "boto3"):
            bench.run(client, "small", small, 2 * args.concurrency, "warmup", quiet=True)
            bench.run(client, "large", large, 1, "warmup", quiet=True)
        results = {(client, phase): [] for client in ("swift", "boto3") for phase in ("small", "large")}
        for number in range(args.rounds):
            print(f"round {number + 1}", flush=True)
            order = ("swift", "boto3") if number % 2 == 0 else ("boto3", "swift")
            for phase, path, count in (("small", small, args.small_count), ("large", large, args.large_count)):
                for client in order:
                    results[(client, phase)].append(bench.run(client, phase, path, count, f"{phase}{number}"))
        flat = {}
        if args.flat_factor > 0:
            huge = os.path.join(work, "huge.bin")
            write_random_file(huge, args.large_size * args.flat_factor, 3)
            print("memory check", flush=True)
            for client in ("swift", "boto3"):
                flat[client] = bench.run(client, "large", huge, 1, "flat")
            os.remove(huge)
        table, ratios = summarize(results, flat, args)
        print()
        print(table)
        print()
        for phase in ("small", "large"):
            verdict = "meets" if ratios[phase] >= 1 else "is BELOW"
            print(f"{phase}: Swift / boto3 throughput ratio {ratios[phase]:.2f}: {verdict} the target (>= 1.00)")
        if flat:
            # Flat: a bigger object does not raise the peak, and the peak is below the size of one object
            # (so no object is ever held whole). The slack allows for allocator noise.
            peak_large = max(r["peak_rss_kib"] for r in results[("swift", "large")]) / 1024
            peak_flat = flat["swift"]["peak_rss_kib"] / 1024
            is_flat = peak_flat - peak_large < FLAT_SLACK_MIB and peak_flat < args.large_size / MIB
            print(f"memory: Swift peak RSS {peak_large:.1f} MiB with {args.large_size // MIB} MiB objects, "
                  f"{peak_flat:.1f} MiB with {args.large_size * args.flat_factor // MIB} MiB: "
                  f"{'flat' if is_flat else 'NOT flat'}")
            if not is_flat:
                return 1
    except BenchError as error:
        print(f"aws upload bench failed: {error}", file=sys.stderr)
        return 1
    finally:
        if moto:
            moto.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
