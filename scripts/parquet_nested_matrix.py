"""Nested files in the Parquet reader matrix (STRUCT, LIST, MAP at any depth).

A nested manifest (`"nested": true`) carries the schema as a field tree and the records as JSON:

    field  = {"name", "optional", "kind": "primitive", "type", ["precision", "scale"]}
           | {"name", "optional", "kind": "group", "fields": [field...]}
           | {"name", "optional", "kind": "list", "element": field}
           | {"name", "optional", "kind": "map", "key": field, "value": field}
    record = {field name: value}; a group is an object, a list an array, a map an array of [key, value]

Leaf values are canonical: strings and booleans as themselves; integers, days, epoch units, doubles (their
IEEE bit pattern) and decimals (the unscaled integer) as decimal text, so nothing is rounded. Every reader's values are brought to the
same form, guided by the schema, and must be equal. The levels are worked out here from the records (the
Dremel striping, written independently of the Swift encoder) to check each reader's view of the metadata:
leaf paths, maximum levels, LIST/MAP annotations, value counts and null counts per row group.
"""
import datetime
import decimal
import json
import math
import os
import struct
import time

import duckdb
import fastparquet
import pyarrow as pa
import pyarrow.parquet as pq

# Spark hands timestamps to Python as naive datetimes in the process's time zone.
os.environ["TZ"] = "UTC"
time.tzset()

EPOCH_DATE = datetime.date(1970, 1, 1)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class Mismatch(Exception):
    pass


def bits(value):
    return struct.unpack("<Q", struct.pack("<d", value))[0]


# ----------------------------------------------------------------------------------------------- canonical values
def expected_value(field, value):
    """The manifest's JSON value in canonical form (maps as lists of (key, value) tuples)."""
    if value is None:
        return None
    kind = field["kind"]
    if kind == "primitive":
        return value if field["type"] in ("string", "boolean") else int(value)
    if kind == "group":
        return {child["name"]: expected_value(child, value.get(child["name"])) for child in field["fields"]}
    if kind == "list":
        return [expected_value(field["element"], item) for item in value]
    return [(expected_value(field["key"], k), expected_value(field["value"], v)) for k, v in value]


def to_epoch_units(value, unit_per_second):
    """A datetime (aware or naive UTC), pandas Timestamp or numpy datetime64 in epoch units."""
    if hasattr(value, "value") and hasattr(value, "tz_localize"):  # pandas Timestamp: nanoseconds
        return value.value // (10**9 // unit_per_second)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        delta = value - EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 10**6 + delta.microseconds
        return micros * unit_per_second // 10**6
    if isinstance(value, int):
        return value
    raise Mismatch(f"unexpected timestamp {value!r}")


def reader_value(field, value):
    """A reader's value in canonical form."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value) and field["kind"] == "primitive" and field["type"] != "double":
        return None
    kind = field["kind"]
    if kind == "primitive":
        kind = field["type"]
        if kind == "string":
            return value.decode() if isinstance(value, bytes) else str(value)
        if kind == "boolean":
            return bool(value)
        if kind in ("int32", "int64"):
            return int(value)
        if kind == "double":
            return bits(float(value))
        if kind == "date":
            if isinstance(value, datetime.datetime):
                value = value.date()
            return (value - EPOCH_DATE).days if isinstance(value, datetime.date) else int(value)
        if kind == "timestamp_ms":
            return to_epoch_units(value, 1000)
        if kind == "timestamp_us":
            return to_epoch_units(value, 10**6)
        if kind == "decimal":
            d = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
            return int(d.scaleb(field["scale"]))
        raise Mismatch(f"unknown type {kind}")
    if kind == "group":
        if hasattr(value, "asDict"):
            value = value.asDict()
        return {child["name"]: reader_value(child, value.get(child["name"])) for child in field["fields"]}
    if kind == "list":
        return [reader_value(field["element"], item) for item in list(value)]
    # map: pyarrow gives (key, value) tuples, DuckDB and Spark a dict (in file order)
    if isinstance(value, dict):
        if set(value.keys()) == {"key", "value"} and isinstance(value["key"], list):
            pairs = zip(value["key"], value["value"])
        else:
            pairs = value.items()
    else:
        pairs = [(entry[0], entry[1]) if not isinstance(entry, dict) else (entry["key"], entry["value"]) for entry in value]
    return [(reader_value(field["key"], k), reader_value(field["value"], v)) for k, v in pairs]


def sorted_maps(field, value):
    """`value` with every map's entries in key order: for readers that hand maps over as hash maps."""
    if value is None:
        return None
    kind = field["kind"]
    if kind == "group":
        return {c["name"]: sorted_maps(c, value[c["name"]]) for c in field["fields"]}
    if kind == "list":
        return [sorted_maps(field["element"], item) for item in value]
    if kind == "map":
        return sorted(((k, sorted_maps(field["value"], v)) for k, v in value), key=lambda pair: repr(pair[0]))
    return value


