"""Reads S3Validation's typed Parquet output back with pyarrow and DuckDB and compares every value with the
source CSV (orders per contracts/orders.yaml), read with Python's csv module and converted to the contract's
types. Rows on the given source lines are expected to be left out (they failed a check).

usage: check_typed_parquet.py <output.parquet> <source.csv> [left-out line,line,...]
Prints {"rows", "columns": {name: type}, "codec", "pyarrow": "equal" or the first difference, "duckdb": ...}.
"""
import csv
import datetime
import json
import sys

import duckdb
import pyarrow.parquet as pq


def expected_rows(path, left_out):
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        for number, fields in enumerate(reader, start=2):
            if number in left_out:
                continue
            record = dict(zip(header, fields))
            text = lambda name: record[name] if record[name] != "" else None
            ts = datetime.datetime.fromisoformat(record["order_ts"].replace("Z", "+00:00"))
            ts = ts.replace(microsecond=ts.microsecond // 1000 * 1000)
            rows.append({
                "order_id": text("order_id"), "customer_id": text("customer_id"),
                "order_date": datetime.date.fromisoformat(record["order_date"]), "order_ts": ts,
                "status": text("status"), "country": text("country"), "currency": text("currency"),
                "quantity": int(record["quantity"]), "unit_price": float(record["unit_price"]),
                "total": float(record["total"]), "email": text("email"),
            })
    return rows


def first_difference(actual, expected):
    if len(actual) != len(expected):
        return f"{len(actual)} rows, expected {len(expected)}"
    for index, (a, e) in enumerate(zip(actual, expected)):
        if a != e:
            return f"row {index}: {a} != {e}"
    return "equal"


def main():
    output, source = sys.argv[1], sys.argv[2]
    left_out = {int(n) for n in sys.argv[3].split(",") if n} if len(sys.argv) > 3 else set()
    expected = expected_rows(source, left_out)
    table = pq.read_table(output)
    from_pyarrow = table.to_pylist()
    duck = duckdb.connect()
    duck.execute("SET TimeZone = 'UTC'")
    cursor = duck.execute(f"SELECT * FROM read_parquet('{output}')")
    names = [d[0] for d in cursor.description]
    from_duckdb = [dict(zip(names, row)) for row in cursor.fetchall()]
    report = {
        "rows": table.num_rows,
        "columns": {field.name: str(field.type) for field in table.schema},
        "codec": pq.ParquetFile(output).metadata.row_group(0).column(0).compression,
        "pyarrow": first_difference(from_pyarrow, expected),
        "duckdb": first_difference(from_duckdb, expected),
    }
    print(json.dumps(report))



if __name__ == "__main__":
    main()
