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
sys.path.insert(0, HERE)
from bench_report import print_comparison  # noqa: E402


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
    for name, tool in (("swift", "swift (Storage Read client)"), ("python", "python (bigquery-storage)")):
        outputs = [os.path.join(out_dir, f"{name}-{i}.parquet") for i in range(count)]
        if name == "swift":
            commands = [[swift, "export", "http://" + target, "bench-project", dataset, table, streams, str(i), outputs[i]]
                        for i in range(count)]
        else:
            commands = [[python, os.path.join(HERE, "export_read_bench_baseline.py"), target, "bench-project", dataset, table,
                         streams, str(i), outputs[i]] for i in range(count)]
        sides.append(run_side(tool, commands, outputs))
    swift_side, python_side = sides
    print(f"== GA4 export day read to Parquet: {events} events, {count} streams, one process per stream")
    for side in sides:
        if side["footer_rows"] != int(events):
            print(f"  {side['tool']}: {side['footer_rows']} rows in its files, {events} expected")
            return 1
    return print_comparison(swift_side, python_side, peak_label="MB per stream process")


if __name__ == "__main__":
    sys.exit(main())