def compare_records(reader, manifest, expected, got, unordered_maps=False):
    if len(got) != len(expected):
        raise Mismatch(f"{reader}: {len(got)} records, expected {len(expected)}")
    for row, (want, have) in enumerate(zip(expected, got)):
        if unordered_maps:
            want = {f["name"]: sorted_maps(f, want[f["name"]]) for f in manifest["fields"]}
        for field in manifest["fields"]:
            name = field["name"]
            value = reader_value(field, have.get(name))
            if unordered_maps:
                value = sorted_maps(field, value)
            if value != want[name]:
                raise Mismatch(f"{reader}: record {row} field {name}: got {value!r}, expected {want[name]!r}")


# ----------------------------------------------------------------------------------------------- levels
def leaves(field, path=(), definition=0, repetition=0):
    """(path, max definition, max repetition, leaf field) for every leaf under `field`, depth first."""
    path = path + (field["name"],)
    present = definition + (1 if field["optional"] else 0)
    kind = field["kind"]
    if kind == "primitive":
        yield path, present, repetition, field
    elif kind == "group":
        for child in field["fields"]:
            yield from leaves(child, path, present, repetition)
    elif kind == "list":
        yield from leaves(field["element"], path + ("list",), present + 1, repetition + 1)
    else:
        yield from leaves(field["key"], path + ("key_value",), present + 1, repetition + 1)
        yield from leaves(field["value"], path + ("key_value",), present + 1, repetition + 1)


def stripe(field, value, repetition, definition, out):
    """Appends (repetition, definition, value) entries for every leaf under `field` to `out` (a list per leaf)."""
    if value is None:
        for column in out:
            column.append((repetition, definition, None))
        return
    present = definition + (1 if field["optional"] else 0)
    kind = field["kind"]
    if kind == "primitive":
        out[0].append((repetition, present, value))
    elif kind == "group":
        start = 0
        for child in field["fields"]:
            count = sum(1 for _ in leaves(child))
            stripe(child, value.get(child["name"]), repetition, present, out[start:start + count])
            start += count
    elif not value:
        for column in out:
            column.append((repetition, present, None))
    else:
        for position, item in enumerate(value):
            level = repetition if position == 0 else field["_entry_repetition"]
            if kind == "list":
                stripe(field["element"], item, level, present + 1, out)
            else:
                stripe(field["key"], item[0], level, present + 1, out[:1])
                stripe(field["value"], item[1], level, present + 1, out[1:])


def annotate(field, repetition=0):
    kind = field["kind"]
    if kind == "group":
        for child in field["fields"]:
            annotate(child, repetition)
    elif kind == "list":
        field["_entry_repetition"] = repetition + 1
        annotate(field["element"], repetition + 1)
    elif kind == "map":
        field["_entry_repetition"] = repetition + 1
        annotate(field["key"], repetition + 1)
        annotate(field["value"], repetition + 1)


def striped_columns(manifest, rows):
    """Per leaf, per record: the list of (repetition, definition, value) entries."""
    columns = []
    for field in manifest["fields"]:
        count = sum(1 for _ in leaves(field))
        records = []
        for row in rows:
            out = [[] for _ in range(count)]
            stripe(field, row.get(field["name"]), 0, 0, out)
            records.append(out)
        for index in range(count):
            columns.append([record[index] for record in records])
    return columns


# ----------------------------------------------------------------------------------------------- readers
def read_pyarrow(path, manifest, expected):
    table = pq.read_table(path)
    compare_records("pyarrow", manifest, expected, table.to_pylist())


def read_duckdb(path, manifest, expected):
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    cursor = con.execute("SELECT * FROM read_parquet(?)", [path])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    compare_records("duckdb", manifest, expected, rows)


