"""S3Validation's validation pass beside the baselines a user would otherwise pick, same run, same file:
pandas + pandera (what a Python Lambda would use) and DuckDB on one thread, each checking the same rules as
contracts/orders.yaml. Prints wall time, CPU time, peak memory and the ratios, plain and gzip/zstd compressed,
and the same rows as typed Parquet (pyarrow, Snappy; S3Validation reads it as it reads Parquet uploads).

The data: e-commerce orders generated once with a fixed seed into .local/bench-validation/ (a few defects of
each kind, so every engine has something to count). Every engine's counts are printed so they can be compared.

usage: bench_validation.py --swift .build/release/ValidationBench [--swift-before <an earlier build>] [--size-mb 1024]
       [--skip-pandas] [--compressions none,gzip,zstd,parquet]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, ".local", "bench-validation")
CONTRACT = os.path.join(ROOT, "contracts", "orders.yaml")
HEADER = "order_id,customer_id,order_date,order_ts,status,country,currency,quantity,unit_price,total,email\n"
STATUSES = ["placed", "paid", "shipped", "delivered", "cancelled", "returned"]
COUNTRIES = ["DE", "FR", "US", "GB", "ES", "IT", "NL", "PL"]


def generate(path: str, size_mb: int) -> None:
    """Orders with ~0.2 % unknown status, ~1 % lower-case currency, ~2 % missing email, ~0.05 % wrong totals."""
    rng = random.Random(20261206)
    target = size_mb << 20
    written = 0
    row = 0
    with open(path + ".tmp", "w", buffering=1 << 22) as out:
        out.write(HEADER)
        while written < target:
            lines = []
            for _ in range(10000):
                quantity = rng.randint(1, 20)
                price = rng.randint(50, 99999) / 100
                total = round(quantity * price, 2)
                roll = rng.random()
                status = STATUSES[row % 6] if roll > 0.002 else "lost"
                currency = "EUR" if roll < 0.5 else ("usd" if roll > 0.99 else "USD")
                email = "" if rng.random() < 0.02 else f"customer{row % 500000}@example.com"
                if rng.random() < 0.0005:
                    total += 1
                day = row % 28 + 1
                lines.append(
                    f"ORD-{row:08d},C{rng.randint(1, 999999):07d},2026-10-{day:02d},2026-10-{day:02d}T{row % 24:02d}:{row % 60:02d}:{(row * 7) % 60:02d}Z,"
                    f"{status},{COUNTRIES[row % 8]},{currency},{quantity},{price:.2f},{total:.2f},{email}\n")
                row += 1
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk)
    os.replace(path + ".tmp", path)


def to_parquet(csv_path: str, path: str, row_group_size: int = 1 << 20) -> str:
    """The same orders as typed Parquet (pyarrow): dates, UTC timestamps, INT64 quantity, DOUBLE prices; an empty
    cell becomes a null, as the contract's null markers read it."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    types = {"order_date": pa.date32(), "order_ts": pa.timestamp("us", tz="UTC"), "quantity": pa.int64(),
             "unit_price": pa.float64(), "total": pa.float64()}
    table = pacsv.read_csv(csv_path, convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=True, null_values=[""]))
    pq.write_table(table, path + ".tmp", row_group_size=row_group_size, compression="snappy")
    os.replace(path + ".tmp", path)
    return path


def measure(command: list) -> dict:
    """Runs a command; wall time, its CPU time and peak RSS (from wait4), and its stdout."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    if status != 0:
        sys.exit(f"{command[0]} failed: {stderr.decode()[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "output": stdout.decode().strip().splitlines()[-1]}


PANDAS_SCRIPT = r"""
import json, sys
import pandas as pd
import pandera.pandas as pa
from pandera import Check
path = sys.argv[1]
if path.endswith(".parquet"):
    # Dates and timestamps are checked as text below, as they arrive from a CSV.
    frame = pd.read_parquet(path)
    frame["order_date"] = frame["order_date"].map(lambda v: None if pd.isna(v) else v.isoformat())
    frame["order_ts"] = frame["order_ts"].map(lambda v: None if pd.isna(v) else v.isoformat())
else:
  frame = pd.read_csv(path, dtype={"order_id": str, "customer_id": str, "order_date": str, "order_ts": str, "status": str,
                                 "country": str, "currency": str, "email": str}, keep_default_na=False, na_values=[""])
valid = ["placed", "paid", "shipped", "delivered", "cancelled", "returned"]
def share(mask, limit):
    return mask.mean() * 100 < limit
