#!/usr/bin/env python3
"""Parquet files from other writers, and what pyarrow reads in every file, for the Swift reader's tests.

    parquet_reader_corpus.py OUT_DIR [--no-spark]

Writes files with pyarrow (every codec, both data page versions, every encoding it offers), DuckDB,
fastparquet and Spark (parquet-java; all Spark files in one session), at fixed seeds and small sizes. Then,
for every OUT_DIR/*.parquet (including files other tools put there first), writes NAME.expected: one line per
row as pyarrow reads it, in the canonical text the Swift test renders too:

    null | true | false | 123 | f(<IEEE-754 double bits, hex>) | s(<UTF-8 hex>) | b(<hex>) | dec(<plain text>)
    | date(<days>) | ts(<value>,<unit>,<utc|local>) | time(<value>,<unit>) | [a,b] | {name:v,...} | map[k:v,...]

and NAME.meta (row groups, rows per row group). Prints one line per file written.
"""
import datetime
import decimal
import os
import random
import shutil
import struct
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

SEED = 20261206


# ------------------------------------------------------------------------------------------- canonical text
def render_column(array):
    """Canonical text for every slot of an Arrow array."""
    t = array.type
    n = len(array)
    valid = [v.is_valid for v in array] if array.null_count else [True] * n
    if pa.types.is_dictionary(t):
        return render_column(array.dictionary_decode())
    if pa.types.is_struct(t):
        children = [render_column(array.field(i)) for i in range(t.num_fields)]
        names = [t.field(i).name for i in range(t.num_fields)]
        return [("{" + ",".join(f"{names[j]}:{children[j][i]}" for j in range(len(names))) + "}") if valid[i] else "null"
                for i in range(n)]
    if pa.types.is_map(t):
        keys = render_column(array.keys)
        items = render_column(array.items)
        offsets = array.offsets.to_pylist()
        return [("map[" + ",".join(f"{keys[k]}:{items[k]}" for k in range(offsets[i], offsets[i + 1])) + "]")
                if valid[i] else "null" for i in range(n)]
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        values = render_column(array.values)
        offsets = array.offsets.to_pylist()
        return [("[" + ",".join(values[offsets[i]:offsets[i + 1]]) + "]") if valid[i] else "null" for i in range(n)]
    if pa.types.is_timestamp(t):
        unit = {"s": "s", "ms": "ms", "us": "us", "ns": "ns"}[t.unit]
        zone = "utc" if t.tz is not None else "local"
        ints = pc.cast(array, pa.int64()).to_pylist()
        return [f"ts({v},{unit},{zone})" if v is not None else "null" for v in ints]
    if pa.types.is_date32(t):
        return [f"date({v})" if v is not None else "null" for v in pc.cast(array, pa.int32()).to_pylist()]
    if pa.types.is_time32(t) or pa.types.is_time64(t):
        ints = pc.cast(array, pa.int64() if pa.types.is_time64(t) else pa.int32()).to_pylist()
        return [f"time({v},{t.unit})" if v is not None else "null" for v in ints]
    if pa.types.is_decimal(t):
        return [f"dec({format(v, 'f')})" if v is not None else "null" for v in array.to_pylist()]
    if pa.types.is_floating(t):
        return ["f(%016x)" % struct.unpack("<Q", struct.pack("<d", v))[0] if v is not None else "null"
                for v in array.to_pylist()]
    if pa.types.is_boolean(t):
        return [("true" if v else "false") if v is not None else "null" for v in array.to_pylist()]
    if pa.types.is_integer(t):
        return [str(v) if v is not None else "null" for v in array.to_pylist()]
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return [f"s({v.encode('utf-8').hex()})" if v is not None else "null" for v in array.to_pylist()]
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        return [f"b({v.hex()})" if v is not None else "null" for v in array.to_pylist()]
    if pa.types.is_null(t):
        return ["null"] * n
    raise ValueError(f"no canonical form for {t}")


