"""MySQLUpsert's row path end to end beside what a user would otherwise run, on one throw-away MariaDB in the same run:

- MySQLUpsert: the packaged bootstrap under the Runtime Interface Emulator, invoked with the S3 event of a gzip
  pipe-delimited UNLOAD part (`DELIMITER '|' ESCAPE NULL AS '\\N' GZIP`) in moto; it reads the part by ranged GETs,
  parses, converts and upserts in batches. Its peak RSS (VmHWM of the bootstrap) is reported too.
- PyMySQL executemany with the same batch size and statement (the issue's 1,000 rows, and the rows per batch the
  function's default byte-sized batches came to), reading the same gzip file from local disk with
  Python's gzip and csv modules (a Python Lambda's loop, without its S3 download).
- LOAD DATA LOCAL INFILE from the mariadb client on the decompressed file (Redshift's ESCAPE text is what LOAD
  DATA reads with FIELDS TERMINATED BY '|'): the ceiling, inserts only.

Each loads N rows of 10 columns into a fresh table (inserts), then a second file with new values for the same keys
(updates); MySQLUpsert once with BATCH_ROWS=--batch and once with its default sizing. Every pass is checked (row
count and a column sum).

    python scripts/bench/mysql_unload_bench.py --bootstrap dist/MySQLUpsert/bootstrap [--rows 1000000] [--batch 1000]
        [--compare-bootstrap other/bootstrap]

--compare-bootstrap runs another build of the function (an earlier commit's package, say) with UPSERT_METHOD=staged
in the same run, for a before-and-after figure on the same server.
"""
import argparse
import csv
import gzip
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
import pymysql

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mysql_upsert_bench import COLUMNS, TABLE_DDL, connect, fresh_table, row  # noqa: E402

BUCKET = "unload-bench"


def start(service, state):
    out = subprocess.run(["bash", f"scripts/services/{service}.sh", "start", state], check=True, capture_output=True, text=True)
    env = {}
    for line in out.stdout.splitlines():
        name, value = line.removeprefix("export ").split("=", 1)
        env[name] = shlex.split(value)[0] if value else ""
    return env


def escaped(value):
    """A field as UNLOAD's ESCAPE writes it."""
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\\n")


def write_part(path, rows, r):
    """The gzip UNLOAD part for round r (1 inserts, 2 updates the same keys); returns its decompressed path too."""
    plain = path.removesuffix(".gz")
    with open(plain, "w", encoding="utf-8", newline="") as out:
        for i in range(rows):
            out.write("|".join(escaped(v) for v in row(i, r)) + "\n")
    subprocess.run(["gzip", "-kf6", plain], check=True)
    return plain


def check_table(env, name, rows, r):
    with connect(env) as c, c.cursor() as cur:
        cur.execute(f"SELECT COUNT(*), SUM(a) FROM {name}")
        count, total = cur.fetchone()
    expected_total = sum((i * 7 + r) % 100_000 for i in range(rows))
    assert count == rows and int(total) == expected_total, f"{name}: {count} rows, sum {total}, expected {expected_total}"


