#!/usr/bin/env python3
"""pyarrow baseline for the Parquet writer benchmark: writes the clickstream table from
`parquet_bench_data.py` with the settings the Swift writer uses, and prints one JSON line.

    parquet_bench_baseline.py DATA_DIR OUT_FILE REPS

Settings: SNAPPY, dictionary on every column with an 8 MiB dictionary page limit, 1 MiB data pages,
data page v1, row groups of 1,048,576 rows, no page index. Reports the median wall time of REPS writes,
rows/s, the median CPU time of the process per write (every thread; unlike wall time it does not include
waiting for a core on a busy machine), the output size, and the peak resident memory the write added above
the loaded table.
"""
import json
import os
import resource
import statistics
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

STRING_COLUMNS = ["event_id", "session_id", "user_id", "event_type", "page_url"]


def load(data_dir):
    def strings(name):
        with open(os.path.join(data_dir, f"{name}.txt"), encoding="utf-8") as f:
            return pa.array(f.read().split("\n")[:-1], pa.string())

    columns = {name: strings(name) for name in STRING_COLUMNS}
    columns["ts"] = pa.array(np.fromfile(os.path.join(data_dir, "ts.i64"), dtype="<i8"), pa.timestamp("ms", tz="UTC"))
    columns["duration"] = pa.array(np.fromfile(os.path.join(data_dir, "duration.i32"), dtype="<i4"), pa.int32())
    columns["device"] = strings("device")
    columns["browser"] = strings("browser")
    return pa.table(columns)


SETTINGS = dict(compression="snappy", use_dictionary=True, dictionary_pagesize_limit=8 << 20,
                data_page_size=1 << 20, data_page_version="1.0", row_group_size=1 << 20,
                write_statistics=True, write_page_index=False)


def time_writes(table, out_file, reps):
    """Writes `table` once to warm up, then `reps` times: the median wall and CPU seconds."""
    pq.write_table(table, out_file, **SETTINGS)
    walls, cpus = [], []
    for _ in range(reps):
        start, start_cpu = time.perf_counter(), time.process_time()
        pq.write_table(table, out_file, **SETTINGS)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    data_dir, out_file, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    table = load(data_dir)
    before = rss_kib()
    wall, cpu = time_writes(table, out_file, reps)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "writer": f"pyarrow {pa.__version__}", "rows": table.num_rows, "median_s": round(wall, 4),
        "rows_per_s": int(table.num_rows / wall), "median_cpu_s": round(cpu, 4),
        "rows_per_cpu_s": int(table.num_rows / cpu), "bytes": os.path.getsize(out_file),
        "peak_rss_added_mib": round((peak - before) / 1024, 1),
    }))


if __name__ == "__main__":
    main()
