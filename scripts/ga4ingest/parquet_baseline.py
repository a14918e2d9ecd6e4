"""The Python baseline for a GA4 partition: the official `google-analytics-data` types decode the runReport page
and pyarrow types and writes it as Snappy Parquet (the decode half is scripts/ga4/decode_baseline.py).
Prints the best of N runs and the peak RSS as JSON."""

import argparse
import json
import os
import resource
import sys
import time

import pyarrow.parquet as pq

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ga4"))
from decode_baseline import decode  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("output")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    best = float("inf")
    rows = 0
    for _ in range(args.repeat):
        with open(args.report, "rb") as handle:
            text = handle.read()
        start = time.perf_counter()
        table = decode(text)
        del text
        pq.write_table(table, args.output, compression="snappy")
        best = min(best, time.perf_counter() - start)
        rows = table.num_rows
        del table
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"decoder": "python google-analytics-data + pyarrow", "rows": rows, "seconds": best, "peakRSSMB": peak}))


if __name__ == "__main__":
    main()
