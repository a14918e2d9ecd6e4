"""Runs the GA4 partition benchmark: one 250,000-row runReport page decoded and written as Parquet by Swift
(GA4Bench parquet) and by the Python baseline, checks that both files hold the same rows, and prints the
figures, the speed-up (target 5x) and Swift's peak memory (target under 256 MB)."""

import argparse
import json
import os
import subprocess
import sys

import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))


def run(command):
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift-binary", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--swift-repeats", type=int, default=3)
    parser.add_argument("--python-repeats", type=int, default=1)
    args = parser.parse_args()
    if not os.path.exists(args.report):
        subprocess.run([sys.executable, os.path.join(HERE, "..", "ga4", "make_bench_report.py"), "--out", args.report], check=True)
    os.makedirs(args.workdir, exist_ok=True)
    swift_out = os.path.join(args.workdir, "swift.parquet")
    python_out = os.path.join(args.workdir, "python.parquet")
    swift = run([args.swift_binary, "parquet", args.report, swift_out, str(args.swift_repeats)])
    python = run([sys.executable, os.path.join(HERE, "parquet_baseline.py"), args.report, python_out,
                  "--repeat", str(args.python_repeats)])

    # Same rows in both files (column names differ only in case style: Swift writes snake_case).
    swift_table = pq.read_table(swift_out)
    python_table = pq.read_table(python_out)
    if swift_table.num_rows != python_table.num_rows:
        sys.exit(f"row counts differ: swift {swift_table.num_rows}, python {python_table.num_rows}")
    for swift_column, python_column in zip(swift_table.columns, python_table.columns):
        if swift_column.to_pylist() != python_column.to_pylist():
            sys.exit("the two files hold different values")

    size = os.path.getsize(args.report) / 1e6
    print(f"GA4 partition: {swift['rows']} rows ({size:.0f} MB of JSON) decoded and written as Snappy Parquet")
    for result in (swift, python):
        print(f"  {result['decoder']:<42} {result['seconds']:8.3f} s   peak RSS {result['peakRSSMB']:7.0f} MB")
    print(f"  speed-up over Python: {python['seconds'] / swift['seconds']:.1f}x (target 5x); "
          f"Swift peak RSS {swift['peakRSSMB']:.0f} MB (target under 256 MB)")


if __name__ == "__main__":
    main()