def write_expected(path):
    parquet = pq.ParquetFile(path)
    table = parquet.read(use_threads=False).combine_chunks()
    columns = [render_column(table.column(i).combine_chunks()) if table.num_rows else []
               for i in range(table.num_columns)]
    names = table.schema.names
    stem = path[:-len(".parquet")]
    with open(stem + ".expected", "w") as out:
        for row in range(table.num_rows):
            out.write("{" + ",".join(f"{names[c]}:{columns[c][row]}" for c in range(len(names))) + "}\n")
    meta = parquet.metadata
    with open(stem + ".meta", "w") as out:
        out.write(f"row_groups {meta.num_row_groups}\n")
        out.write("rows " + " ".join(str(meta.row_group(i).num_rows) for i in range(meta.num_row_groups)) + "\n")


# ---------------------------------------------------------------------------------------------- test tables
def flat_table(rng, rows, null_rate=0.15):
    def maybe(v):
        return None if rng.random() < null_rate else v

    words = ["alpha", "beta", "gamma", "δέλτα", "emoji 🚀", "", "x" * 40]
    base = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    data = {
        "i8": pa.array([maybe(rng.randint(-128, 127)) for _ in range(rows)], pa.int8()),
        "i16": pa.array([maybe(rng.randint(-32768, 32767)) for _ in range(rows)], pa.int16()),
        "i32": pa.array([maybe(rng.randint(-2**31, 2**31 - 1)) for _ in range(rows)], pa.int32()),
        "i64": pa.array([maybe(rng.randint(-2**63, 2**63 - 1)) for _ in range(rows)], pa.int64()),
        "u8": pa.array([maybe(rng.randint(0, 255)) for _ in range(rows)], pa.uint8()),
        "u16": pa.array([maybe(rng.randint(0, 65535)) for _ in range(rows)], pa.uint16()),
        "u32": pa.array([maybe(rng.randint(0, 2**32 - 1)) for _ in range(rows)], pa.uint32()),
        "u64": pa.array([maybe(rng.randint(0, 2**64 - 1)) for _ in range(rows)], pa.uint64()),
        "f32": pa.array([maybe(rng.uniform(-1e6, 1e6)) for _ in range(rows)], pa.float32()),
        "f64": pa.array([maybe(rng.uniform(-1e12, 1e12)) for _ in range(rows)], pa.float64()),
        "flag": pa.array([maybe(rng.random() < 0.5) for _ in range(rows)], pa.bool_()),
        "word": pa.array([maybe(rng.choice(words)) for _ in range(rows)], pa.string()),
        "text": pa.array([maybe("row-%d-%s" % (i, "ü" * rng.randint(0, 5))) for i in range(rows)], pa.string()),
        "blob": pa.array([maybe(bytes(rng.randrange(256) for _ in range(rng.randint(0, 9)))) for _ in range(rows)], pa.binary()),
        "fixed": pa.array([maybe(bytes(rng.randrange(256) for _ in range(4))) for _ in range(rows)], pa.binary(4)),
        "day": pa.array([maybe(datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randint(-5000, 5000))) for _ in range(rows)], pa.date32()),
        "ts_ms": pa.array([maybe(rng.randint(0, 2**41)) for _ in range(rows)], pa.timestamp("ms", tz="UTC")),
        "ts_us": pa.array([maybe(rng.randint(0, 2**50)) for _ in range(rows)], pa.timestamp("us", tz="UTC")),
        "ts_ns_local": pa.array([maybe(rng.randint(0, 2**60)) for _ in range(rows)], pa.timestamp("ns")),
        "tod_ms": pa.array([maybe(rng.randint(0, 86_399_999)) for _ in range(rows)], pa.time32("ms")),
        "tod_us": pa.array([maybe(rng.randint(0, 86_399_999_999)) for _ in range(rows)], pa.time64("us")),
        "dec9": pa.array([maybe(decimal.Decimal(rng.randint(-10**9 + 1, 10**9 - 1)).scaleb(-2)) for _ in range(rows)], pa.decimal128(9, 2)),
        "dec18": pa.array([maybe(decimal.Decimal(rng.randint(-10**18 + 1, 10**18 - 1)).scaleb(-6)) for _ in range(rows)], pa.decimal128(18, 6)),
        "dec38": pa.array([maybe(decimal.Decimal(rng.randint(-10**38 + 1, 10**38 - 1)).scaleb(-10)) for _ in range(rows)], pa.decimal128(38, 10)),
    }
    del base
    return pa.table(data)