def fastparquet_support(manifest):
    """None when fastparquet (2026.9) assembles every field, else what it does with the shape instead."""
    def only_primitives(field):
        return field["kind"] == "primitive" or field["kind"] == "group" and all(only_primitives(c) for c in field["fields"])

    for field in manifest["fields"]:
        for _, _, repetition, leaf in leaves(field):
            if leaf["type"] == "decimal":
                return f"field {field['name']}: fastparquet reads DECIMAL as float64 (the flat files check it)"
            if repetition > 1:
                return f"field {field['name']}: fastparquet does not assemble lists nested in lists (repetition {repetition})"
        kind = field["kind"]
        if kind == "list" and field["element"]["kind"] != "primitive":
            return f"field {field['name']}: fastparquet fails on lists of structs (TypeError in its assembly)"
        if kind == "map" and field["value"]["kind"] != "primitive":
            return f"field {field['name']}: fastparquet returns only the keys of a map of structs or lists"
        if kind == "group" and not only_primitives(field):
            return f"field {field['name']}: fastparquet flattens structs to dotted columns, not lists inside them"
    return None


def flatten_group(field, prefix, frame, index):
    """A struct from fastparquet's dotted columns (`a.b.c`)."""
    out = {}
    for child in field["fields"]:
        name = f"{prefix}.{child['name']}"
        out[child["name"]] = flatten_group(child, name, frame, index) if child["kind"] == "group" else frame[name].iloc[index]
    return out


def read_fastparquet(path, manifest, expected):
    frame = fastparquet.ParquetFile(path).to_pandas()
    rows = []
    for index in range(len(frame)):
        record = {}
        for field in manifest["fields"]:
            if field["kind"] == "group":
                record[field["name"]] = flatten_group(field, field["name"], frame, index)
            else:
                record[field["name"]] = frame[field["name"]].iloc[index]
        rows.append({k: clean_pandas(v) for k, v in record.items()})
    compare_records("fastparquet", manifest, fastparquet_expected(manifest, expected), rows)


