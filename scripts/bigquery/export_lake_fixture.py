"""A generated GA4 export day in a BigQuery emulator, and the check of what GA4Ingest's export source wrote to S3.

    export_lake_fixture.py load REST_URL PROJECT DATASET TABLE EVENTS SEED ROWS_JSONL [--replace] [--omit a,b.c]
                               [--day YYYY-MM-DD --time-zone Area/City]
        creates the dataset (if missing) and the table with the export's schema (a re-created table when --replace,
        as GA4 rewrites a daily table with late events: a new lastModifiedTime), inserts EVENTS generated events
        (generate_export_day.py) through insertAll and writes them to ROWS_JSONL; prints
        {"rows": n, "lastModifiedTime": ms}. --day moves the generated day (2024-01-01 UTC) to that day in the
        property's time zone, as a table for a recent day holds it (event_date and the timestamps).
    export_lake_fixture.py check-hashed S3_ENDPOINT BUCKET PREFIX ROWS_JSONL
        reads the hashed identifiers table under PREFIX (configured with user_id_sha256 from user_id,
        user_pseudo_id_sha256 from user_pseudo_id and gclid_sha256 from collected_traffic_source.gclid, default
        rules, hex) and compares it with the rows: one row per event with an identifier, its event_key and
        millisecond timestamp, each hash the SHA-256 of the trimmed value; no raw identifier in any object's bytes.
    export_lake_fixture.py check-fake S3_ENDPOINT BUCKET PREFIX ROWS
        the files written from the fault-injecting fake's table of ROWS rows (bigquery_read_fake.py): its two
        columns, read by pyarrow and DuckDB, hold every row exactly once.
    export_lake_fixture.py check S3_ENDPOINT BUCKET PREFIX ROWS_JSONL [--omit a,b.c]
        reads every Parquet object under PREFIX with pyarrow and with DuckDB and compares the union with the rows
        as a multiset: every event exactly once, every value equal (the lake's shape: promoted columns and
        event_key included). Prints {"objects": [...], "rows": n} or exits 1 naming the first difference.

insertAll carries JSON, which has no NaN or infinities: such floats are inserted as finite stand-ins (the writer's
own tests cover them from Avro blocks). --omit drops columns (bqemulator's Storage Read cannot serve the full
schema: it names every Avro record after its field, so the three `value` records collide).
"""
import argparse
import collections
import json
import math
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_export_parquet import canonical, lake_fields  # noqa: E402
from ga4_export_expected import lake_row  # noqa: E402
from ga4_export_fixture import call  # noqa: E402
from generate_export_day import DAY_START_MICROS, fit_rows, iter_rows, session_fields  # noqa: E402


