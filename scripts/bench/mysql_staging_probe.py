"""Does a bulk path beat multi-row INSERT ... ON DUPLICATE KEY UPDATE on this server? Same rows, same batch sizes,
one throw-away MariaDB (scripts/services/mariadb.sh), statements and files prepared before the clock starts, so only
the server's work and the round trips are timed:

- odku: one multi-row INSERT ... ON DUPLICATE KEY UPDATE ... VALUES() per batch (what MySQLUpsert sends);
- staged-innodb / staged-memory: per batch, in one transaction, LOAD DATA LOCAL INFILE into a session temporary
  table (InnoDB, or ENGINE=MEMORY), INSERT ... SELECT ... ON DUPLICATE KEY UPDATE into the table, then empty the
  temporary table (DELETE for InnoDB, TRUNCATE for MEMORY);
- load-data: LOAD DATA LOCAL INFILE ... REPLACE straight into the table (no upsert semantics: the ceiling);
- direct: LOAD DATA LOCAL INFILE straight into the table (duplicates skipped); a batch that skipped rows is then
  staged (MEMORY) and upserted in the same transaction, and the next batch is staged without trying first;
- staged-join: staged (MEMORY), then UPDATE ... JOIN for the keys that exist and INSERT ... SELECT ... LEFT JOIN
  ... IS NULL for the new ones, in place of INSERT ... SELECT ... ON DUPLICATE KEY UPDATE;
- staged-update: staged (MEMORY), then UPDATE ... JOIN alone when it matched every row of the batch (the update
  pass), else INSERT ... SELECT ... ON DUPLICATE KEY UPDATE (the insert pass).

Each mode inserts N rows into a fresh table, then updates every key. Rates in rows/s.

    python scripts/bench/mysql_staging_probe.py [--rows 200000] [--batches 1000,10000]
"""
import argparse
import os
import re
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


def server_cpu(pid):
    """User + system seconds of the server process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(cursor, mode, rows, batch, directory, pid):
    cols = ", ".join(COLUMNS)
    update = ", ".join(f"{c} = VALUES({c})" for c in COLUMNS[1:])
    joined = ", ".join(f"t.{c} = s.{c}" for c in COLUMNS[1:])
    selected = ", ".join(f"s.{c}" for c in COLUMNS)
    cursor.execute("DROP TABLE IF EXISTS t")
    cursor.execute(TABLE_DDL.format(name="t"))
    if mode in ("staged-memory", "direct", "staged-join", "staged-update"):
        cursor.execute("CREATE TEMPORARY TABLE s ENGINE=MEMORY SELECT * FROM t LIMIT 0")
    elif mode == "staged-innodb":
        cursor.execute("CREATE TEMPORARY TABLE s LIKE t")
    rates = []
    for r in (1, 2):
        work = statements(rows, batch, r) if mode == "odku" else files(directory, rows, batch, r)
        started, cpu_started = time.perf_counter(), server_cpu(pid)
        try_direct = True
        for item in work:
            if mode == "odku":
                cursor.execute(item)
            elif mode == "load-data":
                cursor.execute(f"LOAD DATA LOCAL INFILE '{item}' REPLACE INTO TABLE t")
            elif mode == "direct":
                cursor.execute("BEGIN")
                skipped = None
                if try_direct:
                    cursor.execute(f"LOAD DATA LOCAL INFILE '{item}' INTO TABLE t")
                    skipped = int(re.search(rb"Skipped: (\d+)", cursor._result.message).group(1))
                if skipped != 0:
                    cursor.execute(f"LOAD DATA LOCAL INFILE '{item}' INTO TABLE s")
                    cursor.execute(f"INSERT INTO t ({cols}) SELECT {cols} FROM s ON DUPLICATE KEY UPDATE {update}")
                    cursor.execute("TRUNCATE TABLE s")
                try_direct = skipped == 0
                cursor.execute("COMMIT")
            elif mode == "staged-update":
                cursor.execute("BEGIN")
                cursor.execute(f"LOAD DATA LOCAL INFILE '{item}' INTO TABLE s")
                if r == 2:
                    cursor.execute(f"UPDATE t JOIN s ON t.id = s.id SET {joined}")
                    matched = int(re.search(rb"Rows matched: (\d+)", cursor._result.message).group(1))
                    assert matched == min(batch, rows), cursor._result.message
                else:
                    cursor.execute(f"INSERT INTO t ({cols}) SELECT {cols} FROM s ON DUPLICATE KEY UPDATE {update}")
                cursor.execute("COMMIT")
                cursor.execute("TRUNCATE TABLE s")
            elif mode == "staged-join":
                cursor.execute("BEGIN")
                cursor.execute(f"LOAD DATA LOCAL INFILE '{item}' INTO TABLE s")
                cursor.execute(f"UPDATE t JOIN s ON t.id = s.id SET {joined}")
                cursor.execute(f"INSERT INTO t ({cols}) SELECT {selected} FROM s LEFT JOIN t ON t.id = s.id WHERE t.id IS NULL")
                cursor.execute("COMMIT")
                cursor.execute("TRUNCATE TABLE s")
            else:
                cursor.execute("BEGIN")
                cursor.execute(f"LOAD DATA LOCAL INFILE '{item}' INTO TABLE s")
                cursor.execute(f"INSERT INTO t ({cols}) SELECT {cols} FROM s ON DUPLICATE KEY UPDATE {update}")
                cursor.execute("COMMIT")
                cursor.execute("TRUNCATE TABLE s" if mode == "staged-memory" else "DELETE FROM s")
        rates.append((rows / (time.perf_counter() - started), server_cpu(pid) - cpu_started))
        cursor.execute("SELECT COUNT(*), SUM(a) FROM t")
        count, total = cursor.fetchone()
        assert count == rows and int(total) == sum((i * 7 + r) % 100_000 for i in range(rows)), f"{mode}: {count} rows"
    if mode in ("staged-memory", "direct", "staged-join", "staged-update", "staged-innodb"):
        cursor.execute("DROP TEMPORARY TABLE s")
    return rates


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batches", default="1000,10000")
    parser.add_argument("--modes", default="odku,staged-innodb,staged-memory,direct,staged-join,load-data")
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    with throwaway_mariadb("mysql-staging-probe.") as (env, scratch):
        connection = connect(env, local_infile=True)
        with open(os.path.join(scratch, "mariadb", "server.pid")) as f:
            pid = int(f.read())
        print(f"{args.rows:,} rows x 10 columns, MariaDB 10.11 on loopback with TLS "
              "(rows/s insert / update, server CPU seconds insert / update)")
        with connection, connection.cursor() as cursor:
            for batch in (int(b) for b in args.batches.split(",")):
                for mode in args.modes.split(","):
                    (insert, insert_cpu), (update, update_cpu) = run(cursor, mode, args.rows, batch, scratch, pid)
                    print(f"  batch {batch:>6,}  {mode:<14} {insert:>9,.0f} / {update:>9,.0f}"
                          f"   ({insert_cpu:.2f} s / {update_cpu:.2f} s)", flush=True)

if __name__ == "__main__":
    sys.exit(main())
