"""A fault-injecting BigQuery server for the client's failure paths, which bqemulator cannot produce.

    bigquery_read_fake.py STATE_DIR
    bigquery_read_fake.py check ROWS STREAM BLOCKS_FILE   (decode what a client read from a stream; see check)

Serves on 127.0.0.1 (free ports, written to STATE_DIR/ports.json):
  * google.cloud.bigquery.storage.v1.BigQueryRead over gRPC (plain-text HTTP/2, grpcio), with the messages of
    google-cloud-bigquery-storage;
  * BigQuery REST v2 `tables.get` and `tabledata.list` over HTTP/1.1.

Every call must carry `authorization: Bearer …` and the routing header `x-goog-request-params` naming the
resource (`read_session.table=…`, `read_stream=…`, `name=…`), else it fails (UNAUTHENTICATED /
INVALID_ARGUMENT); grpcio itself refuses a wrong content-type, a missing `te: trailers` and bad framing.

The table id chooses the behaviour: `<scenario>_<rows>` (e.g. `unavailable_1000`); for a GA4 daily table
(`events_YYYYMMDD`) the dataset id does. Rows are
{event_bundle_sequence_id: long, event_name: ["null","string"]} with ids 0…rows-1, split over two streams
(even and odd ids), 100 rows a block. ReadRows honours `offset` (rows of the stream already consumed).
Scenarios:
  plain         as described
  unavailable   every ReadRows call ends with UNAVAILABLE after 3 blocks while rows remain
  rststream     the same with INTERNAL "Received RST_STREAM with error code 2"
  exhausted     the first ReadRows call of each stream fails at once with RESOURCE_EXHAUSTED (trailers only)
  throttled     blocks carry throttle_state 40
  expired       ReadRows fails with FAILED_PRECONDITION naming the expired session (percent-encoded ✓ text)
  unauth        a token without a "-<n>" refresh suffix is refused with UNAUTHENTICATED
  missing       CreateReadSession and tables.get answer NOT_FOUND / 404
  bench         a benchmark stream: blocks of 5,000 rows of ~1 KB (a GA4 event's size), encoded once and sent
                as often as the row count asks, so the server costs little next to the client
  flaky (REST)  tables.get answers 429, then 503, then the table; tabledata.list answers 403
                rateLimitExceeded before each page
  export        a generated GA4 export day of <rows> events with the real export schema (export_day_streams.py):
                tables.get gives its schema and row count (lastModifiedTime 1704100000000 + rows, so a day
                re-pointed at a larger dataset reads as changed), a session gets the streams it asks for (at most
                one per block), blocks dealt out in turn. Days are made in BIGQUERY_FAKE_EXPORT_DAYS (default
                STATE_DIR/export-days) on first use and kept.
  exportbreak   the same, every ReadRows call ending with UNAVAILABLE after 2 blocks while rows remain
  exportintraday  the same day as an intraday table (events_intraday_YYYYMMDD) whose daily table is not there yet
"""
import io
import json
import os
import sys
import threading
import urllib.parse
from concurrent import futures
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import fastavro
import grpc
from google.cloud.bigquery_storage_v1 import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_day_streams  # noqa: E402

SERVICE = "google.cloud.bigquery.storage.v1.BigQueryRead"
AVRO_SCHEMA = {"type": "record", "name": "Root", "fields": [
    {"name": "event_bundle_sequence_id", "type": "long"},
    {"name": "event_name", "type": ["null", "string"], "default": None},
]}
PARSED = fastavro.parse_schema(AVRO_SCHEMA)
BLOCK = 100
STREAMS = 2
lock = threading.Lock()
first_calls = set()  # streams whose first ReadRows already happened (exhausted)
rest_calls = {}  # (method, table) → calls so far (flaky)
export_sessions = {}  # session name → stream count (export)
export_days_dir = None  # set in main
EXPORT_SCENARIOS = ("export", "exportbreak", "exportintraday")
EXPORT_LAST_MODIFIED = 1_704_100_000_000


def daily_not_there(name, table):
    return name == "exportintraday" and not table.startswith("events_intraday_")


def export_day(rows):
    return export_day_streams.day(export_days_dir, rows)


def table_key(dataset, table):
    """A GA4 daily table (`events_YYYYMMDD`) takes its scenario from its dataset (`<scenario>_<rows>`), so a reader
    that derives table ids from dates can be pointed at any scenario; other tables name it themselves."""
    return f"{dataset}.{table}" if table.startswith("events_") else table


