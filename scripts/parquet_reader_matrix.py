#!/usr/bin/env python3
"""Reader matrix for Parquet files written by the Swift `Parquet` module.

    parquet_reader_matrix.py CORPUS_DIR

CORPUS_DIR holds NAME.parquet files, each with a NAME.json manifest (columns, codec, created_by, key-value
metadata, every value as text, and optional expectations on encodings, dictionary pages and row groups).
Manifests marked "nested" hold a field tree and records instead (see parquet_nested_matrix.py); readers that
cannot assemble a nested shape are skipped with the reason ("SKIP reader file: why").
Each file is read by pyarrow, DuckDB, fastparquet and Spark (parquet-java; vectorized and row readers, one
JVM for all files). Every value must equal the manifest's, and each reader's view of the metadata
(statistics computed here from the values, encodings, codec, logical types, row counts) must match.
Then copies of one file are corrupted (a page size, a column chunk size, a truncated tail) and every reader
must reject the page-size corruption, to show the matrix can fail.

Prints one line per reader and file ("OK   reader file" or "FAIL reader file: why") and exits 1 on any failure.
"""
import decimal
import glob
import json
import math
import os
import shutil
import struct
import sys
import tempfile
import traceback

import duckdb
import fastparquet
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import parquet_nested_matrix
from parquet_thrift import CompactReader, footer_bounds

decimal.getcontext().prec = 100
READERS = ["pyarrow", "duckdb", "fastparquet", "spark-vectorized", "spark-row"]
CODEC_NAMES = {"UNCOMPRESSED": "UNCOMPRESSED", "SNAPPY": "SNAPPY", "GZIP": "GZIP", "ZSTD": "ZSTD"}


class Mismatch(Exception):
    pass


# ----------------------------------------------------------------------------------------------- expectations
def canonical(column, text):
    """The manifest's text value as a comparable Python value."""
    if text is None:
        return None
    kind = column["type"]
    if kind == "string":
        return text
    if kind == "boolean":
        return text == "true"
    if kind == "double":
        return int(text)  # IEEE bit pattern
    return int(text)  # integers, days, epoch units, unscaled decimals


def bits(value):
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def from_bits(pattern):
    return struct.unpack("<d", struct.pack("<Q", pattern))[0]


def unscaled(value, scale):
    """A Decimal (or its text) as the unscaled integer, exactly."""
    d = decimal.Decimal(value) if not isinstance(value, decimal.Decimal) else value
    scaled = d.scaleb(scale)
    if scaled != scaled.to_integral_value():
        raise Mismatch(f"decimal {value} has more than {scale} fractional digits")
    return int(scaled)


def expected_statistics(column, values):
    """(null_count, min, max) in the column's type order; min/max None when there is nothing to order."""
    nulls = sum(v is None for v in values)
    present = [v for v in values if v is not None]
    kind = column["type"]
    if kind == "double":
        ordered = [from_bits(v) for v in present if not math.isnan(from_bits(v))]
        if not ordered:
            return nulls, None, None
        low, high = min(ordered), max(ordered)
        # The spec asks for -0.0 as a zero minimum and +0.0 as a zero maximum.
        return nulls, bits(-0.0 if low == 0 else low), bits(0.0 if high == 0 else high)
    if not present:
        return nulls, None, None
    if kind == "string":
        return nulls, min(present, key=lambda s: s.encode()), max(present, key=lambda s: s.encode())
    return nulls, min(present), max(present)


# ----------------------------------------------------------------------------------------------- value readers
def compare(reader, manifest, expected, got, float_nulls=()):
    for column in manifest["columns"]:
        name = column["name"]
        want, have = expected[name], got[name]
        if len(want) != len(have):
            raise Mismatch(f"{name}: {len(have)} values, expected {len(want)}")
        for row, (a, b) in enumerate(zip(want, have)):
            if a == b:
                continue
            if name in float_nulls and a is None and b is not None and math.isnan(from_bits(b)):
                continue  # this reader shows nulls in float columns as NaN
            raise Mismatch(f"{name} row {row}: got {b!r}, expected {a!r}")


