"""Runs the GA4 decode benchmark: the Swift decoder (and JSONDecoder, for reference) beside the Python
baseline on the same 250,000-row runReport page, and prints the figures and the speed-up."""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(command):
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift-binary", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--python-repeats", type=int, default=1)
    parser.add_argument("--swift-repeats", type=int, default=5)
    args = parser.parse_args()
    if not os.path.exists(args.report):
        subprocess.run([sys.executable, os.path.join(HERE, "make_bench_report.py"), "--out", args.report], check=True)
    size = os.path.getsize(args.report) / 1e6
    swift = run([args.swift_binary, "decode", args.report, str(args.swift_repeats)])
    codable = run([args.swift_binary, "jsondecoder", args.report, str(args.swift_repeats)])
    python = run([sys.executable, os.path.join(HERE, "decode_baseline.py"), args.report, "--repeat", str(args.python_repeats)])
    print(f"GA4 decode, {swift['rows']} rows ({size:.0f} MB of JSON) into a typed table")
    for result in (swift, codable, python):
        print(f"  {result['decoder']:<42} {result['seconds']:8.3f} s   peak RSS {result['peakRSSMB']:7.0f} MB")
    print(f"  speed-up over Python: {python['seconds'] / swift['seconds']:.1f}x (target 5x); "
          f"JSONDecoder is {codable['seconds'] / swift['seconds']:.1f}x slower than the purpose-built decoder")
    if swift["rows"] != python["rows"]:
        sys.exit(f"row counts differ: swift {swift['rows']}, python {python['rows']}")


if __name__ == "__main__":
    main()
