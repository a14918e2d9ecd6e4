"""Would MySQLUpsert go faster over two connections? The rows are split by a hash of the key (here the BIGINT id
modulo the number of connections), so every key always travels on the same connection and its updates stay in file
order; each connection sends its own batches, one statement in flight at a time, from its own thread. Same rows,
same batch size, one throw-away MariaDB (scripts/services/mariadb.sh), statements and files prepared before the
clock starts, so only the server's work and the round trips are timed:

- odku: one multi-row INSERT ... ON DUPLICATE KEY UPDATE ... VALUES() per batch (what MySQLUpsert sends);
- staged: per batch, LOAD DATA LOCAL INFILE into the connection's own MEMORY temporary table, then
  INSERT ... SELECT ... ON DUPLICATE KEY UPDATE into the table, then TRUNCATE (UPSERT_METHOD=staged).

Each mode inserts N rows into a fresh table, then updates every key, with 1 and with 2 connections. Rates in rows/s,
with the server's CPU seconds for the pass (user + system of mariadbd, every thread).

    python scripts/bench/mysql_partition_probe.py [--rows 500000] [--batch 7299]
"""
import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mysql_staging_probe import literal  # noqa: E402
from mysql_upsert_bench import COLUMNS, TABLE_DDL, connect, row, throwaway_mariadb  # noqa: E402

UPDATE = ", ".join(f"{c} = VALUES({c})" for c in COLUMNS[1:])


def partitioned(rows, batch, r, connections):
    """Per connection, its batches of row numbers: a key always lands on the same connection."""
    keys = [[i for i in range(rows) if i % connections == p] for p in range(connections)]
    return [[part[s:s + batch] for s in range(0, len(part), batch)] for part in keys]


def statement(numbers, r):
    tuples = ",".join("(" + ",".join(literal(v, i) for i, v in enumerate(row(j, r))) + ")" for j in numbers)
    return f"INSERT INTO t ({', '.join(COLUMNS)}) VALUES {tuples} ON DUPLICATE KEY UPDATE {UPDATE}"


def staging_file(directory, numbers, r, p, n):
    path = os.path.join(directory, f"r{r}_p{p}_{n}.tsv")
    with open(path, "w", encoding="utf-8") as f:
        for j in numbers:
            f.write("\t".join(v.replace("\\", "\\\\") for v in row(j, r)) + "\n")
    return path


def server_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def send_all(connection, mode, work, failures):
    cols = ", ".join(COLUMNS)
    try:
        with connection.cursor() as cursor:
            for item in work:
                if mode == "odku":
                    cursor.execute(item)
                else:
                    cursor.execute(f"LOAD DATA LOCAL INFILE '{item}' INTO TABLE s")
                    cursor.execute(f"INSERT INTO t ({cols}) SELECT {cols} FROM s ON DUPLICATE KEY UPDATE {UPDATE}")
                    cursor.execute("TRUNCATE TABLE s")
    except Exception as error:  # reported by the main thread
        failures.append(error)


def run(env, pid, mode, rows, batch, connections, directory):
    links = [connect(env, local_infile=True) for _ in range(connections)]
    try:
        with links[0].cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS t")
            cursor.execute(TABLE_DDL.format(name="t"))
        if mode == "staged":
            for link in links:
                with link.cursor() as cursor:
                    cursor.execute("CREATE TEMPORARY TABLE s ENGINE=MEMORY SELECT * FROM t LIMIT 0")
        results = []
        for r in (1, 2):
            plan = partitioned(rows, batch, r, connections)
            if mode == "odku":
                work = [[statement(numbers, r) for numbers in batches] for batches in plan]
            else:
                work = [[staging_file(directory, numbers, r, p, n) for n, numbers in enumerate(batches)] for p, batches in enumerate(plan)]
            failures = []
            threads = [threading.Thread(target=send_all, args=(link, mode, items, failures)) for link, items in zip(links, work)]
            cpu, started = server_cpu(pid), time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds, cpu = time.perf_counter() - started, server_cpu(pid) - cpu
            if failures:
                raise failures[0]
            with links[0].cursor() as cursor:
                cursor.execute("SELECT COUNT(*), SUM(a) FROM t")
                count, total = cursor.fetchone()
            assert count == rows and int(total) == sum((i * 7 + r) % 100_000 for i in range(rows)), f"{mode}: {count} rows"
            results.append((rows / seconds, cpu))
        return results
    finally:
        for link in links:
            link.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--batch", type=int, default=7299)
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    with throwaway_mariadb("mysql-partition-probe.") as (env, scratch):
        with open(os.path.join(scratch, "mariadb", "run", "mysqld.pid")) as f:
            pid = int(f.read())
        print(f"{args.rows:,} rows x 10 columns, batches of {args.batch:,} rows per connection, MariaDB 10.11 on "
              f"loopback with TLS (rows/s, server CPU s: insert / update)")
        for mode in ("odku", "staged"):
            single = None
            for connections in (1, 2):
                (insert, insert_cpu), (update, update_cpu) = run(env, pid, mode, args.rows, args.batch, connections, scratch)
                line = (f"  {mode:<6} {connections} connection{'s' if connections > 1 else ' '}  {insert:>9,.0f} ({insert_cpu:.2f} s)"
                        f" / {update:>9,.0f} ({update_cpu:.2f} s)")
                if single:
                    line += f"   {insert / single[0]:.2f}x / {update / single[1]:.2f}x"
                else:
                    single = (insert, update)
                print(line, flush=True)

if __name__ == "__main__":
    sys.exit(main())