def read_pyarrow(path, manifest):
    table = pq.read_table(path)
    if table.num_rows != manifest["rows"]:
        raise Mismatch(f"{table.num_rows} rows")
    out = {}
    for column in manifest["columns"]:
        array = table.column(column["name"])
        kind = column["type"]
        if kind.startswith("timestamp"):
            out[column["name"]] = pc.cast(array, pa.int64()).to_pylist()
        elif kind == "date":
            out[column["name"]] = pc.cast(array, pa.int32()).to_pylist()
        elif kind == "decimal":
            out[column["name"]] = [None if v is None else unscaled(v, column["scale"]) for v in array.to_pylist()]
        elif kind == "double":
            out[column["name"]] = [None if v is None else bits(v) for v in array.to_pylist()]
        else:
            out[column["name"]] = array.to_pylist()
    return out


def read_duckdb(path, manifest):
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    expressions = []
    for column in manifest["columns"]:
        q = '"' + column["name"] + '"'
        kind = column["type"]
        if kind == "timestamp_ms":
            expressions.append(f"epoch_ms({q})")
        elif kind == "timestamp_us":
            expressions.append(f"epoch_us({q})")
        elif kind == "date":
            expressions.append(f"({q} - DATE '1970-01-01')")
        elif kind == "decimal":
            expressions.append(f"CAST({q} AS VARCHAR)")
        else:
            expressions.append(q)
    rows = con.execute(f"SELECT {', '.join(expressions)} FROM read_parquet(?)", [path]).fetchall()
    out = {}
    for index, column in enumerate(manifest["columns"]):
        values = [r[index] for r in rows]
        if column["type"] == "decimal":
            values = [None if v is None else unscaled(v, column["scale"]) for v in values]
        elif column["type"] == "double":
            values = [None if v is None else bits(v) for v in values]
        out[column["name"]] = values
    return out