def nested_table(rng, rows):
    def maybe(v, rate=0.15):
        return None if rng.random() < rate else v

    def int_list():
        choice = rng.random()
        if choice < 0.1:
            return None
        if choice < 0.2:
            return []
        return [maybe(rng.randint(-1000, 1000), 0.2) for _ in range(rng.randint(1, 4))]

    def struct_list():
        if rng.random() < 0.1:
            return None
        return [maybe({"k": maybe("k%d" % rng.randint(0, 9)), "v": maybe(rng.randint(0, 99))}, 0.1)
                for _ in range(rng.randint(0, 3))]

    nested_type = pa.list_(pa.list_(pa.int32()))
    data = {
        "id": pa.array(range(rows), pa.int64()),
        "ints": pa.array([int_list() for _ in range(rows)], pa.list_(pa.int32())),
        "pairs": pa.array([struct_list() for _ in range(rows)],
                          pa.list_(pa.struct([("k", pa.string()), ("v", pa.int64())]))),
        "grid": pa.array([maybe([maybe([maybe(rng.randint(0, 9)) for _ in range(rng.randint(0, 3))])
                                 for _ in range(rng.randint(0, 3))]) for _ in range(rows)], nested_type),
        "rec": pa.array([maybe({"a": maybe(rng.randint(0, 9)), "inner": maybe({"s": maybe("s%d" % rng.randint(0, 5)),
                                                                               "xs": maybe([rng.randint(0, 5) for _ in range(rng.randint(0, 2))])})})
                         for _ in range(rows)],
                        pa.struct([("a", pa.int32()), ("inner", pa.struct([("s", pa.string()), ("xs", pa.list_(pa.int16()))]))])),
        "attrs": pa.array([maybe([("k%d" % j, maybe(rng.randint(0, 9))) for j in range(rng.randint(0, 3))]) for _ in range(rows)],
                          pa.map_(pa.string(), pa.int32())),
    }
    return pa.table(data)


def ga4_table(rng, rows):
    value = pa.struct([("string_value", pa.string()), ("int_value", pa.int64()), ("float_value", pa.float64()),
                       ("double_value", pa.float64())])
    param = pa.struct([("key", pa.string()), ("value", value)])
    item = pa.struct([("item_id", pa.string()), ("item_name", pa.string()), ("price", pa.float64()),
                      ("quantity", pa.int64()), ("item_params", pa.list_(param))])
    schema = pa.schema([
        ("event_date", pa.string()), ("event_timestamp", pa.int64()), ("event_name", pa.string()),
        ("event_params", pa.list_(param)), ("user_pseudo_id", pa.string()),
        ("device", pa.struct([("category", pa.string()), ("operating_system", pa.string()),
                              ("web_info", pa.struct([("browser", pa.string()), ("hostname", pa.string())]))])),
        ("geo", pa.struct([("country", pa.string()), ("city", pa.string())])),
        ("traffic_source", pa.struct([("name", pa.string()), ("medium", pa.string()), ("source", pa.string())])),
        ("items", pa.list_(item)), ("is_active_user", pa.bool_()),
    ])

    def params(count):
        out = []
        for j in range(count):
            kind = rng.randint(0, 3)
            out.append({"key": "p%d" % j, "value": None if kind == 3 else {
                "string_value": "v%d" % rng.randint(0, 50) if kind == 0 else None,
                "int_value": rng.randint(0, 10**12) if kind == 1 else None,
                "float_value": None, "double_value": rng.random() if kind == 2 else None}})
        return out

    records = []
    for i in range(rows):
        records.append({
            "event_date": "202401%02d" % (1 + i % 28), "event_timestamp": 1_704_067_200_000_000 + i * 1_000_003,
            "event_name": rng.choice(["page_view", "scroll", "purchase", "session_start"]),
            "event_params": None if i % 17 == 5 else params(rng.randint(0, 4)),
            "user_pseudo_id": "%d.%d" % (rng.randint(1, 10**9), rng.randint(1, 10**9)),
            "device": None if i % 11 == 3 else {"category": rng.choice(["desktop", "mobile"]), "operating_system": "Linux",
                                                 "web_info": None if i % 5 == 1 else {"browser": "Chrome", "hostname": "example.com"}},
            "geo": {"country": rng.choice(["DE", "US", None]), "city": None},
            "traffic_source": {"name": "(direct)", "medium": "(none)", "source": "(direct)"},
            "items": [] if i % 3 else [{"item_id": "SKU%d" % j, "item_name": "Item ✓%d" % j, "price": 9.99 * j,
                                        "quantity": j, "item_params": params(rng.randint(0, 2))} for j in range(rng.randint(1, 3))],
            "is_active_user": None if i % 7 == 0 else i % 2 == 0,
        })
    return pa.Table.from_pylist(records, schema=schema)


