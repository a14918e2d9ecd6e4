"""The Python way to read a Storage Read session (google-cloud-bigquery-storage's BigQueryReadClient), for
`make bench-bigquery`: every stream read on its own thread, each ReadRowsResponse's Avro bytes touched and
discarded (as the Swift reader does), one JSON line printed.

    read_bench_baseline.py HOST:PORT PROJECT DATASET TABLE STREAMS
"""
import json
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import grpc
from google.cloud.bigquery_storage_v1 import types
from google.cloud.bigquery_storage_v1.services.big_query_read import BigQueryReadClient
from google.cloud.bigquery_storage_v1.services.big_query_read.transports import BigQueryReadGrpcTransport


def main():
    target, project, dataset, table, streams = sys.argv[1:6]
    # Unlimited message sizes, as the library's own default channel sets them.
    channel = grpc.insecure_channel(target, options=[("grpc.max_receive_message_length", -1), ("grpc.max_send_message_length", -1)])
    client = BigQueryReadClient(transport=BigQueryReadGrpcTransport(channel=channel))
    # The fake checks for a bearer token as Google would; an emulator ignores it.
    auth = [("authorization", "Bearer bench-token")]
    start = time.perf_counter()
    session = client.create_read_session(metadata=auth,
        parent=f"projects/{project}",
        read_session=types.ReadSession(table=f"projects/{project}/datasets/{dataset}/tables/{table}", data_format=types.DataFormat.AVRO),
        max_stream_count=int(streams))

    def read(stream):
        rows = size = 0
        for response in client.read_rows(read_stream=stream.name, metadata=auth):
            rows += response.row_count
            size += len(response.avro_rows.serialized_binary_rows)
        return rows, size

    with ThreadPoolExecutor(max_workers=len(session.streams)) as pool:
        parts = list(pool.map(read, session.streams))
    seconds = time.perf_counter() - start
    print(json.dumps({"reader": "python", "rows": sum(p[0] for p in parts), "bytes": sum(p[1] for p in parts),
                      "streams": len(session.streams), "seconds": seconds,
                      "cpu_seconds": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