def scenario(table_id):
    name, _, rows = table_id.split(".", 1)[0].rpartition("_")
    return name, int(rows) if rows.isdigit() else 0


def row(index):
    return {"event_bundle_sequence_id": index, "event_name": None if index % 7 == 0 else f"event-{index}-✓"}


def stream_rows(rows, stream):
    """The ids of one stream; stream -1 is the whole table (as tabledata.list reads it)."""
    return [i for i in range(rows) if stream < 0 or i % STREAMS == stream]


def metadata(context):
    return {key: value for key, value in context.invocation_metadata()}


def check_call(context, routing_key, resource, scenario_name):
    meta = metadata(context)
    auth = meta.get("authorization", "")
    if not auth.startswith("Bearer ") or len(auth) <= len("Bearer "):
        context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing bearer token")
    if scenario_name == "unauth" and "-" not in auth.rsplit("token", 1)[-1]:
        context.abort(grpc.StatusCode.UNAUTHENTICATED, "Request had invalid authentication credentials.")
    expected = f"{routing_key}={urllib.parse.quote(resource, safe='/')}"
    if meta.get("x-goog-request-params") != expected:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                      f"x-goog-request-params is {meta.get('x-goog-request-params')!r}, expected {expected!r}")


def create_read_session(request, context):
    table = request.read_session.table
    parts = table.split("/")
    if len(parts) != 6 or parts[0] != "projects" or parts[2] != "datasets" or parts[4] != "tables":
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"bad table name {table}")
    name, rows = scenario(table_key(parts[3], parts[5]))
    check_call(context, "read_session.table", table, name)
    if request.read_session.data_format != types.DataFormat.AVRO:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "data_format must be AVRO")
    if not request.parent.startswith("projects/"):
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"bad parent {request.parent}")
    if name == "missing" or daily_not_there(name, parts[5]):
        context.abort(grpc.StatusCode.NOT_FOUND, f"Not found: Table {parts[1]}:{parts[3]}.{parts[5]}")
    if name in EXPORT_SCENARIOS:
        return create_export_session(request, parts, name, rows)
    session = f"projects/{parts[1]}/locations/us/sessions/{table_key(parts[3], parts[5])}"
    count = max(1, min(STREAMS, request.max_stream_count or STREAMS))
    if count != STREAMS:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "this fake serves exactly two streams")
    return types.ReadSession(
        name=session, table=table, data_format=types.DataFormat.AVRO,
        avro_schema=types.AvroSchema(schema=json.dumps(AVRO_SCHEMA)),
        streams=[types.ReadStream(name=f"{session}/streams/{s}") for s in range(STREAMS)],
        estimated_row_count=rows, read_options=request.read_session.read_options,
        table_modifiers=request.read_session.table_modifiers)


def create_export_session(request, parts, name, rows):
    day = export_day(rows)
    count = day.stream_count(request.max_stream_count)
    with lock:
        session = f"projects/{parts[1]}/locations/us/sessions/{table_key(parts[3], parts[5])}-{len(export_sessions)}"
        export_sessions[session] = count
    return types.ReadSession(
        name=session, table=request.read_session.table, data_format=types.DataFormat.AVRO,
        avro_schema=types.AvroSchema(schema=day.avro_schema_json),
        streams=[types.ReadStream(name=f"{session}/streams/{s}") for s in range(count)],
        estimated_row_count=day.rows, read_options=request.read_session.read_options,
        table_modifiers=request.read_session.table_modifiers)


def read_export_rows(request, context, name, rows, session, stream):
    with lock:
        count = export_sessions.get(session)
    if count is None:
        context.abort(grpc.StatusCode.NOT_FOUND, f"no read session {session}")
    day = export_day(rows)
    total = day.stream_rows(stream, count)
    if request.offset < 0 or request.offset > total:
        context.abort(grpc.StatusCode.OUT_OF_RANGE, f"offset {request.offset} is beyond the stream's {total} rows")
    position = request.offset
    first = types.ReadRowsResponse(avro_schema=types.AvroSchema(schema=day.avro_schema_json))
    yield types.ReadRowsResponse.serialize(first)
    for blocks, (data, count_in_block) in enumerate(day.read(stream, count, request.offset)):
        if name == "exportbreak" and blocks == 2:
            context.abort(grpc.StatusCode.UNAVAILABLE, "Connection reset by peer")
        yield types.ReadRowsResponse.serialize(types.ReadRowsResponse(
            avro_rows=types.AvroRows(serialized_binary_rows=data), row_count=count_in_block,
            stats=types.StreamStats(progress=types.StreamStats.Progress(
                at_response_start=position / total, at_response_end=(position + count_in_block) / total))))
        position += count_in_block


