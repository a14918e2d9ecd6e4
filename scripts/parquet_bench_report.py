#!/usr/bin/env python3
"""Prints the Parquet writer benchmark beside its pyarrow baseline, with ratios, and checks that the files
hold the same table: pyarrow reads the same table back from the Swift and pyarrow files, and every Swift
run (both inputs, one thread or several) wrote byte-identical files.

    parquet_bench_report.py BENCH_DIR
"""
import json
import os
import sys

import pyarrow.parquet as pq


def main():
    directory = sys.argv[1]
    load = lambda name: json.load(open(os.path.join(directory, f"{name}.json")))
    baseline = load("pyarrow")
    swift_runs = [load(name) for name in ("swift", "swift-columnar", "swift-1", "swift-columnar-1")]
    streams = [load("stream-1m"), load("stream-4m")]
    same = pq.read_table(os.path.join(directory, "swift.parquet")).equals(
        pq.read_table(os.path.join(directory, "pyarrow.parquet")))
    contents = set()
    for name in ("swift", "swift-columnar", "swift-1", "swift-columnar-1"):
        with open(os.path.join(directory, f"{name}.parquet"), "rb") as f:
            contents.add(f.read())
    identical = len(contents) == 1
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, processors: {os.cpu_count()}")
    print(f"{'writer':<34}{'rows/s':>11}{'median s':>10}{'rows/CPU s':>12}{'CPU s':>8}{'output MB':>11}"
          f"{'peak RSS +MiB':>15}")
    for result in [baseline] + swift_runs:
        print(f"{result['writer']:<34}{result['rows_per_s']:>11,}{result['median_s']:>10}"
              f"{result['rows_per_cpu_s']:>12,}{result['median_cpu_s']:>8}"
              f"{result['bytes'] / 1e6:>11.1f}{result['peak_rss_added_mib']:>15}")
    for result in swift_runs:
        print(f"ratio {result['writer']} / pyarrow: rows/s {result['rows_per_s'] / baseline['rows_per_s']:.2f}x, "
              f"rows per CPU s {result['rows_per_cpu_s'] / baseline['rows_per_cpu_s']:.2f}x, "
              f"size {result['bytes'] / baseline['bytes']:.3f}x, "
              f"peak memory {result['peak_rss_added_mib'] / max(baseline['peak_rss_added_mib'], 0.1):.2f}x")
    print(f"same table read back from the Swift and pyarrow files: {same}")
    print(f"every Swift run ([String?] and columnar input, one thread and several) wrote byte-identical files: {identical}")
    for stream in streams:
        print(f"streaming {stream['rows']:>9,} rows, {stream['row_group_limit_mib']} MiB row groups: "
              f"{stream['row_groups']} row groups, peak RSS +{stream['peak_rss_added_mib']} MiB")
    if not (same and identical):
        sys.exit(1)


if __name__ == "__main__":
    main()