def children(pid):
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            found += [int(p) for p in f.read().split()]
    return found


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid):
    """User + system CPU of a live process (fields 14 and 15 of /proc/<pid>/stat, in clock ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_function(args, env, moto, rie, table, key, batch, method="odku", bootstrap=None):
    """Invokes the bootstrap once (fresh process) for the part at key, with BATCH_ROWS=batch (None: the function's
    default batch sizing) and UPSERT_METHOD=method; returns (rows/s, peak RSS MiB, CPU s, answer)."""
    routes = {"routes": [{"prefix": "unload/", "table": table, "columns": COLUMNS, "escape": True, "nullAs": "\\N"}]}
    invoke_port, api_port = free_port(), free_port()
    function_env = {
        **os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": moto["PIPELINE_MOTO_ENDPOINT"], "AWS_LAMBDA_FUNCTION_TIMEOUT": "900", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
        "UPSERT_ROUTES": json.dumps(routes), "DB_HOST": env["PIPELINE_MYSQL_HOST"], "DB_PORT": env["PIPELINE_MYSQL_PORT"],
        "DB_NAME": env["PIPELINE_MYSQL_DATABASE"], "DB_AUTH": "secret", "DB_SECRET_ID": "rds/bench", "DB_CA_BUNDLE": env["PIPELINE_MYSQL_CA"],
        "AWS_LAMBDA_LOG_LEVEL": "WARN", "UPSERT_METHOD": method,
    }
    if batch is not None:
        function_env["BATCH_ROWS"] = str(batch)
    process = subprocess.Popen(
        [rie, "--log-level", "error", "--runtime-interface-emulator-address", f"127.0.0.1:{invoke_port}",
         "--runtime-api-address", f"127.0.0.1:{api_port}", os.path.abspath(bootstrap or args.bootstrap)],
        env=function_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{invoke_port}/", timeout=0.2)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.05)
        head = boto3.client("s3", endpoint_url=moto["PIPELINE_MOTO_ENDPOINT"], region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing").head_object(Bucket=BUCKET, Key=key)
        event = {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
                              "eventTime": "2026-12-06T05:00:00.000Z", "eventName": "ObjectCreated:Put",
                              "s3": {"s3SchemaVersion": "1.0", "bucket": {"name": BUCKET, "arn": f"arn:aws:s3:::{BUCKET}"},
                                     "object": {"key": key, "size": head["ContentLength"], "eTag": head["ETag"].strip('"')}}}]}
        request = urllib.request.Request(f"http://127.0.0.1:{invoke_port}/2015-03-31/functions/function/invocations",
                                         data=json.dumps(event).encode(), method="POST")
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=1000) as response:
            answer = json.loads(response.read())
        seconds = time.perf_counter() - started
        bootstraps = children(process.pid)
        rss = max((peak_rss_mib(p) for p in bootstraps), default=0.0)
        cpu = sum(cpu_seconds(p) for p in bootstraps)
    finally:
        process.terminate()
        process.wait()
    load = (answer.get("loads") or [{}])[0]
    assert load.get("rowsRead") == args.rows and load.get("rejected") == 0, f"MySQLUpsert answered {str(answer)[:400]}"
    assert all(part.get("method") == method for part in load.get("parts", [])), f"not {method}: {str(answer)[:400]}"
    return args.rows / seconds, rss, cpu, load


def run_pymysql(env, table, path, batch):
    sql = (f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))}) "
           f"ON DUPLICATE KEY UPDATE {', '.join(f'{c} = VALUES({c})' for c in COLUMNS[1:])}")
    started, cpu_started = time.perf_counter(), time.process_time()
    with connect(env) as c, c.cursor() as cur, gzip.open(path, "rt", encoding="utf-8", newline="") as text:
        reader = csv.reader(text, delimiter="|", escapechar="\\", quoting=csv.QUOTE_NONE)
        rows = []
        for fields in reader:
            rows.append(fields)
            if len(rows) == batch:
                cur.executemany(sql, rows)
                rows = []
        if rows:
            cur.executemany(sql, rows)
    return time.perf_counter() - started, time.process_time() - cpu_started


def run_load_data(env, table, plain):
    started = time.perf_counter()
    subprocess.run(["mariadb", "--no-defaults", "--local-infile=1", "-h", env["PIPELINE_MYSQL_HOST"], "-P", env["PIPELINE_MYSQL_PORT"],
                    "-u", env["PIPELINE_MYSQL_USER"], f"--ssl-ca={env['PIPELINE_MYSQL_CA']}", env["PIPELINE_MYSQL_DATABASE"],
                    "-e", f"LOAD DATA LOCAL INFILE '{plain}' INTO TABLE {table} FIELDS TERMINATED BY '|' ESCAPED BY '\\\\' ({', '.join(COLUMNS)})"],
                   check=True, env={**os.environ, "MYSQL_PWD": env["PIPELINE_MYSQL_PASSWORD"]})
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--compare-bootstrap")
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    rie = subprocess.run(["scripts/rie-path.sh"], check=True, capture_output=True, text=True).stdout.strip()
    scratch = tempfile.mkdtemp(prefix="mysql-unload-bench.")
    env = start("mariadb", os.path.join(scratch, "mariadb"))
    moto = start("moto", os.path.join(scratch, "moto"))
    try:
        s3 = boto3.client("s3", endpoint_url=moto["PIPELINE_MOTO_ENDPOINT"], region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
        s3.create_bucket(Bucket=BUCKET)
        boto3.client("secretsmanager", endpoint_url=moto["PIPELINE_MOTO_ENDPOINT"], region_name="us-east-1",
                     aws_access_key_id="testing", aws_secret_access_key="testing").create_secret(
            Name="rds/bench", SecretString=json.dumps({"username": env["PIPELINE_MYSQL_USER"], "password": env["PIPELINE_MYSQL_PASSWORD"]}))
        parts = {}
        for r in (1, 2):
            path = os.path.join(scratch, f"round{r}_0000_part_00.gz")
            plain = write_part(path, args.rows, r)
            key = f"unload/round{r}/0000_part_00.gz"
            with open(path, "rb") as body:
                s3.put_object(Bucket=BUCKET, Key=key, Body=body)
            parts[r] = (path, plain, key, os.path.getsize(path))
        results = {}
        # The batch size for both, then the function's default sizing (statements of BATCH_BYTES) beside
        # PyMySQL with the same number of rows per batch.
        # Last, UPSERT_METHOD=staged with the default sizing.
        sizings = [("fixed", args.batch, "odku", None), ("default", None, "odku", None), ("staged", None, "staged", None)]
        if args.compare_bootstrap:
            sizings.append(("compared", None, "staged", args.compare_bootstrap))
        for label, batch, method, bootstrap in sizings:
            table = f"unload_swift_{label}"
            fresh_table(env, table)
            for r, phase in ((1, "insert"), (2, "update")):
                rate, rss, cpu, load = run_function(args, env, moto, rie, table, parts[r][2], batch, method, bootstrap)
                results[f"swift_{label}_{phase}"] = rate
                results[f"swift_{label}_{phase}_cpu"] = cpu
                results[f"swift_{label}_{phase}_rss"] = rss
                results[f"swift_{label}_{phase}_load"] = load
                check_table(env, table, args.rows, r)
        default_batch = round(args.rows / results["swift_default_insert_load"]["batches"])
        results["default_batch"] = default_batch
        for label, batch in (("fixed", args.batch), ("default", default_batch)):
            table = f"unload_py_{label}"
            fresh_table(env, table)
            for r, phase in ((1, "insert"), (2, "update")):
                seconds, cpu = run_pymysql(env, table, parts[r][0], batch)
                results[f"pymysql_{label}_{phase}"] = args.rows / seconds
                results[f"pymysql_{label}_{phase}_cpu"] = cpu
                check_table(env, table, args.rows, r)
        fresh_table(env, "unload_load")
        results["load_data"] = args.rows / run_load_data(env, "unload_load", parts[1][1])
        check_table(env, "unload_load", args.rows, 1)
    finally:
        subprocess.run(["bash", "scripts/services/moto.sh", "stop", os.path.join(scratch, "moto")], check=False)
        subprocess.run(["bash", "scripts/services/mariadb.sh", "stop", os.path.join(scratch, "mariadb")], check=False)
        shutil.rmtree(scratch, ignore_errors=True)
    size = parts[1][3] / 1e6
    print(f"MySQLUpsert row path: {args.rows:,} rows x 10 columns from a {size:.1f} MB gzip pipe-delimited UNLOAD part, "
          f"MariaDB 10.11 on loopback with TLS (rows/s, one pass each); LOAD DATA LOCAL INFILE {results['load_data']:,.0f} rows/s")
    for label, title in (("fixed", f"batches of {args.batch} rows (BATCH_ROWS={args.batch})"),
                         ("default", f"default sizing (BATCH_BYTES statements, {results['default_batch']:,} rows per batch)")):
        print(f"  {title}:")
        for phase in ("insert", "update"):
            swift, python = results[f"swift_{label}_{phase}"], results[f"pymysql_{label}_{phase}"]
            swift_cpu, python_cpu = results[f"swift_{label}_{phase}_cpu"], results[f"pymysql_{label}_{phase}_cpu"]
            print(f"    {phase}: MySQLUpsert {swift:>9,.0f}   PyMySQL executemany {python:>9,.0f}   ratio {swift / python:.2f}x   "
                  f"client CPU {swift_cpu:.2f} s vs {python_cpu:.2f} s   MySQLUpsert peak RSS {results[f'swift_{label}_{phase}_rss']:.0f} MiB")
    print(f"  UPSERT_METHOD=staged (LOAD DATA LOCAL into a temporary table + INSERT ... SELECT, default sizing):")
    for phase in ("insert", "update"):
        staged = results[f"swift_staged_{phase}"]
        print(f"    {phase}: MySQLUpsert staged {staged:>9,.0f}   against odku (default) {staged / results[f'swift_default_{phase}']:.2f}x   "
              f"against PyMySQL executemany (same rows per batch) {staged / results[f'pymysql_default_{phase}']:.2f}x   "
              f"client CPU {results[f'swift_staged_{phase}_cpu']:.2f} s   peak RSS {results[f'swift_staged_{phase}_rss']:.0f} MiB")
    if args.compare_bootstrap:
        print(f"  UPSERT_METHOD=staged, the other build ({args.compare_bootstrap}):")
        for phase in ("insert", "update"):
            compared = results[f"swift_compared_{phase}"]
            print(f"    {phase}: {compared:>9,.0f}   this build against it {results[f'swift_staged_{phase}'] / compared:.2f}x   "
                  f"client CPU {results[f'swift_compared_{phase}_cpu']:.2f} s")
    print(f"  PyMySQL at the issue's batch size against MySQLUpsert's default: insert "
          f"{results['swift_default_insert'] / results['pymysql_fixed_insert']:.2f}x, update "
          f"{results['swift_default_update'] / results['pymysql_fixed_update']:.2f}x")
    print("load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
