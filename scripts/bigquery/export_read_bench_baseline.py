"""The Python way to copy one stream of a GA4 export read session to Parquet, for `make bench-ga4export-read`:
google-cloud-bigquery-storage's BigQueryReadClient iterates `read_rows`, fastavro decodes each response's Avro
rows (schemaless_reader, as the library's own Avro path does), pyarrow builds a Table of the response with the
export's schema and pq.ParquetWriter appends it (Snappy), so memory stays bounded by a response. Prints one JSON
line: seconds, CPU seconds, rows, output bytes, peak resident memory.

    export_read_bench_baseline.py HOST:PORT PROJECT DATASET TABLE STREAMS STREAM_INDEX OUT.parquet
"""
import io
import json
import os
import resource
import sys
import time

import fastavro
import grpc
import pyarrow as pa
import pyarrow.parquet as pq
from google.cloud.bigquery_storage_v1 import types
from google.cloud.bigquery_storage_v1.services.big_query_read import BigQueryReadClient
from google.cloud.bigquery_storage_v1.services.big_query_read.transports import BigQueryReadGrpcTransport

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_baseline import arrow_type  # noqa: E402
from ga4_export_schema import TABLE_FIELDS  # noqa: E402


def main():
    target, project, dataset, table, streams, index, out = sys.argv[1:8]
    start = time.perf_counter()
    # Unlimited message sizes, as the library's own default channel sets them.
    channel = grpc.insecure_channel(target, options=[("grpc.max_receive_message_length", -1), ("grpc.max_send_message_length", -1)])
    client = BigQueryReadClient(transport=BigQueryReadGrpcTransport(channel=channel))
    auth = [("authorization", "Bearer bench-token")]
    session = client.create_read_session(metadata=auth, parent=f"projects/{project}", max_stream_count=int(streams),
        read_session=types.ReadSession(table=f"projects/{project}/datasets/{dataset}/tables/{table}",
                                       data_format=types.DataFormat.AVRO))
    schema = fastavro.parse_schema(json.loads(session.avro_schema.schema))
    arrow_schema = pa.schema([pa.field(f["name"], arrow_type(f)) for f in TABLE_FIELDS])
    rows = 0
    with pq.ParquetWriter(out, arrow_schema, compression="snappy") as writer:
        for response in client.read_rows(read_stream=session.streams[int(index)].name, metadata=auth):
            if not response.row_count:
                continue
            block = io.BytesIO(response.avro_rows.serialized_binary_rows)
            records = [fastavro.schemaless_reader(block, schema, None) for _ in range(response.row_count)]
            writer.write_table(pa.Table.from_pylist(records, schema=arrow_schema))
            rows += len(records)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"tool": "python", "seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "rows": rows,
                      "output_bytes": os.path.getsize(out), "peak_rss_mb": usage.ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