# ------------------------------------------------------------------------------------------------- writers
def write_pyarrow(out):
    rng = random.Random(SEED)
    table = flat_table(rng, 700)
    for codec in ["NONE", "SNAPPY", "GZIP", "ZSTD", "LZ4", "BROTLI"]:
        for version in ["1.0", "2.0"]:
            name = f"pyarrow_{codec.lower()}_v{version[0]}"
            pq.write_table(table, f"{out}/{name}.parquet", compression=codec, data_page_version=version,
                           row_group_size=300, data_page_size=2048)
            yield name
    # Every non-dictionary encoding pyarrow offers, in both page versions.
    encodings = {
        "i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED", "u32": "DELTA_BINARY_PACKED",
        "day": "BYTE_STREAM_SPLIT", "ts_us": "DELTA_BINARY_PACKED", "dec18": "BYTE_STREAM_SPLIT",
        "word": "DELTA_LENGTH_BYTE_ARRAY", "text": "DELTA_BYTE_ARRAY", "blob": "DELTA_BYTE_ARRAY",
        "fixed": "BYTE_STREAM_SPLIT", "dec38": "DELTA_BYTE_ARRAY", "f32": "BYTE_STREAM_SPLIT",
        "f64": "BYTE_STREAM_SPLIT", "i8": "PLAIN", "flag": "RLE",
    }
    columns = list(encodings)
    for version in ["1.0", "2.0"]:
        name = f"pyarrow_encodings_v{version[0]}"
        pq.write_table(table.select(columns), f"{out}/{name}.parquet", use_dictionary=False, column_encoding=encodings,
                       data_page_version=version, compression="SNAPPY", data_page_size=1024, row_group_size=400)
        yield name
    pq.write_table(table, f"{out}/pyarrow_plain_v1.parquet", use_dictionary=False, compression="NONE")
    yield "pyarrow_plain_v1"
    nested = nested_table(rng, 400)
    for version in ["1.0", "2.0"]:
        name = f"pyarrow_nested_v{version[0]}"
        pq.write_table(nested, f"{out}/{name}.parquet", data_page_version=version, row_group_size=150,
                       data_page_size=512, compression="ZSTD")
        yield name
    # Pages of a few entries each, some with none at all (pyarrow writes them with tiny write batches).
    pq.write_table(nested, f"{out}/pyarrow_nested_tiny_pages_v1.parquet", data_page_version="1.0", row_group_size=400,
                   data_page_size=64, write_batch_size=5, compression="SNAPPY")
    yield "pyarrow_nested_tiny_pages_v1"
    pq.write_table(nested, f"{out}/pyarrow_nested_legacy_lists.parquet", use_compliant_nested_type=False)
    yield "pyarrow_nested_legacy_lists"
    pq.write_table(ga4_table(rng, 300), f"{out}/ga4_export.parquet", row_group_size=128, compression="SNAPPY")
    yield "ga4_export"
    # Shapes: many row groups, an empty row group, zero rows, 500 columns, long strings, all-null columns.
    small = flat_table(rng, 257)
    pq.write_table(small, f"{out}/many_row_groups.parquet", row_group_size=10)
    yield "many_row_groups"
    with pq.ParquetWriter(f"{out}/empty_row_group.parquet", small.schema) as writer:
        writer.write_table(small.slice(0, 5))
        writer.write_table(small.slice(0, 0))
        writer.write_table(small.slice(5, 7))
    yield "empty_row_group"
    pq.write_table(small.slice(0, 0), f"{out}/zero_rows.parquet")
    yield "zero_rows"
    wide = pa.table({f"c{i:03d}": pa.array([rng.randint(0, 100) if (i + r) % 9 else None for r in range(20)],
                                           [pa.int32(), pa.string(), pa.float64()][i % 3] if i % 3 == 0 else pa.int32())
                     for i in range(500)})
    pq.write_table(wide, f"{out}/wide_500_columns.parquet")
    yield "wide_500_columns"
    long_strings = pa.table({"id": pa.array(range(12), pa.int32()),
                             "body": pa.array([("%d" % i) * (50_000 + i * 7_001) if i % 4 else None for i in range(12)])})
    pq.write_table(long_strings, f"{out}/long_strings.parquet", compression="SNAPPY")
    yield "long_strings"
    nulls = pa.table({"id": pa.array(range(50), pa.int32()), "none_i64": pa.nulls(50, pa.int64()),
                      "none_str": pa.nulls(50, pa.string()), "none_list": pa.nulls(50, pa.list_(pa.int32())),
                      "none_type": pa.nulls(50)})
    for version in ["1.0", "2.0"]:
        pq.write_table(nulls, f"{out}/all_null_v{version[0]}.parquet", data_page_version=version)
        yield f"all_null_v{version[0]}"
    int96 = pa.table({"ts": pa.array([rng.randint(-2**60, 2**60) if r % 5 else None for r in range(100)], pa.timestamp("ns"))})
    pq.write_table(int96, f"{out}/pyarrow_int96.parquet", use_deprecated_int96_timestamps=True)
    yield "pyarrow_int96"


