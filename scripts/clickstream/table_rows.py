"""Reads the clickstream table back from the local S3 (moto) with independent Parquet readers and prints its rows.

Every object under the prefix is downloaded into a scratch directory keeping its key, then read by each reader
asked for (pyarrow, duckdb, fastparquet, spark). The readers must agree on every row, and the partition
directories of each file must match the UTC hour of its rows' event_time; otherwise the script exits 1 naming
the difference. On success it prints one JSON document: {"files": [keys], "rows": [rows sorted by shard and
sequence number]}, with timestamps as epoch milliseconds.

    table_rows.py --endpoint http://127.0.0.1:PORT --bucket B --prefix events/ --readers pyarrow,duckdb
"""

import argparse
import datetime
import json
import os
import re
import sys
import tempfile

import boto3

COLUMNS = ["event_id", "session_id", "user_id", "event_type", "page_url", "referrer", "event_time", "device_type",
           "browser", "os", "country", "duration_ms", "extra_fields", "shard_id", "sequence_number", "arrival_time", "sub_sequence_number"]
TIMESTAMPS = {"event_time", "arrival_time"}
PARTITION = re.compile(r"year=(\d{4})/month=(\d{2})/day=(\d{2})/hour=(\d{2})/[^/]+$")


def download(endpoint, bucket, prefix, into):
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys += [item["Key"] for item in page.get("Contents", [])]
    files = []
    for key in sorted(keys):
        path = os.path.join(into, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        s3.download_file(bucket, key, path)
        files.append((key, path))
    return files


def normalise(row):
    out = {}
    for name in COLUMNS:
        value = row[name]
        if name in TIMESTAMPS and value is not None and not isinstance(value, int):
            if isinstance(value, datetime.datetime):
                if value.tzinfo is None:
                    value = value.replace(tzinfo=datetime.timezone.utc)
                value = int(round(value.timestamp() * 1000))
            else:  # pandas Timestamp
                value = int(value.value // 1_000_000)
        if name in ("duration_ms", "sub_sequence_number") and value is not None:
            if value != value:  # NaN from pandas
                value = None
            else:
                value = int(value)
        if isinstance(value, float) and value != value:
            value = None
        out[name] = value
    return out


def read_pyarrow(path):
    import pyarrow.parquet as pq
    table = pq.read_table(path)
    return [normalise(row) for row in table.to_pylist()]


def read_duckdb(path):
    import duckdb
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    select = ", ".join(f"epoch_ms({c}) AS {c}" if c in TIMESTAMPS else c for c in COLUMNS)
    cursor = connection.execute(f"SELECT {select} FROM read_parquet(?)", [path])
    names = [d[0] for d in cursor.description]
    return [normalise(dict(zip(names, values))) for values in cursor.fetchall()]


def read_fastparquet(path):
    import fastparquet
    frame = fastparquet.ParquetFile(path).to_pandas()
    return [normalise(row) for row in frame.to_dict("records")]


_spark = None


def read_spark(path):
    global _spark
    if _spark is None:
        from pyspark.sql import SparkSession
        _spark = (SparkSession.builder.master("local[1]").appName("clickstream-oracle")
                  .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
                  .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                  .getOrCreate())
        _spark.sparkContext.setLogLevel("ERROR")
    frame = _spark.read.parquet(path)
    select = [f"unix_millis({c}) AS {c}" if c in TIMESTAMPS else c for c in COLUMNS]
    return [normalise(row.asDict()) for row in frame.selectExpr(*select).collect()]


READERS = {"pyarrow": read_pyarrow, "duckdb": read_duckdb, "fastparquet": read_fastparquet, "spark": read_spark}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--prefix", default="events/")
    parser.add_argument("--readers", default="pyarrow")
    args = parser.parse_args()
    if not re.match(r"^http://(127\.0\.0\.1|localhost):\d+$", args.endpoint):
        parser.error("the endpoint must be on loopback")
    readers = args.readers.split(",")
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        files = download(args.endpoint, args.bucket, args.prefix, scratch)
        for key, path in files:
            if not key.endswith(".parquet"):
                continue
            first = None
            for name in readers:
                found = READERS[name](path)
                if first is None:
                    first = found
                elif found != first:
                    diff = next((i for i, (a, b) in enumerate(zip(first, found)) if a != b), min(len(first), len(found)))
                    print(f"{key}: {name} disagrees with {readers[0]} at row {diff}: "
                          f"{found[diff] if diff < len(found) else None} vs {first[diff] if diff < len(first) else None}",
                          file=sys.stderr)
                    return 1
            match = PARTITION.search(key)
            if not match:
                print(f"{key}: not in a year=/month=/day=/hour= directory", file=sys.stderr)
                return 1
            for row in first:
                when = datetime.datetime.fromtimestamp(row["event_time"] / 1000, tz=datetime.timezone.utc)
                if (when.year, when.month, when.day, when.hour) != tuple(int(v) for v in match.groups()):
                    print(f"{key}: row {row['event_id']} has event_time {when.isoformat()} outside its partition",
                          file=sys.stderr)
                    return 1
            rows += first
    rows.sort(key=lambda r: (r["shard_id"], len(r["sequence_number"]), r["sequence_number"],
                             -1 if r["sub_sequence_number"] is None else r["sub_sequence_number"]))
    json.dump({"files": [key for key, _ in files], "rows": rows}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
