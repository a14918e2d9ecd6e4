"""Reads GA4 export files written by the Swift writer with pyarrow, DuckDB and Spark (parquet-java) and checks each
against the generated source rows: every event exactly once, in order, every value equal (doubles by bit pattern,
NaN equal to NaN), every column of the table present with its type; with --template, the Glue table in template.yaml
has exactly the file's columns and types.

    check_export_parquet.py [--template template.yaml] [--no-spark] CASE_DIR...

A CASE_DIR holds a generated day (rows.jsonl as the session delivered it) and the writer's out.parquet.
"""
import argparse
import datetime
import json
import math
import os
import struct
import sys
import time

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ga4_export_expected import PROMOTED, lake_row  # noqa: E402
from ga4_export_schema import TABLE_FIELDS  # noqa: E402

os.environ["TZ"] = "UTC"
time.tzset()
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class Mismatch(Exception):
    pass


# ------------------------------------------------------------------------------------------------ types
ARROW = {"STRING": pa.string(), "INTEGER": pa.int64(), "FLOAT": pa.float64(), "BOOLEAN": pa.bool_(),
         "INT32": pa.int32(), "TIMESTAMP_MS": pa.timestamp("ms", tz="UTC")}
HIVE = {"STRING": "string", "INTEGER": "bigint", "FLOAT": "double", "BOOLEAN": "boolean", "INT32": "int",
        "TIMESTAMP_MS": "timestamp"}


def arrow_type(field):
    if field["type"] == "RECORD":
        struct_type = pa.struct([pa.field(c["name"], arrow_type(c)) for c in field["fields"]])
        return pa.list_(pa.field("element", struct_type)) if field.get("mode") == "REPEATED" else struct_type
    return ARROW[field["type"]]


def lake_fields():
    return TABLE_FIELDS + [{"name": name, "type": kind, "mode": "NULLABLE"} for name, kind in PROMOTED]


def hive_type_of_arrow(t):
    if pa.types.is_struct(t):
        return "struct<" + ",".join(f"{t.field(i).name}:{hive_type_of_arrow(t.field(i).type)}" for i in range(t.num_fields)) + ">"
    if pa.types.is_list(t):
        return f"array<{hive_type_of_arrow(t.value_type)}>"
    if pa.types.is_timestamp(t):
        return "timestamp"
    return {pa.string(): "string", pa.int64(): "bigint", pa.float64(): "double", pa.bool_(): "boolean",
            pa.int32(): "int"}[t]


# ------------------------------------------------------------------------------------------------ values
def canonical(field, value):
    if value is None:
        return None
    kind = field["type"]
    if kind == "RECORD":
        if field.get("mode") == "REPEATED":
            return [canonical({"type": "RECORD", "fields": field["fields"]}, v) for v in list(value)]
        if hasattr(value, "asDict"):
            value = value.asDict()
        return {c["name"]: canonical(c, value[c["name"]]) for c in field["fields"]}
    if kind == "FLOAT":
        value = float(value)
        return "NaN" if math.isnan(value) else struct.pack(">d", value).hex()
    if kind in ("INTEGER", "INT32"):
        return int(value)
    if kind == "TIMESTAMP_MS":
        if isinstance(value, datetime.datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=datetime.timezone.utc)
            delta = value - EPOCH
            return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
        return int(value)
    if kind == "STRING":
        return value.decode() if isinstance(value, bytes) else value
    return value


def compare(reader, fields, expected, got):
    if len(got) != len(expected):
        raise Mismatch(f"{reader}: {len(got)} rows, expected {len(expected)}")
    for index, (want, have) in enumerate(zip(expected, got)):
        for field in fields:
            name = field["name"]
            a = canonical(field, want[name])
            b = canonical(field, have[name])
            if a != b:
                raise Mismatch(f"{reader}: row {index} column {name}: got {str(b)[:300]}, expected {str(a)[:300]}")


def read_pyarrow(path):
    return pq.read_table(path).to_pylist()


def read_duckdb(path):
    connection = duckdb.connect()
    connection.execute("SET TimeZone='UTC'")
    cursor = connection.execute("SELECT * FROM read_parquet(?)", [path])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def read_spark(spark, path, vectorized):
    spark.conf.set("spark.sql.parquet.enableVectorizedReader", "true" if vectorized else "false")
    return [row.asDict(recursive=False) for row in spark.read.parquet(path).collect()]


def check_schema(path):
    schema = pq.ParquetFile(path).schema_arrow
    fields = lake_fields()
    if schema.names != [f["name"] for f in fields]:
        raise Mismatch(f"columns {schema.names}, expected {[f['name'] for f in fields]}")
    for field in fields:
        want = arrow_type(field)
        got = schema.field(field["name"]).type
        if not got.equals(want):
            raise Mismatch(f"column {field['name']}: {got}, expected {want}")
    return schema


def check_template(template, schema):
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    with open(template) as handle:
        resources = yaml.load(handle, Loader=Loader)["Resources"]
    table = resources["GA4ExportEventsTable"]["Properties"]["TableInput"]
    columns = [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]]
    want = [(name, hive_type_of_arrow(schema.field(name).type)) for name in schema.names]
    if columns != want:
        for have, expected in zip(columns, want):
            if have != expected:
                raise Mismatch(f"Glue column {have[0]}: {have[1]}, the files hold {expected[0]}: {expected[1]}")
        raise Mismatch(f"Glue table has {len(columns)} columns, the files {len(want)}")
    partitions = [(c["Name"], c["Type"]) for c in table["PartitionKeys"]]
    if partitions != [("property_id", "string"), ("dt", "string")]:
        raise Mismatch(f"partition keys {partitions}")
    print(f"OK   glue table GA4ExportEventsTable: {len(columns)} columns equal the file schema")


def fail(line):
    """A failure goes to stdout with the report and to stderr, which a caller shows when the exit status is not 0."""
    print(line)
    print(line, file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="+")
    parser.add_argument("--template")
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()
    spark = None
    if not args.no_spark:
        from pyspark.sql import SparkSession
        spark = (SparkSession.builder.master("local[1]").appName("ga4-export-check")
                 .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
    failures = 0
    fields = lake_fields()
    for case in args.cases:
        path = os.path.join(case, "out.parquet")
        with open(os.path.join(case, "rows.jsonl")) as handle:
            expected = [lake_row(json.loads(line)) for line in handle]
        name = os.path.basename(case.rstrip("/"))
        try:
            schema = check_schema(path)
            print(f"OK   schema {name}: {len(schema.names)} columns")
            if args.template:
                check_template(args.template, schema)
                args.template = None
        except Mismatch as error:
            failures += 1
            fail(f"FAIL schema {name}: {error}")
        readers = [("pyarrow", lambda: read_pyarrow(path)), ("duckdb", lambda: read_duckdb(path))]
        if spark is not None:
            readers += [("spark-vectorized", lambda: read_spark(spark, path, True)),
                        ("spark-row", lambda: read_spark(spark, path, False))]
        for reader, read in readers:
            try:
                compare(reader, fields, expected, read())
                print(f"OK   {reader} {name}: {len(expected)} rows")
            except Exception as error:  # noqa: BLE001 - a reader's own failure is a finding too
                failures += 1
                fail(f"FAIL {reader} {name}: {error}")
    if spark is not None:
        spark.stop()
    print(f"SUMMARY {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