def read_fastparquet(path, manifest):
    frame = fastparquet.ParquetFile(path).to_pandas()
    out = {}
    for column in manifest["columns"]:
        series = frame[column["name"]]
        kind = column["type"]
        missing = series.isna().tolist()
        if kind.startswith("timestamp") or kind == "date":
            raw = series.values.view("int64").tolist()
            unit = str(series.dtype)
            if kind == "date":
                per_day = {"datetime64[ns]": 86_400 * 10**9, "datetime64[us]": 86_400 * 10**6,
                           "datetime64[ms]": 86_400_000, "datetime64[s]": 86_400}[unit]
                values = [v // per_day for v in raw]
            else:
                want = "datetime64[ms]" if kind == "timestamp_ms" else "datetime64[us]"
                if unit != want:
                    raise Mismatch(f"{column['name']}: dtype {unit}, expected {want}")
                values = raw
        elif kind == "decimal":
            # fastparquet gives DECIMAL as float64: the nearest double of the exact value is what it promises.
            values = [None if m else float(v) for v, m in zip(series.tolist(), missing)]
        elif kind == "double":
            values = [bits(v) for v in series.astype("float64").tolist()]
        elif kind == "boolean":
            values = [bool(v) if not m else None for v, m in zip(series.tolist(), missing)]
        elif kind in ("int32", "int64"):
            values = [int(v) if not m else None for v, m in zip(series.tolist(), missing)]
        else:
            values = series.tolist()
        if kind != "double":
            values = [None if m else v for v, m in zip(values, missing)]
        out[column["name"]] = values
    return out


class NearDecimal:
    """fastparquet returns DECIMAL as float64 computed as unscaled * 10**-scale, so it is only within a few
    units in the last place of the exact value; equal when the double is that close."""

    def __init__(self, unscaled_value, scale):
        self.exact = decimal.Decimal(unscaled_value).scaleb(-scale)

    def __eq__(self, other):
        if other is None or isinstance(other, float) and math.isnan(other):
            return False
        nearest = float(self.exact)
        return abs(decimal.Decimal(other) - self.exact) <= decimal.Decimal(4 * math.ulp(nearest) if nearest else 1e-300)

    def __repr__(self):
        return f"~{self.exact}"


def fastparquet_expected(manifest, expected):
    adjusted = dict(expected)
    for column in manifest["columns"]:
        if column["type"] == "decimal":
            scale = column["scale"]
            adjusted[column["name"]] = [None if v is None else NearDecimal(v, scale) for v in expected[column["name"]]]
    return adjusted


SPARK = None


def spark_session():
    global SPARK
    if SPARK is None:
        from pyspark.sql import SparkSession

        SPARK = (
            SparkSession.builder.master("local[1]").appName("parquet-reader-matrix")
            .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "1").config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        SPARK.sparkContext.setLogLevel("ERROR")
    return SPARK


def read_spark(path, manifest, vectorized):
    spark = spark_session()
    spark.conf.set("spark.sql.parquet.enableVectorizedReader", "true" if vectorized else "false")
    frame = spark.read.parquet(path)
    expressions = []
    for column in manifest["columns"]:
        q = "`" + column["name"] + "`"
        kind = column["type"]
        if kind.startswith("timestamp"):
            expressions.append(f"unix_micros({q}) AS {q}")
        elif kind == "date":
            expressions.append(f"unix_date({q}) AS {q}")
        elif kind == "decimal":
            expressions.append(f"CAST({q} AS STRING) AS {q}")
        else:
            expressions.append(q)
    rows = frame.selectExpr(*expressions).collect() if manifest["columns"] else []
    out = {}
    for index, column in enumerate(manifest["columns"]):
        values = [r[index] for r in rows]
        kind = column["type"]
        if kind == "timestamp_ms":
            values = [None if v is None else v // 1000 if v % 1000 == 0 else ("not whole ms", v) for v in values]
        elif kind == "decimal":
            values = [None if v is None else unscaled(v, column["scale"]) for v in values]
        elif kind == "double":
            values = [None if v is None else bits(v) for v in values]
        out[column["name"]] = values
    return out


# ----------------------------------------------------------------------------------------------- metadata views
def row_group_slices(manifest, sizes):
    start = 0
    for size in sizes:
        yield start, start + size
        start += size


def check_pyarrow_metadata(path, manifest, expected):
    parquet_file = pq.ParquetFile(path)
    md = parquet_file.metadata
    sizes = [md.row_group(i).num_rows for i in range(md.num_row_groups)]
    if md.num_rows != manifest["rows"] or sum(sizes) != manifest["rows"]:
        raise Mismatch(f"num_rows {md.num_rows}, row groups {sizes}")
    if manifest.get("row_group_rows") is not None and sizes != manifest["row_group_rows"]:
        raise Mismatch(f"row groups {sizes}, expected {manifest['row_group_rows']}")
    if md.created_by != manifest["created_by"]:
        raise Mismatch(f"created_by {md.created_by!r}")
    kv = {k.decode(): v.decode() for k, v in (md.metadata or {}).items()}
    if kv != manifest["key_value"]:
        raise Mismatch(f"key-value metadata {kv}")
    schema = parquet_file.schema
    for index, column in enumerate(manifest["columns"]):
        leaf = schema.column(index)
        check_logical_type(column, leaf)
        if leaf.max_definition_level != (1 if column["optional"] else 0):
            raise Mismatch(f"{column['name']}: max_definition_level {leaf.max_definition_level}")
    for group, (start, end) in enumerate(row_group_slices(manifest, sizes)):
        rg = md.row_group(group)
        for index, column in enumerate(manifest["columns"]):
            chunk = rg.column(index)
            name = column["name"]
            where = f"{name} row group {group}"
            if chunk.compression != CODEC_NAMES[manifest["codec"]]:
                raise Mismatch(f"{where}: codec {chunk.compression}")
            if chunk.num_values != end - start:
                raise Mismatch(f"{where}: num_values {chunk.num_values}, rows {end - start}")
            encodings = set(chunk.encodings)
            if name in manifest["encodings"] and encodings != set(manifest["encodings"][name]):
                raise Mismatch(f"{where}: encodings {sorted(encodings)}")
            if not encodings <= {"PLAIN", "RLE", "RLE_DICTIONARY"}:
                raise Mismatch(f"{where}: unexpected encodings {sorted(encodings)}")
            if ("RLE" in encodings) != column["optional"]:
                raise Mismatch(f"{where}: RLE levels listed {('RLE' in encodings)} for optional={column['optional']}")
            if chunk.has_dictionary_page != ("RLE_DICTIONARY" in encodings):
                raise Mismatch(f"{where}: dictionary page {chunk.has_dictionary_page} vs encodings {sorted(encodings)}")
            rule = manifest["dictionary_page"].get(name)
            if rule == "first-row-group":
                rule = "always" if group == 0 else "never"
            if rule == "always" and not chunk.has_dictionary_page or rule == "never" and chunk.has_dictionary_page:
                raise Mismatch(f"{where}: dictionary page {chunk.has_dictionary_page}, expected {rule}")
            if chunk.has_dictionary_page and not (0 < chunk.dictionary_page_offset < chunk.data_page_offset):
                raise Mismatch(f"{where}: dictionary_page_offset {chunk.dictionary_page_offset}")
            check_pyarrow_statistics(where, column, chunk.statistics, expected[name][start:end])


def check_logical_type(column, leaf):
    kind = column["type"]
    logical_json = leaf.logical_type.to_json() if leaf.logical_type is not None else "{}"
    logical = json.loads(logical_json) if logical_json else {}
    converted = leaf.converted_type
    physical = leaf.physical_type
    name = column["name"]
    want = {
        "string": ("BYTE_ARRAY", "UTF8", "String"),
        "boolean": ("BOOLEAN", "NONE", None),
        "int32": ("INT32", "NONE", None),
        "int64": ("INT64", "NONE", None),
        "double": ("DOUBLE", "NONE", None),
        "date": ("INT32", "DATE", "Date"),
        "timestamp_ms": ("INT64", "TIMESTAMP_MILLIS", "Timestamp"),
        "timestamp_us": ("INT64", "TIMESTAMP_MICROS", "Timestamp"),
    }
    if kind == "decimal":
        p = column["precision"]
        phys = "INT32" if p <= 9 else "INT64" if p <= 18 else "FIXED_LEN_BYTE_ARRAY"
        if (physical, converted, leaf.precision, leaf.scale) != (phys, "DECIMAL", p, column["scale"]):
            raise Mismatch(f"{name}: {physical} {converted} ({leaf.precision},{leaf.scale})")
        if logical.get("Type") != "Decimal" or (logical.get("precision"), logical.get("scale")) != (p, column["scale"]):
            raise Mismatch(f"{name}: logical type {logical}")
        return
    phys, conv, marker = want[kind]
    if physical != phys or converted != conv:
        raise Mismatch(f"{name}: physical {physical}, converted {converted}")
    if marker is not None and logical.get("Type") != marker:
        raise Mismatch(f"{name}: logical type {logical}")
    if marker is None and logical.get("Type") not in (None, "None"):
        raise Mismatch(f"{name}: unexpected logical type {logical}")
    if kind.startswith("timestamp"):
        unit = "milliseconds" if kind == "timestamp_ms" else "microseconds"
        if logical.get("isAdjustedToUTC") is not True or logical.get("timeUnit") != unit:
            raise Mismatch(f"{name}: timestamp annotation {logical}")


def raw_stat(column, value):
    """pyarrow's min_raw/max_raw as the manifest's canonical form."""
    kind = column["type"]
    if kind == "string":
        return value.decode() if isinstance(value, bytes) else value
    if kind == "double":
        return bits(value)
    if kind == "decimal" and isinstance(value, bytes):
        return int.from_bytes(value, "big", signed=True)
    if kind == "boolean":
        return bool(value)
    return int(value)


def check_pyarrow_statistics(where, column, stats, values):
    nulls, low, high = expected_statistics(column, values)
    if stats is None:
        raise Mismatch(f"{where}: no statistics")
    if stats.null_count != nulls:
        raise Mismatch(f"{where}: null_count {stats.null_count}, expected {nulls}")
    if stats.has_min_max != (low is not None):
        raise Mismatch(f"{where}: has_min_max {stats.has_min_max}, expected {low is not None}")
    if low is not None:
        got = (raw_stat(column, stats.min_raw), raw_stat(column, stats.max_raw))
        if got != (low, high):
            raise Mismatch(f"{where}: min/max {got}, expected {(low, high)}")


def check_duckdb_metadata(path, manifest, expected):
    con = duckdb.connect()
    rows = con.execute(
        "SELECT row_group_id, path_in_schema, num_values, stats_min_value, stats_max_value, stats_null_count, "
        "encodings, compression, row_group_num_rows FROM parquet_metadata(?) ORDER BY row_group_id, column_id",
        [path]).fetchall()
    by_column = {c["name"]: c for c in manifest["columns"]}
    starts = {}
    offset = 0
    for row in rows:
        if row[0] not in starts:
            starts[row[0]] = offset
            offset += row[8]
    for group, name, num_values, low, high, nulls, encodings, compression, group_rows in rows:
        column = by_column[name]
        where = f"{name} row group {group}"
        values = expected[name][starts[group]:starts[group] + group_rows]
        want_nulls, want_low, want_high = expected_statistics(column, values)
        if compression != manifest["codec"]:
            raise Mismatch(f"{where}: compression {compression}")
        if num_values != group_rows or nulls != want_nulls:
            raise Mismatch(f"{where}: num_values {num_values}, null_count {nulls}")
        listed = {e.strip() for e in encodings.split(",")}
        if name in manifest["encodings"] and listed != set(manifest["encodings"][name]):
            raise Mismatch(f"{where}: encodings {encodings}")
        if column["type"] in ("string", "int32", "int64") and want_low is not None:
            if (low, high) != (str(want_low), str(want_high)):
                raise Mismatch(f"{where}: stats {low!r}..{high!r}, expected {want_low!r}..{want_high!r}")
    schema = con.execute("SELECT name, converted_type FROM parquet_schema(?)", [path]).fetchall()
    converted = {name: conv for name, conv in schema}
    want = {"string": "UTF8", "date": "DATE", "timestamp_ms": "TIMESTAMP_MILLIS", "timestamp_us": "TIMESTAMP_MICROS",
            "decimal": "DECIMAL"}
    for column in manifest["columns"]:
        if converted.get(column["name"]) != want.get(column["type"]):
            raise Mismatch(f"{column['name']}: DuckDB converted_type {converted.get(column['name'])}")
    created_by, num_rows = con.execute(
        "SELECT created_by, num_rows FROM parquet_file_metadata(?)", [path]).fetchone()
    if created_by != manifest["created_by"] or num_rows != manifest["rows"]:
        raise Mismatch(f"file metadata {created_by!r} {num_rows}")


def check_fastparquet_metadata(path, manifest, expected):
    pf = fastparquet.ParquetFile(path)
    stats = pf.statistics
    sizes = [rg.num_rows for rg in pf.row_groups]
    for column in manifest["columns"]:
        name = column["name"]
        for group, (start, end) in enumerate(row_group_slices(manifest, sizes)):
            nulls, low, high = expected_statistics(column, expected[name][start:end])
            if stats["null_count"][name][group] != nulls:
                raise Mismatch(f"{name} row group {group}: null_count {stats['null_count'][name][group]}")
            if column["type"] in ("int32", "int64", "string") and low is not None:
                got = (stats["min"][name][group], stats["max"][name][group])
                if got != (low, high):
                    raise Mismatch(f"{name} row group {group}: min/max {got}, expected {(low, high)}")


def check_parquet_java_metadata(path, manifest, expected):
    """parquet-java's own footer reading: statistics, types and the created_by parse Spark and Hive rely on."""
    spark = spark_session()
    jvm = spark._jvm
    conf = spark._jsc.hadoopConfiguration()
    version = jvm.org.apache.parquet.VersionParser.parse(manifest["created_by"])
    if version.application is None or not version.version:
        raise Mismatch("VersionParser could not parse created_by")
    input_file = jvm.org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(jvm.org.apache.hadoop.fs.Path(path), conf)
    reader = jvm.org.apache.parquet.hadoop.ParquetFileReader.open(input_file)
    try:
        footer = reader.getFooter()
        if footer.getFileMetaData().getCreatedBy() != manifest["created_by"]:
            raise Mismatch("created_by differs in parquet-java")
        blocks = footer.getBlocks()
        sizes = [blocks.get(i).getRowCount() for i in range(blocks.size())]
        by_column = {c["name"]: c for c in manifest["columns"]}
        for group, (start, end) in enumerate(row_group_slices(manifest, sizes)):
            columns = blocks.get(group).getColumns()
            for i in range(columns.size()):
                chunk = columns.get(i)
                name = chunk.getPath().toDotString()
                column = by_column[name]
                where = f"{name} row group {group}"
                nulls, low, high = expected_statistics(column, expected[name][start:end])
                stats = chunk.getStatistics()
                if stats.getNumNulls() != nulls:
                    raise Mismatch(f"{where}: parquet-java num_nulls {stats.getNumNulls()}, expected {nulls}")
                if stats.hasNonNullValue() != (low is not None):
                    raise Mismatch(f"{where}: parquet-java hasNonNullValue {stats.hasNonNullValue()}")
                if low is not None and column["type"] in ("string", "int32", "int64"):
                    if column["type"] == "string":
                        got = (stats.genericGetMin().toStringUsingUTF8(), stats.genericGetMax().toStringUsingUTF8())
                    else:
                        got = (int(stats.genericGetMin()), int(stats.genericGetMax()))
                    if got != (low, high):
                        raise Mismatch(f"{where}: parquet-java min/max {got}, expected {(low, high)}")
                if chunk.getValueCount() != end - start:
                    raise Mismatch(f"{where}: parquet-java value count {chunk.getValueCount()}")
    finally:
        reader.close()


# ----------------------------------------------------------------------------------------------- negative checks
def corrupt_page_size(source, target):
    """Shrinks the first data page's compressed_page_size by one byte, keeping the header's length."""
    data = bytearray(open(source, "rb").read())
    footer_start, _ = footer_bounds(data)
    fmd = CompactReader(data, footer_start).read_struct()
    meta = fmd[4].value[0].value[1].value[0].value[3].value
    offset = meta[9].value
    header = CompactReader(data, offset).read_struct()
    field = header[3]
    patch_varint(data, field, field.value - 1)
    open(target, "wb").write(data)


def corrupt_chunk_size(source, target):
    """Shrinks the first column chunk's total_compressed_size in the footer (pages no longer fit the chunk)."""
    data = bytearray(open(source, "rb").read())
    footer_start, _ = footer_bounds(data)
    fmd = CompactReader(data, footer_start).read_struct()
    field = fmd[4].value[0].value[1].value[0].value[3].value[7]
    patch_varint(data, field, field.value * 3 // 4)
    open(target, "wb").write(data)


def truncate_tail(source, target):
    data = open(source, "rb").read()
    open(target, "wb").write(data[:-1])


def patch_varint(data, field, new_value):
    """Rewrites a zigzag varint field in place with a value of the same encoded length."""
    from parquet_thrift import encode_zigzag_varint

    old = data[field.start:field.end]
    for candidate in (new_value, new_value - 1, new_value - 2, new_value + 1):
        encoded = encode_zigzag_varint(candidate)
        if len(encoded) == len(old) and candidate != field.value:
            data[field.start:field.end] = encoded
            return
    raise RuntimeError("no same-length replacement for the varint")


# ----------------------------------------------------------------------------------------------- driver
def read_all(path, manifest, expected, results, check_metadata=True):
    """Reads `path` with every reader; records (reader, ok, detail) tuples."""
    attempts = [
        ("pyarrow", lambda: compare("pyarrow", manifest, expected, read_pyarrow(path, manifest)),
         lambda: check_pyarrow_metadata(path, manifest, expected)),
        ("duckdb", lambda: compare("duckdb", manifest, expected, read_duckdb(path, manifest)),
         lambda: check_duckdb_metadata(path, manifest, expected)),
        ("fastparquet", lambda: compare(
            "fastparquet", manifest, fastparquet_expected(manifest, expected), read_fastparquet(path, manifest),
            float_nulls={c["name"] for c in manifest["columns"] if c["type"] in ("double",)}),
         lambda: check_fastparquet_metadata(path, manifest, expected)),
        ("spark-vectorized", lambda: compare("spark", manifest, spark_expected(manifest, expected),
                                             read_spark(path, manifest, True)),
         lambda: check_parquet_java_metadata(path, manifest, expected)),
        ("spark-row", lambda: compare("spark", manifest, spark_expected(manifest, expected),
                                      read_spark(path, manifest, False)), None),
    ]
    for reader, read, metadata in attempts:
        try:
            read()
            if check_metadata and metadata is not None:
                metadata()
            results.append((reader, True, ""))
        except Exception as error:  # every reader error is a finding
            detail = "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()
            results.append((reader, False, " | ".join(detail)[:600]))


def spark_expected(manifest, expected):
    """Spark reads TIMESTAMP as microseconds: compare millisecond columns after its conversion back."""
    return expected


def load(manifest_path):
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    manifest["rows"] = len(next(iter(manifest["values"].values()))) if manifest["values"] else 0
    expected = {
        c["name"]: [canonical(c, v) for v in manifest["values"][c["name"]]] for c in manifest["columns"]
    }
    return manifest, expected


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    corpus = sys.argv[1]
    manifests = sorted(glob.glob(os.path.join(corpus, "*.json")))
    if not manifests:
        print(f"FAIL no manifests in {corpus}")
        return 1
    passed = failed = 0
    for manifest_path in manifests:
        results = []
        if json.load(open(manifest_path, encoding="utf-8")).get("nested"):
            manifest, expected = parquet_nested_matrix.load(manifest_path)
            path = os.path.join(corpus, manifest["file"])
            parquet_nested_matrix.read_all(path, manifest, expected, results, spark_session)
        else:
            manifest, expected = load(manifest_path)
            path = os.path.join(corpus, manifest["file"])
            read_all(path, manifest, expected, results)
        for reader, ok, detail in results:
            if ok is None:
                print(f"SKIP {reader} {manifest['file']}: {detail}")
            elif ok:
                passed += 1
                print(f"OK   {reader} {manifest['file']}")
            else:
                failed += 1
                print(f"FAIL {reader} {manifest['file']}: {detail}")
        sys.stdout.flush()

    # Negative checks on a copy of a good file: the matrix must be able to fail.
    source_manifest = os.path.join(corpus, "clickstream.json")
    if os.path.exists(source_manifest):
        manifest, expected = load(source_manifest)
        source = os.path.join(corpus, manifest["file"])
        scratch = tempfile.mkdtemp(prefix="parquet-corrupt-")
        try:
            for label, corrupt, must_reject in [
                ("corrupt-page-size", corrupt_page_size, READERS),
                ("corrupt-chunk-size", corrupt_chunk_size, ["pyarrow", "fastparquet", "spark-vectorized", "spark-row"]),
                ("truncated-tail", truncate_tail, READERS),
            ]:
                target = os.path.join(scratch, f"{label}.parquet")
                corrupt(source, target)
                results = []
                read_all(target, manifest, expected, results, check_metadata=False)
                rejected = [reader for reader, ok, _ in results if not ok]
                accepted = [reader for reader, ok, _ in results if ok]
                missing = [reader for reader in must_reject if reader not in rejected]
                if missing:
                    failed += 1
                    print(f"FAIL {label}: accepted by {missing}")
                else:
                    passed += 1
                    tag = "REJECTED-BY-ALL" if not accepted else "REJECTED"
                    note = f" (accepted by {accepted}: lenient reader)" if accepted else ""
                    print(f"{tag} {label}: rejected by {rejected}{note}")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    else:
        failed += 1
        print("FAIL negative checks: clickstream.json is missing from the corpus")

    print(f"SUMMARY parquet reader matrix: {passed} passed, {failed} failed")
    if SPARK is not None:
        SPARK.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
