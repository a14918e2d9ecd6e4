#!/usr/bin/env python3
"""Prints the reader benchmark's two JSON lines side by side with the ratios.

    parquet_read_report.py SWIFT_JSON PYARROW_JSON
"""
import json
import sys


def main():
    swift, pyarrow = (json.load(open(path)) for path in sys.argv[1:3])
    if swift["rows"] != pyarrow["rows"]:
        sys.exit(f"row counts differ: swift {swift['rows']}, pyarrow {pyarrow['rows']}")
    print(f"{'reader':<10}{'rows':>10}{'groups':>8}{'wall s':>9}{'rows/s':>12}{'cpu s':>8}{'peak RSS MiB':>14}{'start MiB':>11}")
    for run in (swift, pyarrow):
        print(f"{run['reader']:<10}{run['rows']:>10}{run['row_groups']:>8}{run['seconds']:>9.3f}{run['rows_per_s']:>12.0f}"
              f"{run['cpu_seconds']:>8.3f}{run['peak_rss_mib']:>14.1f}{run['start_rss_mib']:>11.1f}")
    print(f"ratio swift/pyarrow: rows/s {swift['rows_per_s'] / pyarrow['rows_per_s']:.2f}x, "
          f"CPU time {swift['cpu_seconds'] / pyarrow['cpu_seconds']:.2f}x, "
          f"peak RSS growth {(swift['peak_rss_mib'] - swift['start_rss_mib']) / (pyarrow['peak_rss_mib'] - pyarrow['start_rss_mib']):.2f}x")


if __name__ == "__main__":
    main()
