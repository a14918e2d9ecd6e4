"""The GA4 export read to Parquet, Swift beside Python, same run, same fake server (`make bench-ga4export-read`).

    export_read_bench.py SWIFT_BINARY PYTHON GRPC_HOST:PORT EVENTS STREAMS OUT_DIR

The day is the fake's `export_<EVENTS>` table (a generated export day with the real schema). Each side reads it as
GA4Ingest does: a read session of STREAMS streams, every stream copied to its own Parquet file by its own process
(one Lambda invocation each), the processes of a side running at once. Per side: wall time from the first start
to the last exit, CPU seconds summed, the largest peak resident memory of one process (what one invocation needs),
rows summed (and read back from the Parquet footers). Prints both and the ratio.
"""
import json
import os
import subprocess
import sys
import time

import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))


def run_side(name, commands, outputs):
    start = time.perf_counter()
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for command in commands]
    results = []
    for command, process in zip(commands, processes):
        out, _ = process.communicate()
        if process.returncode != 0:
            sys.exit(f"{name}: {' '.join(command)} exited with {process.returncode}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - start
    footer_rows = sum(pq.ParquetFile(path).metadata.num_rows for path in outputs)
    return {"tool": name, "seconds": wall, "cpu_seconds": sum(r["cpu_seconds"] for r in results),
            "rows": sum(r["rows"] for r in results), "footer_rows": footer_rows,
            "output_bytes": sum(r["output_bytes"] for r in results), "peak_rss_mb": max(r["peak_rss_mb"] for r in results)}


def main():
    swift, python, target, events, streams, out_dir = sys.argv[1:7]
    dataset, table, count = f"export_{events}", "events_20240101", int(streams)
    os.makedirs(out_dir, exist_ok=True)
    sides = []
    for name in ("swift", "python"):
        outputs = [os.path.join(out_dir, f"{name}-{i}.parquet") for i in range(count)]
        if name == "swift":
            commands = [[swift, "export", "http://" + target, "bench-project", dataset, table, streams, str(i), outputs[i]]
                        for i in range(count)]
        else:
            commands = [[python, os.path.join(HERE, "export_read_bench_baseline.py"), target, "bench-project", dataset, table,
                         streams, str(i), outputs[i]] for i in range(count)]
        sides.append(run_side(name, commands, outputs))
    swift_side, python_side = sides
    print(f"== GA4 export day read to Parquet: {events} events, {count} streams, one process per stream")
    for side in sides:
        print(f"  {side['tool']:<7} {side['seconds']:8.2f} s  CPU {side['cpu_seconds']:8.2f} s  "
              f"{side['rows'] / side['seconds']:>9,.0f} rows/s  {side['output_bytes'] / 1e6:7.1f} MB out  "
              f"peak {side['peak_rss_mb']:5.0f} MB per process")
    for side in sides:
        if side["rows"] != int(events) or side["footer_rows"] != int(events):
            print(f"  {side['tool']}: {side['rows']} rows read, {side['footer_rows']} in the files, {events} expected")
            return 1
    print(f"  Swift is {python_side['seconds'] / swift_side['seconds']:.1f}x faster in wall time, "
          f"{python_side['cpu_seconds'] / swift_side['cpu_seconds']:.1f}x in CPU time (target 5x); Swift peak "
          f"{swift_side['peak_rss_mb']:.0f} MB per stream (target < 512 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
