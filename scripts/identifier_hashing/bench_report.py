#!/usr/bin/env python3
"""Prints the identifier hashing benchmark: Swift beside Python on the same rows, and the ratio.

    bench_report.py SWIFT_JSON PYTHON_JSON [SWIFT_JSON PYTHON_JSON ...]
"""
import json
import sys


def main():
    files = sys.argv[1:]
    for swift_path, python_path in zip(files[0::2], files[1::2]):
        swift, python = (json.load(open(p)) for p in (swift_path, python_path))
        rows = swift["rows"]
        print(f"== identifier hashing: {rows:,} rows of one email and one phone number (normalize + hash, hex)")
        for result in (swift, python):
            rate = 2 * result["rows"] / result["cpuSeconds"] / 1e6
            print(f"  {result['implementation']:<40} wall {result['seconds']:8.3f} s   CPU {result['cpuSeconds']:8.3f} s   "
                  f"{rate:6.2f} M values per CPU s   hashed {result['hashed']:,}, refused {result['refused']:,}")
        print(f"  ratio (Python / Swift): wall {python['seconds'] / swift['seconds']:.1f}x, "
              f"CPU {python['cpuSeconds'] / swift['cpuSeconds']:.1f}x")
        if swift["rows"] != python["rows"]:
            sys.exit("row counts differ")


if __name__ == "__main__":
    main()
