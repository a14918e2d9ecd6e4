"""The Python way of the GA4 export's Avro-to-Parquet step, for the benchmark beside GA4ExportBench: fastavro decodes
each Avro row block (schemaless_reader, as google-cloud-bigquery-storage does for AVRO sessions), pyarrow builds a
Table of the block with the session's schema, and pq.ParquetWriter appends it as a row group (Snappy), so memory
stays bounded by a block. Prints one JSON line: seconds, rows, output bytes, peak resident memory.

    bench_baseline.py DAY_DIR OUT.parquet
"""
import io
import json
import os
import resource
import sys
import time

import fastavro
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ga4_export_schema import TABLE_FIELDS  # noqa: E402

ARROW = {"STRING": pa.string(), "INTEGER": pa.int64(), "FLOAT": pa.float64(), "BOOLEAN": pa.bool_()}


def arrow_type(field):
    if field["type"] == "RECORD":
        struct_type = pa.struct([pa.field(c["name"], arrow_type(c)) for c in field["fields"]])
        return pa.list_(struct_type) if field.get("mode") == "REPEATED" else struct_type
    return ARROW[field["type"]]


def main():
    day, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(day, "avro_schema.json")) as handle:
        schema = fastavro.parse_schema(json.load(handle))
    with open(os.path.join(day, "manifest.json")) as handle:
        manifest = json.load(handle)
    arrow_schema = pa.schema([pa.field(f["name"], arrow_type(f)) for f in TABLE_FIELDS])
    start = time.perf_counter()
    rows = 0
    with pq.ParquetWriter(out, arrow_schema, compression="snappy") as writer:
        for block in manifest["blocks"]:
            with open(os.path.join(day, block["file"]), "rb") as handle:
                stream = io.BytesIO(handle.read())
            records = [fastavro.schemaless_reader(stream, schema, None) for _ in range(block["rows"])]
            writer.write_table(pa.Table.from_pylist(records, schema=arrow_schema))
            rows += len(records)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss / 1024
    print(json.dumps({"tool": "python (fastavro + pyarrow)", "seconds": seconds,
                      "cpu_seconds": usage.ru_utime + usage.ru_stime, "rows": rows,
                      "output_bytes": os.path.getsize(out), "peak_rss_mb": peak}))


if __name__ == "__main__":
    main()