def read_rows(request, context):
    stream = request.read_stream
    parts = stream.split("/")
    if len(parts) != 8:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"bad stream name {stream}")
    name, rows = scenario(parts[5])
    check_call(context, "read_stream", stream, name)
    if name == "expired":
        context.abort(grpc.StatusCode.FAILED_PRECONDITION,
                      f"there was an error operating on '{stream}': session expired at 2024-01-01T00:00:00 ✓")
    if name == "exhausted":
        with lock:
            first = stream not in first_calls
            first_calls.add(stream)
        if first:
            context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "Exceeded rate limits: too many concurrent streams")
    if name in EXPORT_SCENARIOS:
        yield from read_export_rows(request, context, name, rows, stream.rsplit("/streams/", 1)[0], int(parts[7]))
        return
    if name == "bench":
        yield from bench_blocks(rows // STREAMS, request.offset)
        return
    ids = stream_rows(rows, int(parts[7]))
    offset = request.offset
    if offset < 0 or offset > len(ids):
        context.abort(grpc.StatusCode.OUT_OF_RANGE, f"offset {offset} is beyond the stream's {len(ids)} rows")
    blocks = 0
    first_message = True
    position = offset
    while position < len(ids):
        if name in ("unavailable", "rststream") and blocks == 3:
            if name == "unavailable":
                context.abort(grpc.StatusCode.UNAVAILABLE, "Connection reset by peer")
            context.abort(grpc.StatusCode.INTERNAL, "Received RST_STREAM with error code 2")
        chunk = ids[position:position + BLOCK]
        out = io.BytesIO()
        for index in chunk:
            fastavro.schemaless_writer(out, PARSED, row(index))
        response = types.ReadRowsResponse(
            avro_rows=types.AvroRows(serialized_binary_rows=out.getvalue()), row_count=len(chunk),
            stats=types.StreamStats(progress=types.StreamStats.Progress(
                at_response_start=position / len(ids), at_response_end=(position + len(chunk)) / len(ids))))
        if first_message:
            response.avro_schema = types.AvroSchema(schema=json.dumps(AVRO_SCHEMA))
            first_message = False
        if name == "throttled":
            response.throttle_state = types.ThrottleState(throttle_percent=40)
        yield response
        position += len(chunk)
        blocks += 1


BENCH_BLOCK_ROWS = 5000
bench_block = None


def bench_blocks(rows, offset):
    global bench_block
    with lock:
        if bench_block is None:
            out = io.BytesIO()
            for i in range(BENCH_BLOCK_ROWS):
                fastavro.schemaless_writer(out, PARSED, {"event_bundle_sequence_id": i, "event_name": f"page_view-{i}-" + "x" * 900})
            bench_block = types.ReadRowsResponse.serialize(types.ReadRowsResponse(
                avro_rows=types.AvroRows(serialized_binary_rows=out.getvalue()), row_count=BENCH_BLOCK_ROWS))
    first = types.ReadRowsResponse(avro_schema=types.AvroSchema(schema=json.dumps(AVRO_SCHEMA)))
    yield types.ReadRowsResponse.serialize(first)
    for _ in range((rows - offset) // BENCH_BLOCK_ROWS):
        yield bench_block


class RestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        parts = url.path.split("/")
        # /bigquery/v2/projects/{p}/datasets/{d}/tables/{t}[/data]
        if len(parts) < 9 or parts[1:4] != ["bigquery", "v2", "projects"]:
            return self.answer(404, {"error": {"code": 404, "message": f"no route {url.path}", "status": "NOT_FOUND"}})
        if not self.headers.get("authorization", "").startswith("Bearer "):
            return self.answer(401, {"error": {"code": 401, "message": "no token", "status": "UNAUTHENTICATED"}})
        table = parts[8]
        key = table_key(parts[6], table)
        name, rows = scenario(key)
        method = "tabledata.list" if len(parts) > 9 and parts[9] == "data" else "tables.get"
        with lock:
            calls = rest_calls.get((method, key), 0) + 1
            rest_calls[(method, key)] = calls
        if name == "missing" or daily_not_there(name, table):
            return self.answer(404, {"error": {"code": 404, "message": f"Not found: Table {table}", "status": "NOT_FOUND",
                                               "errors": [{"reason": "notFound", "message": "Not found"}]}})
        if name == "flaky" and method == "tables.get" and calls <= 2:
            status = 429 if calls == 1 else 503
            return self.answer(status, {"error": {"code": status, "message": "try later", "status": "UNAVAILABLE"}})
        if name == "flaky" and method == "tabledata.list" and calls % 2 == 1:
            return self.answer(403, {"error": {"code": 403, "message": "Exceeded rate limits", "status": "PERMISSION_DENIED",
                                               "errors": [{"reason": "rateLimitExceeded", "domain": "usageLimits"}]}})
        if method == "tables.get" and name in EXPORT_SCENARIOS:
            day = export_day(rows)
            return self.answer(200, {
                "kind": "bigquery#table", "etag": f"e{rows}", "numRows": str(day.rows), "numBytes": str(day.bytes),
                "lastModifiedTime": str(EXPORT_LAST_MODIFIED + rows), "creationTime": "1704067200000", "location": "US",
                "type": "TABLE", "tableReference": {"projectId": parts[4], "datasetId": parts[6], "tableId": table},
                "schema": day.table_schema})
        if name in EXPORT_SCENARIOS:
            return self.answer(400, {"error": {"code": 400, "message": "export tables are served over Storage Read only",
                                               "status": "INVALID_ARGUMENT"}})
        if method == "tables.get":
            return self.answer(200, {
                "kind": "bigquery#table", "etag": "e1", "numRows": str(rows), "numBytes": str(rows * 20),
                "lastModifiedTime": "1704100000000", "creationTime": "1704067200000", "location": "US", "type": "TABLE",
                "tableReference": {"projectId": parts[4], "datasetId": parts[6], "tableId": table},
                "schema": {"fields": [{"name": "event_bundle_sequence_id", "type": "INTEGER", "mode": "REQUIRED"},
                                      {"name": "event_name", "type": "STRING", "mode": "NULLABLE"}]},
                "streamingBuffer": {"estimatedRows": "5", "estimatedBytes": "100", "oldestEntryTime": "1704067300000"}})
        query = urllib.parse.parse_qs(url.query)
        size = int(query.get("maxResults", ["100"])[0])
        start = int(query.get("pageToken", query.get("startIndex", ["0"]))[0])
        page = [{"f": [{"v": str(i)}, {"v": row(i)["event_name"]}]} for i in range(start, min(rows, start + size))]
        body = {"kind": "bigquery#tableDataList", "etag": "e1", "totalRows": str(rows), "rows": page}
        if start + size < rows:
            body["pageToken"] = str(start + size)
        return self.answer(200, body)


def main():
    global export_days_dir
    state = sys.argv[1]
    export_days_dir = os.environ.get("BIGQUERY_FAKE_EXPORT_DAYS") or os.path.join(state, "export-days")
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    handler = grpc.method_handlers_generic_handler(SERVICE, {
        "CreateReadSession": grpc.unary_unary_rpc_method_handler(
            create_read_session, request_deserializer=types.CreateReadSessionRequest.deserialize,
            response_serializer=types.ReadSession.serialize),
        "ReadRows": grpc.unary_stream_rpc_method_handler(
            read_rows, request_deserializer=types.ReadRowsRequest.deserialize,
            response_serializer=lambda m: m if isinstance(m, bytes) else types.ReadRowsResponse.serialize(m)),
    })
    server.add_generic_rpc_handlers((handler,))
    grpc_port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    rest = ThreadingHTTPServer(("127.0.0.1", 0), RestHandler)
    threading.Thread(target=rest.serve_forever, daemon=True).start()
    with open(os.path.join(state, "ports.json.tmp"), "w") as out:
        json.dump({"grpc": grpc_port, "rest": rest.server_address[1]}, out)
    os.rename(os.path.join(state, "ports.json.tmp"), os.path.join(state, "ports.json"))
    server.wait_for_termination()


def check(rows, stream, blocks_path):
    """Decodes rows a client read from one stream; they must be that stream's rows, each once, in order."""
    data = open(blocks_path, "rb").read()
    buffer = io.BytesIO(data)
    got = []
    while buffer.tell() < len(data):
        got.append(fastavro.schemaless_reader(buffer, PARSED))
    expected = [row(i) for i in stream_rows(rows, stream)]
    if got != expected:
        ids = [r["event_bundle_sequence_id"] for r in got]
        sys.exit(f"stream {stream}: {len(got)} rows read, {len(expected)} expected; first ids {ids[:12]}")
    print(f"{len(got)} rows, each once")


if __name__ == "__main__":
    if sys.argv[1] == "check":
        check(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        main()