schema = pa.DataFrameSchema({
    "order_id": pa.Column(str, nullable=False, unique=True, checks=Check.str_matches(r"^ORD-[0-9]{8}$")),
    "customer_id": pa.Column(str, nullable=False),
    "order_date": pa.Column(str, nullable=True, checks=Check(lambda s: pd.to_datetime(s, format="%Y-%m-%d", errors="coerce").notna() | s.isna())),
    "order_ts": pa.Column(str, nullable=True, checks=Check(lambda s: pd.to_datetime(s, format="ISO8601", errors="coerce").notna() | s.isna())),
    "status": pa.Column(str, nullable=True, checks=Check(lambda s: share(~s.isin(valid) & s.notna(), 1), element_wise=False)),
    "country": pa.Column(str, nullable=True, checks=Check.str_matches(r"^[A-Z]{2}$")),
    "currency": pa.Column(str, nullable=True, checks=Check(lambda s: share(~s.str.fullmatch(r"[A-Z]{3}").fillna(True), 3), element_wise=False)),
    "quantity": pa.Column(int, nullable=True, checks=[Check.ge(1), Check.le(1000)]),
    "unit_price": pa.Column(float, nullable=True, checks=Check.ge(0)),
    "total": pa.Column(float, nullable=True),
    "email": pa.Column(str, nullable=True, checks=Check(lambda s: share(s.isna(), 5), element_wise=False)),
}, checks=[
    Check(lambda df: len(df) > 0, element_wise=False),
    Check(lambda df: share(df["unit_price"].notna() & ((df["quantity"] * df["unit_price"] - df["total"]).abs() > 0.01), 1), element_wise=False),
])
failed = {}
try:
    schema.validate(frame, lazy=True)
except pa.errors.SchemaErrors as errors:
    cases = errors.failure_cases
    for (column, check), group in cases.groupby(["column", "check"], dropna=False):
        failed[f"{column}:{check}"] = int(len(group))
print(json.dumps({"rows": len(frame), "failed": failed,
                  "inconsistent": int((frame["unit_price"].notna() & ((frame["quantity"] * frame["unit_price"] - frame["total"]).abs() > 0.01)).sum()),
                  "email_null": int(frame["email"].isna().sum())}))
"""

DUCKDB_SCRIPT = r"""
import json, sys
import duckdb
path = sys.argv[1]
con = duckdb.connect()
con.execute("SET threads = 1")
columns = {c: "VARCHAR" for c in "order_id,customer_id,order_date,order_ts,status,country,currency,quantity,unit_price,total,email".split(",")}
literal = "'" + path.replace("'", "''") + "'"
if path.endswith(".parquet"):
    # The same query over text, so every column is cast to VARCHAR as the CSV reads them.
    casts = ", ".join(f"CAST({c} AS VARCHAR) AS {c}" for c in columns)
    con.execute("CREATE VIEW orders AS SELECT " + casts + " FROM read_parquet(" + literal + ")")
else:
    con.execute("CREATE VIEW orders AS SELECT * FROM read_csv(" + literal + ", header = true, delim = ',', quote = '\"', columns = " + str(columns) + ")")
row = con.execute('''
SELECT count(*),
  count(*) FILTER (WHERE order_id IS NULL),
  count(*) FILTER (WHERE NOT regexp_full_match(order_id, '^ORD-[0-9]{8}$')),
  count(order_id) - count(DISTINCT order_id),
  count(*) FILTER (WHERE customer_id IS NULL),
  count(*) FILTER (WHERE order_date IS NOT NULL AND try_strptime(order_date, '%Y-%m-%d') IS NULL),
  count(*) FILTER (WHERE order_ts IS NOT NULL AND TRY_CAST(order_ts AS TIMESTAMPTZ) IS NULL),
  count(*) FILTER (WHERE status NOT IN ('placed','paid','shipped','delivered','cancelled','returned')),
  count(*) FILTER (WHERE NOT regexp_full_match(country, '^[A-Z]{2}$')),
  count(*) FILTER (WHERE NOT regexp_full_match(currency, '^[A-Z]{3}$')),
  count(*) FILTER (WHERE quantity IS NOT NULL AND TRY_CAST(quantity AS BIGINT) IS NULL),
  count(*) FILTER (WHERE TRY_CAST(quantity AS BIGINT) < 1),
  count(*) FILTER (WHERE TRY_CAST(quantity AS BIGINT) > 1000),
  count(*) FILTER (WHERE unit_price IS NOT NULL AND TRY_CAST(unit_price AS DOUBLE) IS NULL),
  count(*) FILTER (WHERE TRY_CAST(unit_price AS DOUBLE) < 0),
  count(*) FILTER (WHERE total IS NOT NULL AND TRY_CAST(total AS DOUBLE) IS NULL),
  count(*) FILTER (WHERE email IS NULL),
  count(*) FILTER (WHERE unit_price IS NOT NULL AND abs(TRY_CAST(quantity AS DOUBLE) * TRY_CAST(unit_price AS DOUBLE) - TRY_CAST(total AS DOUBLE)) > 0.01)
FROM orders''').fetchone()
names = ["rows", "order_id_null", "order_id_pattern", "order_id_duplicates", "customer_id_null", "order_date_type", "order_ts_type",
         "status_invalid", "country_pattern", "currency_pattern", "quantity_type", "quantity_min", "quantity_max", "unit_price_type",
         "unit_price_min", "total_type", "email_null", "inconsistent"]