def finite(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return 0.25 if math.isnan(value) else math.copysign(1.5e300, value)
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def redate(row, day, time_zone):
    """The row as an event of `day` in `time_zone`: event_date, and every microsecond timestamp moved by the same
    amount (the generated day starts at 2024-01-01T00:00Z)."""
    import datetime
    import zoneinfo

    start = datetime.datetime.fromisoformat(day).replace(tzinfo=zoneinfo.ZoneInfo(time_zone))
    shift = int(start.timestamp()) * 1_000_000 - DAY_START_MICROS

    def moved(value):
        return value + shift if isinstance(value, int) else value

    out = dict(row, event_date=day.replace("-", ""))
    for name in ("event_timestamp", "event_previous_timestamp", "user_first_touch_timestamp"):
        out[name] = moved(row.get(name))
    if isinstance(row.get("user_properties"), list):
        out["user_properties"] = [dict(p, value=dict(p["value"], set_timestamp_micros=moved(p["value"].get("set_timestamp_micros"))))
                                  if isinstance(p.get("value"), dict) else p for p in row["user_properties"]]
    return out


def load(args):
    base = f"{args.rest}/bigquery/v2/projects/{args.project}"
    call("POST", f"{base}/datasets", {"datasetReference": {"projectId": args.project, "datasetId": args.dataset}})
    table_url = f"{base}/datasets/{args.dataset}/tables/{args.table}"
    if args.replace:
        call("DELETE", table_url)
    fields = session_fields([p for p in args.omit.split(",") if p])
    made = call("POST", f"{base}/datasets/{args.dataset}/tables", {
        "tableReference": {"projectId": args.project, "datasetId": args.dataset, "tableId": args.table},
        "schema": {"fields": fields}})
    if "__status" in made:
        sys.exit(f"cannot create {args.dataset}.{args.table}: {made}")
    rows = [finite(row) for row in fit_rows(iter_rows(args.seed, args.events), fields)]
    if args.day:
        rows = [redate(row, args.day, args.time_zone) for row in rows]
    for start in range(0, len(rows), 500):
        batch = [{"insertId": f"{args.seed}-{start + i}", "json": row} for i, row in enumerate(rows[start:start + 500])]
        answer = call("POST", f"{table_url}/insertAll", {"rows": batch})
        if "__status" in answer or answer.get("insertErrors"):
            sys.exit(f"insertAll failed: {str(answer)[:2000]}")
    with open(args.rows_jsonl, "w") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    table = call("GET", table_url)
    print(json.dumps({"rows": len(rows), "lastModifiedTime": int(table["lastModifiedTime"]),
                      "numRows": int(table["numRows"])}))


def full_row(row, omitted):
    """A row of a table without some columns, in the full schema's terms (missing columns are NULL)."""
    if not omitted:
        return row
    out = dict(row)
    for path in omitted:
        head, _, rest = path.partition(".")
        if not rest:
            out[head] = None
        elif isinstance(out.get(head), list):
            out[head] = [full_row(element, [rest]) for element in out[head]]
        elif isinstance(out.get(head), dict):
            out[head] = full_row(out[head], [rest])
    return out


def key(fields, row):
    return json.dumps({f["name"]: canonical(f, row[f["name"]]) for f in fields}, sort_keys=True, default=str)


def check(args):
    import boto3
    import duckdb
    import pyarrow.parquet as pq

    omitted = [p for p in args.omit.split(",") if p]
    fields = lake_fields()
    with open(args.rows_jsonl) as handle:
        expected = collections.Counter(key(fields, lake_row(full_row(json.loads(line), omitted))) for line in handle)
    s3 = boto3.client("s3", endpoint_url=args.endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    objects = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=args.bucket, Prefix=args.prefix):
        objects += [item["Key"] for item in page.get("Contents", [])]
    got = {"pyarrow": collections.Counter(), "duckdb": collections.Counter()}
    with tempfile.TemporaryDirectory() as scratch:
        for index, name in enumerate(sorted(objects)):
            if not name.endswith(".parquet"):
                sys.exit(f"{name}: not a Parquet object under the run prefix")
            path = os.path.join(scratch, f"{index}.parquet")
            s3.download_file(args.bucket, name, path)
            got["pyarrow"].update(key(fields, row) for row in pq.read_table(path).to_pylist())
            connection = duckdb.connect()
            connection.execute("SET TimeZone='UTC'")
            cursor = connection.execute("SELECT * FROM read_parquet(?)", [path])
            names = [d[0] for d in cursor.description]
            got["duckdb"].update(key(fields, dict(zip(names, row))) for row in cursor.fetchall())
    for reader, counter in got.items():
        if counter != expected:
            missing = expected - counter
            extra = counter - expected
            sys.exit(f"{reader}: {sum(counter.values())} rows, expected {sum(expected.values())}; "
                     f"{sum(missing.values())} missing (first {str(next(iter(missing), ''))[:1500]}), "
                     f"{sum(extra.values())} extra (first {str(next(iter(extra), ''))[:1500]})")
    print(json.dumps({"objects": sorted(objects), "rows": sum(expected.values())}))


def download_all(endpoint, bucket, prefix, scratch):
    import boto3
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    paths = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            path = os.path.join(scratch, f"{len(paths)}.parquet")
            s3.download_file(bucket, item["Key"], path)
            paths[item["Key"]] = path
    return paths


def check_hashed(args):
    import hashlib
    import pyarrow.parquet as pq

    def digest(value):
        value = (value or "").strip(" \t\n\r\f\v")
        return hashlib.sha256(value.encode()).hexdigest() if value else None

    expected = collections.Counter()
    raw = set()
    with open(args.rows_jsonl) as handle:
        for line in handle:
            row = json.loads(line)
            gclid = (row.get("collected_traffic_source") or {}).get("gclid")
            values = [row.get("user_id"), row.get("user_pseudo_id"), gclid]
            raw.update(v for v in values if v and len(v.strip()) >= 4)
            hashes = [digest(v) for v in values]
            if any(hashes):
                lake = lake_row(row)
                expected[json.dumps([lake["event_key"], row["event_timestamp"] // 1000] + hashes)] += 1
    got = collections.Counter()
    with tempfile.TemporaryDirectory() as scratch:
        paths = download_all(args.endpoint, args.bucket, args.prefix, scratch)
        for name, path in paths.items():
            # Pages are compressed, so the byte search sees only identifiers in uncompressed metadata
            # (statistics, dictionaries written plain); the decoded values are searched as well.
            data = open(path, "rb").read()
            leaked = [v for v in raw if v.encode() in data]
            table = pq.read_table(path)
            leaked += [v for column in table.itercolumns() for v in column.to_pylist() if isinstance(v, str) and v in raw]
            if leaked:
                sys.exit(f"{name}: holds {len(leaked)} raw identifier(s)")
            if table.column_names != ["event_date", "event_key", "event_timestamp", "user_id_sha256",
                                      "user_pseudo_id_sha256", "gclid_sha256"]:
                sys.exit(f"{name}: columns {table.column_names}")
            for row in table.to_pylist():
                millis = int(row["event_timestamp"].timestamp() * 1000) if row["event_timestamp"] else None
                got[json.dumps([row["event_key"], millis, row["user_id_sha256"], row["user_pseudo_id_sha256"],
                                row["gclid_sha256"]])] += 1
    if got != expected:
        sys.exit(f"hashed rows: {sum(got.values())}, expected {sum(expected.values())}; first missing "
                 f"{next(iter(expected - got), '')}, first extra {next(iter(got - expected), '')}")
    print(json.dumps({"objects": sorted(paths), "rows": sum(got.values())}))


def check_fake(args):
    import duckdb
    import pyarrow.parquet as pq
    from bigquery_read_fake import row as fake_row

    expected = sorted((i, fake_row(i)["event_name"]) for i in range(int(args.rows)))
    got = {"pyarrow": [], "duckdb": []}
    with tempfile.TemporaryDirectory() as scratch:
        paths = download_all(args.endpoint, args.bucket, args.prefix, scratch)
        for path in paths.values():
            table = pq.read_table(path, columns=["event_bundle_sequence_id", "event_name"]).to_pylist()
            got["pyarrow"] += [(r["event_bundle_sequence_id"], r["event_name"]) for r in table]
            got["duckdb"] += duckdb.connect().execute(
                "SELECT event_bundle_sequence_id, event_name FROM read_parquet(?)", [path]).fetchall()
    for reader, rows in got.items():
        if sorted(rows) != expected:
            ids = collections.Counter(r[0] for r in rows)
            sys.exit(f"{reader}: {len(rows)} rows, expected {len(expected)}; twice: {[i for i, n in ids.items() if n > 1][:10]}, "
                     f"missing: {[i for i in range(len(expected)) if i not in ids][:10]}")
    print(json.dumps({"objects": sorted(paths), "rows": len(expected)}))


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    loader = commands.add_parser("load")
    for name in ("rest", "project", "dataset", "table"):
        loader.add_argument(name)
    loader.add_argument("events", type=int)
    loader.add_argument("seed", type=int)
    loader.add_argument("rows_jsonl")
    loader.add_argument("--replace", action="store_true")
    loader.add_argument("--omit", default="")
    loader.add_argument("--day", help="YYYY-MM-DD: the day the events happened on (default: the generated 2024-01-01)")
    loader.add_argument("--time-zone", default="UTC", help="the property's zone, in which --day is counted")
    checker = commands.add_parser("check")
    for name in ("endpoint", "bucket", "prefix", "rows_jsonl"):
        checker.add_argument(name)
    checker.add_argument("--omit", default="")
    hashed = commands.add_parser("check-hashed")
    for name in ("endpoint", "bucket", "prefix", "rows_jsonl"):
        hashed.add_argument(name)
    fake = commands.add_parser("check-fake")
    for name in ("endpoint", "bucket", "prefix", "rows"):
        fake.add_argument(name)
    args = parser.parse_args()
    {"load": load, "check": check, "check-hashed": check_hashed, "check-fake": check_fake}[args.command](args)


if __name__ == "__main__":
    main()
