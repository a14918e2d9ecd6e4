"""Does a bulk path beat multi-row INSERT ... ON DUPLICATE KEY UPDATE on this server? Same rows, same batch sizes,
one throw-away MariaDB (scripts/services/mariadb.sh), statements and files prepared before the clock starts, so only
the server's work and the round trips are timed:

- odku: one multi-row INSERT ... ON DUPLICATE KEY UPDATE ... VALUES() per batch (what MySQLUpsert sends);
- staged-innodb / staged-memory: per batch, in one transaction, LOAD DATA LOCAL INFILE into a session temporary
  table (InnoDB, or ENGINE=MEMORY), INSERT ... SELECT ... ON DUPLICATE KEY UPDATE into the table, then empty the
  temporary table (DELETE for InnoDB, TRUNCATE for MEMORY);
- load-data: LOAD DATA LOCAL INFILE ... REPLACE straight into the table (no upsert semantics: the ceiling).

Each mode inserts N rows into a fresh table, then updates every key. Rates in rows/s.

    python scripts/bench/mysql_staging_probe.py [--rows 200000] [--batches 1000,10000]
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mysql_upsert_bench import COLUMNS, TABLE_DDL, connect, row, throwaway_mariadb  # noqa: E402

QUOTED = {4, 5, 6, 7}  # VARCHAR, DATETIME and DATE columns take quoted literals


def literal(value, index):
    if index in QUOTED:
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return value


def statements(rows, batch, r):
    cols = ", ".join(COLUMNS)
    update = ", ".join(f"{c} = VALUES({c})" for c in COLUMNS[1:])
    out = []
    for start in range(0, rows, batch):
        tuples = ",".join("(" + ",".join(literal(v, i) for i, v in enumerate(row(j, r))) + ")"
                          for j in range(start, min(rows, start + batch)))
        out.append(f"INSERT INTO t ({cols}) VALUES {tuples} ON DUPLICATE KEY UPDATE {update}")
    return out


def files(directory, rows, batch, r):
    out = []
    for start in range(0, rows, batch):
        path = os.path.join(directory, f"r{r}_{start}.tsv")
        with open(path, "w", encoding="utf-8") as f:
            for j in range(start, min(rows, start + batch)):
                f.write("\t".join(v.replace("\\", "\\\\") for v in row(j, r)) + "\n")
        out.append(path)
    return out


def run(cursor, mode, rows, batch, directory):
    cols = ", ".join(COLUMNS)
    update = ", ".join(f"{c} = VALUES({c})" for c in COLUMNS[1:])
    cursor.execute("DROP TABLE IF EXISTS t")
    cursor.execute(TABLE_DDL.format(name="t"))
    if mode == "staged-memory":
        cursor.execute("CREATE TEMPORARY TABLE s ENGINE=MEMORY SELECT * FROM t LIMIT 0")
    elif mode == "staged-innodb":
        cursor.execute("CREATE TEMPORARY TABLE s LIKE t")
    rates = []
    for r in (1, 2):
        work = statements(rows, batch, r) if mode == "odku" else files(directory, rows, batch, r)
        started = time.perf_counter()
        for item in work:
            if mode == "odku":
                cursor.execute(item)
            elif mode == "load-data":
                cursor.execute(f"LOAD DATA LOCAL INFILE '{item}' REPLACE INTO TABLE t")
            else:
                cursor.execute("BEGIN")
                cursor.execute(f"LOAD DATA LOCAL INFILE '{item}' INTO TABLE s")
                cursor.execute(f"INSERT INTO t ({cols}) SELECT {cols} FROM s ON DUPLICATE KEY UPDATE {update}")
                cursor.execute("COMMIT")
                cursor.execute("TRUNCATE TABLE s" if mode == "staged-memory" else "DELETE FROM s")
        rates.append(rows / (time.perf_counter() - started))
        cursor.execute("SELECT COUNT(*), SUM(a) FROM t")
        count, total = cursor.fetchone()
        assert count == rows and int(total) == sum((i * 7 + r) % 100_000 for i in range(rows)), f"{mode}: {count} rows"
    if mode.startswith("staged"):
        cursor.execute("DROP TEMPORARY TABLE s")
    return rates


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batches", default="1000,10000")
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    with throwaway_mariadb("mysql-staging-probe.") as (env, scratch):
        connection = connect(env, local_infile=True)
        print(f"{args.rows:,} rows x 10 columns, MariaDB 10.11 on loopback with TLS (rows/s: insert / update)")
        with connection, connection.cursor() as cursor:
            for batch in (int(b) for b in args.batches.split(",")):
                for mode in ("odku", "staged-innodb", "staged-memory", "load-data"):
                    insert, update = run(cursor, mode, args.rows, batch, scratch)
                    print(f"  batch {batch:>6,}  {mode:<14} {insert:>9,.0f} / {update:>9,.0f}", flush=True)

if __name__ == "__main__":
    sys.exit(main())
