#!/usr/bin/env python3
"""Baseline for the S3 upload benchmark: the same uploads as the Swift AWSBench, made with boto3.

Takes the same options and prints the same JSON line (objects, bytes, seconds spent uploading, peak RSS).
Endpoint, region and credentials come from AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, as for the Swift side.

small: `count` uploads of the file submitted to one TransferManager, `concurrency` requests in flight.
large: `count` upload_file calls one after another, each split into parts with `concurrency` parts in flight.
Both use TransferConfig(multipart_threshold, multipart_chunksize, max_concurrency) with the values given.
"""
import argparse
import json
import os
import sys
import time

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from s3transfer.manager import TransferManager


def peak_rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def positive(minimum):
    def parse(text):
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {minimum}, got {text}")
        return value
    return parse


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phase", choices=["small", "large"], required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--count", type=positive(1), required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--concurrency", type=positive(1), required=True)
    parser.add_argument("--part-size", type=positive(5 << 20), required=True)
    parser.add_argument("--threshold", type=positive(1), required=True)
    args = parser.parse_args()

    size = os.path.getsize(args.file)
    # Same work on the wire as the Swift client: a SHA-256 signed payload and no extra CRC checksum
    # (botocore adds CRC32 by default since 1.36; turning it off makes the baseline faster, not slower).
    client = boto3.client(
        "s3",
        config=Config(
            request_checksum_calculation="when_required",
            max_pool_connections=max(10, args.concurrency),
            retries={"mode": "standard", "max_attempts": 3},
        ),
    )
    transfer = TransferConfig(
        multipart_threshold=args.threshold,
        multipart_chunksize=args.part_size,
        max_concurrency=args.concurrency,
        use_threads=True,
        # boto3's own Python transfer manager, not the optional CRT one (awscrt may be installed with botocore).
        preferred_transfer_client="classic",
    )

    started = time.perf_counter()
    if args.phase == "small":
        with TransferManager(client, config=transfer) as manager:
            futures = [manager.upload(args.file, args.bucket, f"{args.prefix}{i}") for i in range(args.count)]
            for future in futures:
                future.result()
    else:
        for i in range(args.count):
            client.upload_file(args.file, args.bucket, f"{args.prefix}{i}", Config=transfer)
    seconds = time.perf_counter() - started

    multipart = size >= args.threshold
    parts_per_object = -(-size // args.part_size) if multipart else 0
    print(json.dumps({
        "client": "boto3",
        "phase": args.phase,
        "objects": args.count,
        "bytes": size * args.count,
        "multipart_objects": args.count if multipart else 0,
        "parts": parts_per_object * args.count,
        "seconds": seconds,
        "peak_rss_kib": peak_rss_kib(),
    }, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main())
