#!/usr/bin/env python3
"""Prints the nested Parquet writer benchmark beside its pyarrow baseline, with ratios, and checks that the
Swift and pyarrow files hold the same table (pyarrow reads both back) and that the Swift runs on one thread
and on several wrote byte-identical files.

    parquet_nested_bench_report.py BENCH_DIR
"""
import json
import os
import sys

import pyarrow.parquet as pq


def main():
    directory = sys.argv[1]
    load = lambda name: json.load(open(os.path.join(directory, f"{name}.json")))
    baseline = load("pyarrow")
    runs = [load("swift"), load("swift-1")]
    same = pq.read_table(os.path.join(directory, "swift.parquet")).equals(
        pq.read_table(os.path.join(directory, "pyarrow.parquet")))
    with open(os.path.join(directory, "swift.parquet"), "rb") as a, open(os.path.join(directory, "swift-1.parquet"), "rb") as b:
        identical = a.read() == b.read()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, processors: {os.cpu_count()}")
    print(f"{'writer':<38}{'rows/s':>11}{'median s':>10}{'rows/CPU s':>12}{'CPU s':>8}{'output MB':>11}")
    for result in [baseline] + runs:
        print(f"{result['writer']:<38}{result['rows_per_s']:>11,}{result['median_s']:>10}"
              f"{result['rows_per_cpu_s']:>12,}{result['median_cpu_s']:>8}{result['bytes'] / 1e6:>11.2f}")
    for result in runs:
        print(f"ratio {result['writer']} / pyarrow: rows/s {result['rows_per_s'] / baseline['rows_per_s']:.2f}x, "
              f"rows per CPU s {result['rows_per_cpu_s'] / baseline['rows_per_cpu_s']:.2f}x, "
              f"size {result['bytes'] / baseline['bytes']:.3f}x")
    print(f"same table read back from the Swift and pyarrow files: {same}")
    print(f"one thread and several wrote byte-identical files: {identical}")
    if not (same and identical):
        sys.exit(1)


if __name__ == "__main__":
    main()
