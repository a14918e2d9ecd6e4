"""Reads what GA4Ingest wrote to a bucket, for the integration tests: every key under a prefix, and every
Parquet object read twice, by pyarrow and by DuckDB, which must agree value for value.

Usage: read_lake.py --endpoint http://127.0.0.1:PORT --bucket NAME --prefix PREFIX
Prints one JSON document: {"keys": [...], "parquet": {key: {"columns", "types", "rows", "footer"}}, "json": {key: doc}}.
Exits non-zero, naming the object and row, when the two readers disagree.
"""

import argparse
import datetime
import json
import math
import sys
import tempfile

import boto3
import duckdb
import pyarrow.parquet as pq


def plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        # As the Data API writes numbers: whole values without a fraction, others in their shortest exact form
        # (so that no JSON parser on the way rounds them).
        if math.isnan(value):
            return "NaN"
        return str(int(value)) if value.is_integer() else repr(value)
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--prefix", default="")
    args = parser.parse_args()
    s3 = boto3.client("s3", endpoint_url=args.endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=args.bucket, Prefix=args.prefix):
        keys += [item["Key"] for item in page.get("Contents", [])]
    result = {"keys": sorted(keys), "parquet": {}, "json": {}}
    connection = duckdb.connect()
    for key in keys:
        body = s3.get_object(Bucket=args.bucket, Key=key)["Body"].read()
        if key.endswith(".json"):
            if "/_cursors/" in key or key.endswith("_caveats.json"):
                result["json"][key] = json.loads(body)
            continue
        if not key.endswith(".parquet"):
            continue
        with tempfile.NamedTemporaryFile(suffix=".parquet") as handle:
            handle.write(body)
            handle.flush()
            file = pq.ParquetFile(handle.name)
            table = file.read()
            arrow_rows = [[plain(v) for v in row.values()] for row in table.to_pylist()]
            duck_rows = [[plain(v) for v in row] for row in connection.execute(
                "SELECT * FROM read_parquet(?)", [handle.name]).fetchall()]
            if arrow_rows != duck_rows:
                for index, (a, d) in enumerate(zip(arrow_rows, duck_rows)):
                    if a != d:
                        sys.exit(f"{key}: row {index}: pyarrow read {a}, DuckDB read {d}")
                sys.exit(f"{key}: pyarrow read {len(arrow_rows)} rows, DuckDB {len(duck_rows)}")
            footer = {k.decode(): v.decode() for k, v in (file.metadata.metadata or {}).items()}
            result["parquet"][key] = {
                "columns": table.column_names,
                "types": [str(field.type) for field in table.schema],
                "rows": arrow_rows,
                "footer": footer,
            }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