def clean_pandas(value):
    """pandas/numpy scalars and arrays as Python values; NaN/NaT as None."""
    import numpy as np
    import pandas as pd

    if isinstance(value, dict):
        return {k: clean_pandas(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [clean_pandas(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [clean_pandas(v) for v in value]
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def fastparquet_expected(manifest, expected):
    """fastparquet shows a null struct as a struct of nulls, and a null double as NaN (None here)."""
    def spread(field, value):
        if field["kind"] != "group":
            return value
        if value is None:
            value = {c["name"]: None for c in field["fields"]}
        return {c["name"]: spread(c, value[c["name"]]) for c in field["fields"]}

    return [{f["name"]: spread(f, record[f["name"]]) for f in manifest["fields"]} for record in expected]


def read_spark(spark, path, manifest, expected, vectorized):
    spark.conf.set("spark.sql.parquet.enableVectorizedReader", "true" if vectorized else "false")
    frame = spark.read.parquet(path)
    rows = [row.asDict(recursive=False) for row in frame.collect()]
    # PySpark turns a MAP into a dict through a Java hash map, so its entries come back in no set order.
    compare_records("spark", manifest, expected, rows, unordered_maps=True)
    return frame.schema


# ----------------------------------------------------------------------------------------------- metadata
def arrow_type(field):
    kind = field["kind"]
    if kind == "primitive":
        t = field["type"]
        return {
            "string": pa.string(), "boolean": pa.bool_(), "int32": pa.int32(), "int64": pa.int64(),
            "double": pa.float64(), "date": pa.date32(), "timestamp_ms": pa.timestamp("ms", tz="UTC"),
            "timestamp_us": pa.timestamp("us", tz="UTC"),
        }.get(t) or pa.decimal128(field["precision"], field["scale"])
    if kind == "group":
        return pa.struct([pa.field(c["name"], arrow_type(c), nullable=c["optional"]) for c in field["fields"]])
    if kind == "list":
        element = field["element"]
        return pa.list_(pa.field("element", arrow_type(element), nullable=element["optional"]))
    return pa.map_(pa.field("key", arrow_type(field["key"]), nullable=False),
                   pa.field("value", arrow_type(field["value"]), nullable=field["value"]["optional"]))


def check_pyarrow_metadata(path, manifest, striped):
    parquet_file = pq.ParquetFile(path)
    md = parquet_file.metadata
    if md.num_rows != len(manifest["rows"]):
        raise Mismatch(f"num_rows {md.num_rows}")
    arrow = parquet_file.schema_arrow
    for field in manifest["fields"]:
        got = arrow.field(field["name"])
        want = pa.field(field["name"], arrow_type(field), nullable=field["optional"])
        if not got.equals(want):
            raise Mismatch(f"arrow schema of {field['name']}: {got}, expected {want}")
    expected_leaves = [leaf for field in manifest["fields"] for leaf in leaves(field)]
    if md.num_columns != len(expected_leaves):
        raise Mismatch(f"{md.num_columns} leaf columns, expected {len(expected_leaves)}")
    for index, (leaf_path, max_def, max_rep, _) in enumerate(expected_leaves):
        column = parquet_file.schema.column(index)
        got = (column.path, column.max_definition_level, column.max_repetition_level)
        if got != (".".join(leaf_path), max_def, max_rep):
            raise Mismatch(f"leaf {index}: {got}, expected {('.'.join(leaf_path), max_def, max_rep)}")
    sizes = [md.row_group(i).num_rows for i in range(md.num_row_groups)]
    if manifest.get("row_group_rows") is not None and sizes != [int(n) for n in manifest["row_group_rows"]]:
        raise Mismatch(f"row groups {sizes}, expected {manifest['row_group_rows']}")
    start = 0
    for group, size in enumerate(sizes):
        rg = md.row_group(group)
        for index, (leaf_path, max_def, _, _) in enumerate(expected_leaves):
            entries = [e for record in striped[index][start:start + size] for e in record]
            chunk = rg.column(index)
            where = f"{'.'.join(leaf_path)} row group {group}"
            if chunk.num_values != len(entries):
                raise Mismatch(f"{where}: num_values {chunk.num_values}, expected {len(entries)} level entries")
            nulls = sum(1 for _, d, _ in entries if d < max_def)
            if chunk.statistics is None or chunk.statistics.null_count != nulls:
                raise Mismatch(f"{where}: null_count {chunk.statistics and chunk.statistics.null_count}, expected {nulls}")
            present = [v for _, d, v in entries if d == max_def]
            if chunk.statistics.has_min_max != bool(present):
                raise Mismatch(f"{where}: has_min_max {chunk.statistics.has_min_max}")
        start += size


def check_duckdb_metadata(path, manifest):
    """DuckDB's view of the schema elements: LIST and MAP annotations on the outer groups, repeated `list` and
    `key_value` groups, and the leaves' repetition."""
    con = duckdb.connect()
    rows = con.execute("SELECT name, repetition_type, num_children, converted_type, logical_type "
                       "FROM parquet_schema(?)", [path]).fetchall()
    want = [("schema", None, len(manifest["fields"]))]

    def walk(field):
        repetition = "OPTIONAL" if field["optional"] else "REQUIRED"
        kind = field["kind"]
        if kind == "primitive":
            want.append((field["name"], repetition, None))
        elif kind == "group":
            want.append((field["name"], repetition, len(field["fields"])))
            for child in field["fields"]:
                walk(child)
        elif kind == "list":
            want.append((field["name"], repetition, 1, "LIST"))
            want.append(("list", "REPEATED", 1))
            walk(field["element"])
        else:
            want.append((field["name"], repetition, 1, "MAP"))
            want.append(("key_value", "REPEATED", 2))
            walk(field["key"])
            walk(field["value"])

    for field in manifest["fields"]:
        walk(field)
    if len(rows) != len(want):
        raise Mismatch(f"duckdb parquet_schema: {len(rows)} elements, expected {len(want)}")
    for index, (row, expected) in enumerate(zip(rows, want)):
        name, repetition, children, converted, logical = row
        if name != expected[0] or (index > 0 and repetition != expected[1]):
            raise Mismatch(f"duckdb element {index}: {name} {repetition}, expected {expected[:2]}")
        if expected[2] is not None and (children or 0) != expected[2]:
            raise Mismatch(f"duckdb element {name}: {children} children, expected {expected[2]}")
        annotation = expected[3] if len(expected) > 3 else None
        if annotation is not None:
            if converted != annotation or annotation not in str(logical).upper():
                raise Mismatch(f"duckdb element {name}: converted {converted}, logical {logical}, expected {annotation}")
        elif converted in ("LIST", "MAP", "MAP_KEY_VALUE"):
            raise Mismatch(f"duckdb element {name}: unexpected {converted}")


def spark_type(field):
    kind = field["kind"]
    if kind == "primitive":
        t = field["type"]
        if t == "decimal":
            return f"decimal({field['precision']},{field['scale']})"
        return {"string": "string", "boolean": "boolean", "int32": "int", "int64": "bigint", "double": "double",
                "date": "date", "timestamp_ms": "timestamp", "timestamp_us": "timestamp"}[t]
    if kind == "group":
        return "struct<" + ",".join(f"{c['name']}:{spark_type(c)}" for c in field["fields"]) + ">"
    if kind == "list":
        return f"array<{spark_type(field['element'])}>"
    return f"map<{spark_type(field['key'])},{spark_type(field['value'])}>"


def check_spark_schema(schema, manifest):
    for field in manifest["fields"]:
        got = schema[field["name"]].dataType.simpleString()
        if got != spark_type(field):
            raise Mismatch(f"spark type of {field['name']}: {got}, expected {spark_type(field)}")


def check_parquet_java_metadata(spark, path, manifest, striped):
    """parquet-java's view: each leaf's path and maximum levels, the LIST/MAP annotations of the top-level
    fields, and per row group each chunk's value count and null count."""
    jvm = spark._jvm
    conf = spark._jsc.hadoopConfiguration()
    input_file = jvm.org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(jvm.org.apache.hadoop.fs.Path(path), conf)
    reader = jvm.org.apache.parquet.hadoop.ParquetFileReader.open(input_file)
    try:
        footer = reader.getFooter()
        schema = footer.getFileMetaData().getSchema()
        expected_leaves = [leaf for field in manifest["fields"] for leaf in leaves(field)]
        descriptors = schema.getColumns()
        if descriptors.size() != len(expected_leaves):
            raise Mismatch(f"parquet-java: {descriptors.size()} leaves, expected {len(expected_leaves)}")
        for index, (leaf_path, max_def, max_rep, _) in enumerate(expected_leaves):
            descriptor = descriptors.get(index)
            got = (".".join(descriptor.getPath()), descriptor.getMaxDefinitionLevel(), descriptor.getMaxRepetitionLevel())
            if got != (".".join(leaf_path), max_def, max_rep):
                raise Mismatch(f"parquet-java leaf {index}: {got}, expected {('.'.join(leaf_path), max_def, max_rep)}")
        for field in manifest["fields"]:
            annotation = schema.getType(field["name"]).getLogicalTypeAnnotation()
            want = {"list": "LIST", "map": "MAP"}.get(field["kind"])
            got = None if annotation is None else annotation.toString()
            if want is not None and got != want or want is None and field["kind"] == "group" and got is not None:
                raise Mismatch(f"parquet-java annotation of {field['name']}: {got}, expected {want}")
        blocks = footer.getBlocks()
        start = 0
        for group in range(blocks.size()):
            block = blocks.get(group)
            size = block.getRowCount()
            columns = block.getColumns()
            for index, (leaf_path, max_def, _, _) in enumerate(expected_leaves):
                entries = [e for record in striped[index][start:start + size] for e in record]
                chunk = columns.get(index)
                nulls = sum(1 for _, d, _ in entries if d < max_def)
                if chunk.getValueCount() != len(entries) or chunk.getStatistics().getNumNulls() != nulls:
                    raise Mismatch(f"parquet-java {'.'.join(leaf_path)} row group {group}: {chunk.getValueCount()} values, "
                                   f"{chunk.getStatistics().getNumNulls()} nulls; expected {len(entries)}, {nulls}")
            start += size
    finally:
        reader.close()


# ----------------------------------------------------------------------------------------------- driver
def load(manifest_path):
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    for field in manifest["fields"]:
        annotate(field)
    expected = [{f["name"]: expected_value(f, row.get(f["name"])) for f in manifest["fields"]} for row in manifest["rows"]]
    return manifest, expected


def read_all(path, manifest, expected, results, spark_session):
    """Reads a nested file with every reader; records (reader, ok, detail); a skip has ok None."""
    striped = striped_columns(manifest, expected)

    def spark(vectorized):
        schema = read_spark(spark_session(), path, manifest, expected, vectorized)
        check_spark_schema(schema, manifest)
        if vectorized:
            check_parquet_java_metadata(spark_session(), path, manifest, striped)

    reason = fastparquet_support(manifest)
    attempts = [
        ("pyarrow", lambda: (read_pyarrow(path, manifest, expected), check_pyarrow_metadata(path, manifest, striped))),
        ("duckdb", lambda: (read_duckdb(path, manifest, expected), check_duckdb_metadata(path, manifest))),
        ("fastparquet", (lambda: read_fastparquet(path, manifest, expected)) if reason is None else reason),
        ("spark-vectorized", lambda: spark(True)),
        ("spark-row", lambda: spark(False)),
    ]
    import traceback

    for reader, attempt in attempts:
        if isinstance(attempt, str):
            results.append((reader, None, attempt))
            continue
        try:
            attempt()
            results.append((reader, True, ""))
        except Exception as error:  # every reader error is a finding
            detail = "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()
            results.append((reader, False, " | ".join(detail)[:600]))
