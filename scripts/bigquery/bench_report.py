"""Prints the GA4 export benchmark's figures side by side: time, rows per second, output size, peak memory, ratio."""
import json
import sys


def print_comparison(swift, python, peak_label="MB"):
    """Both runs' figures and the ratio; 1 when their row counts differ."""
    for run in (swift, python):
        print(f"  {run['tool']:<28} {run['seconds']:8.2f} s  CPU {run['cpu_seconds']:7.2f} s  "
              f"{run['rows'] / run['seconds']:>10,.0f} rows/s  "
              f"{run['output_bytes'] / 1e6:8.1f} MB out  peak {run['peak_rss_mb']:7.0f} {peak_label}")
    if swift["rows"] != python["rows"]:
        print(f"  ROW COUNTS DIFFER: {swift['rows']} vs {python['rows']}")
        return 1
    print(f"  Swift is {python['seconds'] / swift['seconds']:.1f}x faster in wall time, "
          f"{python['cpu_seconds'] / swift['cpu_seconds']:.1f}x in CPU time (target 5x); Swift peak "
          f"{swift['peak_rss_mb']:.0f} {peak_label} (target < 512 MB)")
    return 0


def main():
    runs = [json.load(open(path)) for path in sys.argv[1:]]
    return print_comparison(runs[0], runs[1])


if __name__ == "__main__":
    sys.exit(main())
