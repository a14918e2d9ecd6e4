"""Parquet uploads for the S3Validation end-to-end tests, written by pyarrow and by DuckDB.

Every file holds orders shaped as contracts/orders.yaml declares them, with Parquet types (INT64 quantity,
DATE order_date, TIMESTAMP order_ts, DOUBLE/DECIMAL prices). One passing file per writer, then one file per
way a file can break the contract. Prints a JSON list: {"name", "writer", "rows", "decision", "checks"} where
`checks` are the check ids that must fail.

usage: parquet_uploads.py <output directory> [rows]
"""
import datetime
import json
import os
import sys

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq


def orders(rows):
    """Column lists for `rows` valid orders."""
    data = {
        "order_id": [f"ORD-{i:08d}" for i in range(rows)],
        "customer_id": [f"C{i % 1000}" for i in range(rows)],
        "order_date": [datetime.date(2026, 11, i % 28 + 1) for i in range(rows)],
        "order_ts": [datetime.datetime(2026, 11, 1, 10, 0, i % 60, tzinfo=datetime.timezone.utc) for i in range(rows)],
        "status": [["placed", "paid", "shipped"][i % 3] for i in range(rows)],
        "country": ["DE"] * rows,
        "currency": ["EUR"] * rows,
        "quantity": [i % 5 + 1 for i in range(rows)],
        "unit_price": [(i % 97) + 0.5 for i in range(rows)],
        "total": [round((i % 5 + 1) * ((i % 97) + 0.5), 2) for i in range(rows)],
        "email": [f"c{i}@example.com" for i in range(rows)],
    }
    return data


SCHEMA = pa.schema([
    ("order_id", pa.string()), ("customer_id", pa.string()), ("order_date", pa.date32()),
    ("order_ts", pa.timestamp("us", tz="UTC")), ("status", pa.string()), ("country", pa.string()),
    ("currency", pa.string()), ("quantity", pa.int64()), ("unit_price", pa.float64()), ("total", pa.float64()),
    ("email", pa.string()),
])


def write_pyarrow(path, data, schema=SCHEMA, row_group_size=400):
    table = pa.Table.from_pydict(data, schema=schema)
    pq.write_table(table, path, row_group_size=row_group_size, compression="snappy")


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    os.makedirs(out, exist_ok=True)
    files = []

    def add(name, writer, decision, checks, count=rows):
        files.append({"name": name, "writer": writer, "rows": count, "decision": decision, "checks": checks,
                      "path": os.path.join(out, name)})

    write_pyarrow(os.path.join(out, "good-pyarrow.parquet"), orders(rows))
    add("good-pyarrow.parquet", "pyarrow", "validated", [])

    # DuckDB: DECIMAL prices, INT32 quantity, zstd pages, its own row-group sizes.
    source = os.path.join(out, "good-pyarrow.parquet")
    duck = duckdb.connect()
    duck.execute("SET threads TO 1")
    duck.execute(f"""
        COPY (SELECT order_id, customer_id, order_date, order_ts, status, country, currency,
                     CAST(quantity AS INTEGER) AS quantity, CAST(unit_price AS DECIMAL(10,2)) AS unit_price,
                     CAST(total AS DECIMAL(12,2)) AS total, email
              FROM read_parquet('{source}'))
        TO '{os.path.join(out, "good-duckdb.parquet")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 300)""")
    add("good-duckdb.parquet", "duckdb", "validated", [])

    # A Parquet null in a required column.
    data = orders(rows)
    data["customer_id"][5] = None
    write_pyarrow(os.path.join(out, "null-customer.parquet"), data)
    add("null-customer.parquet", "pyarrow", "quarantine", ["orders.customer_id.required"])

    # A pattern violation and a duplicate key, in different row groups.
    data = orders(rows)
    data["order_id"][3] = "X-1"
    data["order_id"][rows - 1] = "ORD-00000001"
    write_pyarrow(os.path.join(out, "bad-ids.parquet"), data)
    add("bad-ids.parquet", "pyarrow", "quarantine", ["orders.order_id.pattern", "orders.order_id.unique"])

    # Typed bounds and the SQL business rule over typed values.
    data = orders(rows)
    data["quantity"][7] = 0
    for i in range(20):
        data["total"][i] = 1.0
    write_pyarrow(os.path.join(out, "bad-numbers.parquet"), data)
    add("bad-numbers.parquet", "pyarrow", "quarantine", ["orders.quantity.minimum", "total_consistent"])

    # Quantity stored as text: checked cell by cell; one cell is no integer.
    data = orders(rows)
    data["quantity"] = [str(q) for q in data["quantity"]]
    data["quantity"][9] = "nine"
    schema = SCHEMA.set(SCHEMA.get_field_index("quantity"), pa.field("quantity", pa.string()))
    write_pyarrow(os.path.join(out, "text-quantity.parquet"), data, schema)
    add("text-quantity.parquet", "pyarrow", "quarantine", ["orders.quantity.type"])

    # order_ts stored as DATE: a stored type that cannot hold a timestamp (DuckDB writes it).
    duck.execute(f"""
        COPY (SELECT order_id, customer_id, order_date, CAST(order_ts AS DATE) AS order_ts, status, country, currency,
                     quantity, unit_price, total, email FROM read_parquet('{source}'))
        TO '{os.path.join(out, "date-timestamps.parquet")}' (FORMAT parquet)""")
    add("date-timestamps.parquet", "duckdb", "quarantine", ["orders.order_ts.type"])

    # A column missing.
    duck.execute(f"""COPY (SELECT * EXCLUDE (email) FROM read_parquet('{source}'))
        TO '{os.path.join(out, "missing-email.parquet")}' (FORMAT parquet)""")
    add("missing-email.parquet", "duckdb", "quarantine", ["orders.columns"])

    # Not Parquet at all, and a truncated file.
    with open(os.path.join(out, "not-parquet.parquet"), "w") as handle:
        handle.write("order_id\nORD-00000001\n")
    add("not-parquet.parquet", "text", "quarantine", ["orders.file_decodes"], count=0)
    with open(source, "rb") as handle:
        whole = handle.read()
    with open(os.path.join(out, "truncated.parquet"), "wb") as handle:
        handle.write(whole[: len(whole) - 100])
    add("truncated.parquet", "pyarrow", "quarantine", ["orders.file_decodes"], count=0)

    print(json.dumps(files))


if __name__ == "__main__":
    main()