def write_duckdb(out):
    import duckdb

    con = duckdb.connect()
    con.execute("SELECT setseed(0.25)")
    query = """
        SELECT i::INTEGER AS id, (i * 7919 % 1000003)::BIGINT AS big, CASE WHEN i % 7 = 0 THEN NULL ELSE 'name-' || (i % 37) END AS name,
               (i / 8.0)::DOUBLE AS ratio, (i % 3 = 0) AS flag, DATE '2020-01-01' + i::INTEGER AS day,
               TIMESTAMP '2024-01-01 00:00:00' + to_seconds(i) AS ts, (i * 1.25)::DECIMAL(12,2) AS amount,
               (i * 3.5)::DECIMAL(30,4) AS wide_amount,
               CASE WHEN i % 5 = 0 THEN NULL ELSE [i, i + 1, NULL] END AS xs,
               {'a': i % 4, 'b': CASE WHEN i % 6 = 0 THEN NULL ELSE 'b' || i END} AS rec,
               MAP(['k' || (i % 3)], [i]) AS m,
               CASE WHEN i % 9 = 0 THEN [] ELSE [{'x': i, 'ys': [i % 2, NULL]}] END AS deep
        FROM range(0, 3000) t(i)
    """
    for codec in ["snappy", "zstd", "uncompressed", "gzip"]:
        name = f"duckdb_{codec}"
        con.execute(f"COPY ({query}) TO '{out}/{name}.parquet' (FORMAT PARQUET, COMPRESSION {codec}, ROW_GROUP_SIZE 1024)")
        yield name
    con.execute(f"COPY ({query}) TO '{out}/duckdb_v2.parquet' (FORMAT PARQUET, PARQUET_VERSION V2, ROW_GROUP_SIZE 2048)")
    yield "duckdb_v2"


def write_fastparquet(out):
    import fastparquet
    import pandas as pd

    rng = random.Random(SEED + 1)
    rows = 600
    frame = pd.DataFrame({
        "id": pd.array(range(rows), dtype="int64"),
        "small": pd.array([rng.randint(-100, 100) for _ in range(rows)], dtype="int32"),
        "maybe": pd.array([None if r % 6 == 0 else rng.randint(0, 1000) for r in range(rows)], dtype="Int64"),
        "score": [rng.uniform(-5, 5) for _ in range(rows)],
        "label": [None if r % 10 == 0 else rng.choice(["red", "green", "blue", "ß"]) for r in range(rows)],
        "flag": [r % 3 == 0 for r in range(rows)],
        "when": pd.to_datetime([1_700_000_000_000 + r * 1000 for r in range(rows)], unit="ms", utc=True),
    })
    for codec in ["SNAPPY", "GZIP", "ZSTD", "UNCOMPRESSED", "BROTLI", "LZ4_RAW"]:
        name = f"fastparquet_{codec.lower()}"
        fastparquet.write(f"{out}/{name}.parquet", frame, compression=codec, row_group_offsets=250,
                          object_encoding={"label": "utf8"}, stats=True)
        yield name
    frame["label"] = frame["label"].astype("category")
    fastparquet.write(f"{out}/fastparquet_dictionary.parquet", frame, row_group_offsets=[0, 300], object_encoding="utf8")
    yield "fastparquet_dictionary"


