#!/usr/bin/env python3
"""pyarrow baseline for the Parquet reader benchmark: `pq.read_table(FILE, use_threads=False)`, the whole file
into Arrow arrays on one thread, REPS times after a warm-up. Prints one JSON line like ParquetReadBench.

    parquet_read_baseline.py FILE REPS
    parquet_read_baseline.py --write DATA_DIR OUT_FILE ROWS_PER_GROUP
                                     write the clickstream table (parquet_bench_data.py) with pyarrow in row
                                     groups of ROWS_PER_GROUP, to show memory following the row group
"""
import json
import statistics
import sys
import time

import pyarrow.parquet as pq


def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def write(data_dir, out_file, rows_per_group):
    from parquet_bench_baseline import load

    pq.write_table(load(data_dir), out_file, compression="snappy", row_group_size=rows_per_group)


def main():
    if sys.argv[1] == "--write":
        write(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    path, reps = sys.argv[1], int(sys.argv[2])
    start_rss = status("VmRSS")
    table = pq.read_table(path, use_threads=False)
    rows, groups = table.num_rows, pq.ParquetFile(path).metadata.num_row_groups
    del table
    walls, cpus = [], []
    for _ in range(reps):
        wall, cpu = time.perf_counter(), time.process_time()
        table = pq.read_table(path, use_threads=False)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert table.num_rows == rows
        del table
    wall = statistics.median(walls)
    print(json.dumps({"reader": "pyarrow", "rows": rows, "row_groups": groups, "seconds": wall, "rows_per_s": rows / wall,
                      "cpu_seconds": statistics.median(cpus), "peak_rss_mib": status("VmHWM") / 1024,
                      "start_rss_mib": start_rss / 1024}))


if __name__ == "__main__":
    main()
