#!/usr/bin/env python3
"""pyarrow baseline for the nested Parquet writer benchmark: writes the GA4 table of
`parquet_nested_bench_data.py` (`ga4.arrow`) with the settings the Swift writer uses and prints one JSON line.

    parquet_nested_bench_baseline.py DATA_DIR OUT_FILE REPS

Settings as in the flat benchmark: SNAPPY, dictionary with an 8 MiB dictionary page limit, 1 MiB data pages,
data page v1, row groups of 1,048,576 rows, no page index. Reports the median wall and CPU time of REPS writes
and the output size.
"""
import json
import os
import sys

import pyarrow as pa

from parquet_bench_baseline import time_writes


def main():
    data_dir, out_file, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with pa.OSFile(os.path.join(data_dir, "ga4.arrow"), "rb") as source:  # read into memory, as the Swift side holds it
        table = pa.ipc.open_file(source).read_all()
    table = table.combine_chunks()
    wall, cpu = time_writes(table, out_file, reps)
    print(json.dumps({
        "writer": f"pyarrow {pa.__version__}", "rows": table.num_rows, "median_s": round(wall, 4),
        "rows_per_s": int(table.num_rows / wall), "median_cpu_s": round(cpu, 4),
        "rows_per_cpu_s": int(table.num_rows / cpu), "bytes": os.path.getsize(out_file),
    }))


if __name__ == "__main__":
    main()