print(json.dumps(dict(zip(names, row))))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift")
    parser.add_argument("--to-parquet", nargs=2, metavar=("CSV", "PARQUET"), help=argparse.SUPPRESS)
    parser.add_argument("--swift-before", help="an earlier ValidationBench build, run beside --swift on the same inputs")
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--compressions", default="none,gzip,zstd")
    options = parser.parse_args()
    if options.to_parquet:
        to_parquet(*options.to_parquet)
        return
    if not options.swift:
        parser.error("--swift is required")
    os.makedirs(DATA, exist_ok=True)
    plain = os.path.join(DATA, f"orders-{options.size_mb}mb.csv")
    if not os.path.exists(plain):
        print(f"generating {plain} (fixed seed) ...", flush=True)
        generate(plain, options.size_mb)
    files = {"none": plain} if "none" in options.compressions.split(",") else {}
    if "gzip" in options.compressions:
        files["gzip"] = plain + ".gz"
        if not os.path.exists(files["gzip"]):
            subprocess.run(f"gzip -6 -c {plain} > {files['gzip']}.tmp && mv {files['gzip']}.tmp {files['gzip']}", shell=True, check=True)
    if "zstd" in options.compressions:
        files["zstd"] = plain + ".zst"
        if not os.path.exists(files["zstd"]):
            subprocess.run(["zstd", "-q", "-3", "-f", plain, "-o", files["zstd"]], check=True)
    if "parquet" in options.compressions:
        files["parquet"] = plain[: -len(".csv")] + ".parquet"
        if not os.path.exists(files["parquet"]):
            # In a child: the conversion holds the whole table, and every engine forked from this process
            # afterwards would count those pages in its peak RSS.
            subprocess.run([sys.executable, os.path.abspath(__file__), "--to-parquet", plain, files["parquet"]], check=True)
    python = sys.executable
    size = os.path.getsize(plain) / (1 << 20)
    print(f"file: {size:.0f} MiB plain, contract {os.path.relpath(CONTRACT, ROOT)}; host load {os.getloadavg()[0]:.1f}")
    print(f"{'input':<6} {'engine':<22} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'MiB/s':>7} {'/Swift wall':>12} {'/Swift cpu':>11}")
    results = {}
    for compression, path in files.items():
        runs = {"S3Validation (Swift)": measure([options.swift, CONTRACT, path])}
        if options.swift_before:
            runs["S3Validation before"] = measure([options.swift_before, CONTRACT, path])
        runs["DuckDB, 1 thread"] = measure([python, "-c", DUCKDB_SCRIPT, path])
        if not options.skip_pandas and compression != "zstd":
            runs["pandas + pandera"] = measure([python, "-c", PANDAS_SCRIPT, path])
        swift = runs["S3Validation (Swift)"]
        for engine, run in runs.items():
            print(f"{compression:<6} {engine:<22} {run['wall']:>8.2f} {run['cpu']:>8.2f} {run['rss_mb']:>9.0f} {size / run['wall']:>7.0f}"
                  f" {run['wall'] / swift['wall']:>11.2f}x {run['cpu'] / swift['cpu']:>10.2f}x", flush=True)
        results[compression] = runs
    print("\ncounts (each engine's own output):")
    for compression, runs in results.items():
        for engine, run in runs.items():
            print(f"  {compression} {engine}: {run['output'][:1500]}")


if __name__ == "__main__":
    main()