def write_spark(out):
    from parquet_reader_matrix import spark_session

    spark = spark_session()
    work = f"{out}/.spark"
    query = """
        SELECT CAST(id AS INT) AS venueid, id * 1000003 AS seats_total,
               CASE WHEN id % 7 = 0 THEN NULL ELSE concat('venue ', id, ' ü') END AS venuename,
               CAST(id * 1.25 AS DECIMAL(18,2)) AS price, CAST(id / 3 AS DECIMAL(38,10)) AS ratio,
               CAST(id % 100 AS DECIMAL(7,1)) AS small_dec,
               CASE WHEN id % 11 = 0 THEN NULL ELSE TIMESTAMP_SECONDS(1700000000 + id * 3601) END AS saletime,
               DATE_ADD(DATE'2021-03-04', CAST(id AS INT)) AS caldate, id % 2 = 0 AS flag, CAST(id AS DOUBLE) / 7 AS share
        FROM range(0, 2500)
    """
    nested = """
        SELECT id, IF(id % 5 = 0, NULL, array(id, id + 1)) AS xs,
               named_struct('a', id % 3, 'b', IF(id % 4 = 0, NULL, CAST(id AS STRING))) AS rec,
               map('k', CAST(id AS INT)) AS m,
               array(named_struct('x', id, 'ys', array(id % 2))) AS deep
        FROM range(0, 1200)
    """
    jobs = [
        # parquet-java defaults: Snappy, INT96 timestamps, v1 pages.
        ("spark_default", query, {}),
        ("spark_v2_zstd", query, {"spark.sql.parquet.compression.codec": "zstd",
                                  "parquet.writer.version": "v2", "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS"}),
        ("spark_nested", nested, {}),
        ("spark_nested_legacy", nested, {"spark.sql.parquet.writeLegacyFormat": "true"}),
        # The shape Redshift UNLOAD ... FORMAT AS PARQUET leaves: parquet-java, Snappy, v1 pages, one file per slice.
        ("redshift/0000_part_00", query, {"spark.sql.parquet.writeLegacyFormat": "true",
                                          "spark.sql.parquet.compression.codec": "snappy"}),
    ]
    for name, sql, conf in jobs:
        previous = {key: spark.conf.get(key, None) for key in conf}
        for key, value in conf.items():
            spark.conf.set(key, value)
        target = f"{work}/{name}"
        frame = spark.sql(sql).coalesce(1)
        writer = frame.write.mode("overwrite")
        if "parquet.writer.version" in conf:
            writer = writer.option("parquet.writer.version", conf["parquet.writer.version"])
        writer.option("parquet.block.size", 16 * 1024).parquet(target)
        for key, value in previous.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)
        part = [f for f in os.listdir(target) if f.endswith(".parquet")][0]
        destination = f"{out}/{name}.parquet"
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.move(f"{target}/{part}", destination)
        yield name
    shutil.rmtree(work, ignore_errors=True)


def main():
    out = os.path.abspath(sys.argv[1])
    with_spark = "--no-spark" not in sys.argv
    os.makedirs(out, exist_ok=True)
    writers = [write_pyarrow, write_duckdb, write_fastparquet] + ([write_spark] if with_spark else [])
    for writer in writers:
        for name in writer(out):
            print("WROTE", name, flush=True)
    for root, _, files in os.walk(out):
        for file in sorted(files):
            if file.endswith(".parquet"):
                write_expected(os.path.join(root, file))
                print("EXPECTED", os.path.relpath(os.path.join(root, file), out), flush=True)


if __name__ == "__main__":
    main()
