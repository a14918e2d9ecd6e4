"""Upsert benchmark: MySQLUpsertWriter (Swift) with multi-row statements (odku) and with the staged method (LOAD DATA
LOCAL into a temporary table, then INSERT ... SELECT ... ON DUPLICATE KEY UPDATE), beside PyMySQL executemany with the
same batch size, and LOAD DATA LOCAL INFILE from the mariadb client as the ceiling, on one throw-away MariaDB
(scripts/services/mariadb.sh) in the same run. Each writer inserts N rows into a fresh table, then updates every row
(same keys, new values).

    python scripts/bench/mysql_upsert_bench.py --swift-bench .build-bench/release/MySQLBench [--rows 200000]
"""
import argparse
import contextlib
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import pymysql

COLUMNS = ["id", "a", "b", "c", "d", "e", "f", "g", "h", "i"]
TABLE_DDL = """CREATE TABLE {name} (
  id BIGINT PRIMARY KEY, a INT NOT NULL, b BIGINT NOT NULL, c DECIMAL(12,2) NOT NULL, d VARCHAR(64) NOT NULL,
  e VARCHAR(128) NOT NULL, f DATETIME NOT NULL, g DATE NOT NULL, h DOUBLE NOT NULL, i TINYINT(1) NOT NULL
) ENGINE=InnoDB"""


def row(i, r):
    """The rows MySQLBench generates, as text (what a CSV reader hands a Python Lambda)."""
    return (
        str(i),
        str((i * 7 + r) % 100_000),
        str(i * 1_000_003 + r),
        f"{(i * 13 + r) % 1_000_000}.{(i + r) % 100:02d}",
        f"name-{i}-{r}",
        f"category {(i + r) % 50} with 'quotes' and \\ backslash",
        f"2024-{(i % 12) + 1:02d}-{(i % 28) + 1:02d} {(i + r) % 24:02d}:{i % 60:02d}:{r % 60:02d}",
        f"2023-{(i % 12) + 1:02d}-{((i + r) % 28) + 1:02d}",
        repr(float(i % 1000) / 8 + float(r)),
        "1" if (i + r) % 2 == 0 else "0",
    )


def start_mariadb(state):
    out = subprocess.run(["bash", "scripts/services/mariadb.sh", "start", state], check=True, capture_output=True, text=True)
    env = {}
    for line in out.stdout.splitlines():
        name, value = line.removeprefix("export ").split("=", 1)
        env[name] = shlex.split(value)[0] if value else ""
    return env


@contextlib.contextmanager
def throwaway_mariadb(prefix):
    """A MariaDB started in a fresh scratch directory for one run: yields (env, scratch), then stops and removes it
    and prints the load average."""
    scratch = tempfile.mkdtemp(prefix=prefix)
    try:
        yield start_mariadb(os.path.join(scratch, "mariadb")), scratch
    finally:
        subprocess.run(["bash", "scripts/services/mariadb.sh", "stop", os.path.join(scratch, "mariadb")], check=False)
        shutil.rmtree(scratch, ignore_errors=True)
        print("load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())


def connect(env, **kw):
    return pymysql.connect(host=env["PIPELINE_MYSQL_HOST"], port=int(env["PIPELINE_MYSQL_PORT"]), user=env["PIPELINE_MYSQL_USER"],
                           password=env["PIPELINE_MYSQL_PASSWORD"], database=env["PIPELINE_MYSQL_DATABASE"],
                           ssl={"ca": env["PIPELINE_MYSQL_CA"]}, autocommit=True, **kw)


def fresh_table(env, name):
    with connect(env) as c, c.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {name}")
        cur.execute(TABLE_DDL.format(name=name))


def check_table(env, name, rows, r):
    with connect(env) as c, c.cursor() as cur:
        cur.execute(f"SELECT COUNT(*), SUM(a), MAX(d) FROM {name}")
        count, total, last = cur.fetchone()
    expected_total = sum((i * 7 + r) % 100_000 for i in range(rows))
    assert count == rows and int(total) == expected_total, f"{name}: {count} rows, sum {total}, expected {expected_total}"


def child_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_swift(binary, env, name, rows, batch, r, cpu, method="odku"):
    before = child_cpu()
    result = subprocess.run(
        [binary, env["PIPELINE_MYSQL_HOST"], env["PIPELINE_MYSQL_PORT"], env["PIPELINE_MYSQL_USER"], "PIPELINE_MYSQL_PASSWORD",
         env["PIPELINE_MYSQL_CA"], env["PIPELINE_MYSQL_DATABASE"], name, str(rows), str(batch), str(r), method],
        check=True, capture_output=True, text=True, env={**os.environ, "PIPELINE_MYSQL_PASSWORD": env["PIPELINE_MYSQL_PASSWORD"]})
    cpu.append(child_cpu() - before)
    return json.loads(result.stdout)["rows_per_second"]


def run_pymysql(env, name, rows, batch, r, cpu):
    data = [row(i, r) for i in range(rows)]
    sql = (f"INSERT INTO {name} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))}) "
           f"ON DUPLICATE KEY UPDATE {', '.join(f'{c} = VALUES({c})' for c in COLUMNS[1:])}")
    started, cpu_started = time.perf_counter(), time.process_time()
    with connect(env) as c, c.cursor() as cur:
        for start in range(0, rows, batch):
            cur.executemany(sql, data[start:start + batch])
    seconds = time.perf_counter() - started
    cpu.append(time.process_time() - cpu_started)
    return rows / seconds


def run_load_data(env, name, rows, scratch):
    path = os.path.join(scratch, f"{name}.tsv")
    with open(path, "w") as f:
        for i in range(rows):
            f.write("\t".join(v.replace("\\", "\\\\") for v in row(i, 1)) + "\n")
    started = time.perf_counter()
    subprocess.run(["mariadb", "--no-defaults", "--local-infile=1", "-h", env["PIPELINE_MYSQL_HOST"], "-P", env["PIPELINE_MYSQL_PORT"],
                    "-u", env["PIPELINE_MYSQL_USER"], f"--ssl-ca={env['PIPELINE_MYSQL_CA']}", env["PIPELINE_MYSQL_DATABASE"],
                    "-e", f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {name} ({', '.join(COLUMNS)})"],
                   check=True, env={**os.environ, "MYSQL_PWD": env["PIPELINE_MYSQL_PASSWORD"]})
    return rows / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift-bench", required=True)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(__file__), "..", ".."))
    scratch = tempfile.mkdtemp(prefix="mysql-bench.")
    state = os.path.join(scratch, "mariadb")
    env = start_mariadb(state)
    results = {k: [] for k in ("swift_insert", "swift_update", "staged_insert", "staged_update", "pymysql_insert",
                               "pymysql_update", "load_data")}
    # Client CPU seconds per pass (insert and update): what the client itself spends, whatever the server's load.
    swift_cpu, staged_cpu, python_cpu = [], [], []
    try:
        for n in range(args.rounds):
            fresh_table(env, "bench_swift")
            results["swift_insert"].append(run_swift(args.swift_bench, env, "bench_swift", args.rows, args.batch, 1, swift_cpu))
            results["swift_update"].append(run_swift(args.swift_bench, env, "bench_swift", args.rows, args.batch, 2, swift_cpu))
            check_table(env, "bench_swift", args.rows, 2)
            fresh_table(env, "bench_staged")
            results["staged_insert"].append(run_swift(args.swift_bench, env, "bench_staged", args.rows, args.batch, 1, staged_cpu, "staged"))
            results["staged_update"].append(run_swift(args.swift_bench, env, "bench_staged", args.rows, args.batch, 2, staged_cpu, "staged"))
            check_table(env, "bench_staged", args.rows, 2)
            fresh_table(env, "bench_py")
            results["pymysql_insert"].append(run_pymysql(env, "bench_py", args.rows, args.batch, 1, python_cpu))
            results["pymysql_update"].append(run_pymysql(env, "bench_py", args.rows, args.batch, 2, python_cpu))
            check_table(env, "bench_py", args.rows, 2)
            fresh_table(env, "bench_load")
            results["load_data"].append(run_load_data(env, "bench_load", args.rows, scratch))
            check_table(env, "bench_load", args.rows, 1)
    finally:
        subprocess.run(["bash", "scripts/services/mariadb.sh", "stop", state], check=False)
    median = {k: statistics.median(v) for k, v in results.items()}
    print(f"MySQL upsert, {args.rows:,} rows x 10 columns, batches of {args.batch}, MariaDB 10.11 on loopback with TLS, "
          f"median of {args.rounds} rounds (rows/s):")
    print(f"  insert: Swift {median['swift_insert']:>10,.0f}   PyMySQL executemany {median['pymysql_insert']:>10,.0f}   "
          f"ratio {median['swift_insert'] / median['pymysql_insert']:.2f}x   LOAD DATA LOCAL INFILE {median['load_data']:>10,.0f}")
    print(f"  update: Swift {median['swift_update']:>10,.0f}   PyMySQL executemany {median['pymysql_update']:>10,.0f}   "
          f"ratio {median['swift_update'] / median['pymysql_update']:.2f}x")
    for phase in ("insert", "update"):
        staged = median[f"staged_{phase}"]
        print(f"  {phase}, staged (LOAD DATA LOCAL + INSERT ... SELECT): Swift {staged:>10,.0f}   "
              f"against Swift odku {staged / median[f'swift_{phase}']:.2f}x   against PyMySQL {staged / median[f'pymysql_{phase}']:.2f}x"
              + (f"   against LOAD DATA {staged / median['load_data']:.2f}x" if phase == "insert" else ""))
    print(f"  client CPU per pass: Swift {statistics.median(swift_cpu):.2f} s (process, incl. generating the rows), "
          f"staged {statistics.median(staged_cpu):.2f} s   "
          f"PyMySQL {statistics.median(python_cpu):.2f} s   ratio {statistics.median(python_cpu) / statistics.median(swift_cpu):.1f}x")
    print(json.dumps({k: [round(x) for x in v] for k, v in results.items()}))
    print("load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
