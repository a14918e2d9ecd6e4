"""Scenarios of `make test-old-glibc` for S3Validation, AppFlowRegistration and MySQLUpsert, against moto started by
scripts/services/moto.sh (and MariaDB from scripts/services/mariadb.sh for MySQLUpsert). Each writes D/event.json
and D/env (NAME=value lines) for one invocation.

    scenarios.py s3validation --dir D     a small orders export under incoming/, and its S3 notification
    scenarios.py appflow --dir D          a notice topic, and a RegisterDataFlow event that must be refused
    scenarios.py mysqlupsert --dir D      a gzip pipe-delimited UNLOAD part, its table in MariaDB, the database secret
"""
import argparse
import gzip
import json
import os
import shlex
import subprocess

import boto3

VALIDATION_BUCKET = "validation-old-glibc"
UNLOAD_BUCKET = "unload-old-glibc"
UNLOAD_TABLE = "old_glibc_orders"
UNLOAD_ROWS = 40
HOSTILE_NAME = "\\'); DROP TABLE old_glibc_orders;--"
# Where test.sh puts MariaDB's CA inside the Debian 11 root.
MYSQL_CA_IN_ROOT = "/etc/pipeline-mysql-ca.pem"
NOTICE_TOPIC = "appflow-old-glibc"
HEADER = "order_id,customer_id,order_date,order_ts,status,country,currency,quantity,unit_price,total,email\n"


def client(service):
    return boto3.client(service, endpoint_url=os.environ["PIPELINE_MOTO_ENDPOINT"], region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def write(directory, event, env):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "event.json"), "w") as out:
        json.dump(event, out)
    with open(os.path.join(directory, "env"), "w") as out:
        out.write("".join(f"{k}={shlex.quote(v)}\n" for k, v in env.items()))


def s3validation(directory):
    s3 = client("s3")
    s3.create_bucket(Bucket=VALIDATION_BUCKET)
    rows = [f"ORD-{n:08d},C{n:07d},2026-10-01,2026-10-01T10:00:00Z,paid,DE,EUR,2,10.00,20.00,c{n}@example.com\n"
            for n in range(40)]
    key = "incoming/orders/orders-old-glibc.csv"
    put = s3.put_object(Bucket=VALIDATION_BUCKET, Key=key, Body=(HEADER + "".join(rows)).encode())
    event = {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventTime": "2026-10-01T10:00:00.000Z",
        "eventName": "ObjectCreated:Put",
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "uploads",
               "bucket": {"name": VALIDATION_BUCKET, "arn": f"arn:aws:s3:::{VALIDATION_BUCKET}"},
               "object": {"key": key, "size": len(HEADER) + sum(map(len, rows)), "eTag": put["ETag"].strip('"'),
                          "sequencer": "0"}}}]}
    write(directory, event, {"PROCESSED_DATA_BUCKET": VALIDATION_BUCKET, "CONTRACTS": "incoming/orders/=bundled:orders.yaml",
                             "LAMBDA_TASK_ROOT": "/var/task", "EVENT_BUS_NAME": "none"})


def appflow(directory):
    topic = client("sns").create_topic(Name=NOTICE_TOPIC)["TopicArn"]
    # Refused before any Redshift or AppFlow call; the refusal is still announced on the topic.
    event = {"version": "0", "id": "old-glibc", "detail-type": "RegisterDataFlow", "source": "com.example.app",
             "account": "123456789012", "time": "2026-10-01T10:00:00Z", "region": "us-east-1", "resources": [],
             "detail": {"flow": {"name": "bad name; drop table"}}}
    write(directory, event, {"NOTIFICATION_TOPIC_ARN": topic})


def mariadb(sql):
    """Runs SQL as root over MariaDB's socket; returns the tab-separated output."""
    return subprocess.run(["mariadb", "--no-defaults", f"--socket={os.environ['PIPELINE_MYSQL_SOCKET']}", "-uroot", "-N",
                           "pipeline", "-e", sql], check=True, capture_output=True, text=True).stdout


def mysqlupsert(directory):
    mariadb(f"DROP TABLE IF EXISTS {UNLOAD_TABLE}; CREATE TABLE {UNLOAD_TABLE} "
            "(id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, amount DECIMAL(12,2) NULL)")
    s3 = client("s3")
    s3.create_bucket(Bucket=UNLOAD_BUCKET)
    secret = client("secretsmanager").create_secret(Name="rds/old-glibc-loader", SecretString=json.dumps({
        "username": os.environ["PIPELINE_MYSQL_USER"], "password": os.environ["PIPELINE_MYSQL_PASSWORD"], "engine": "mysql"}))
    # UNLOAD ... DELIMITER '|' ESCAPE NULL AS '\N' GZIP, with values that must arrive unchanged.
    lines = [f"{n}|it's \\| n{n} ü|{n}.50\n" if n % 3 else f"{n}|{escaped(HOSTILE_NAME)}|\\N\n" for n in range(1, UNLOAD_ROWS + 1)]
    key = "unload/orders/0000_part_00.gz"
    body = gzip.compress("".join(lines).encode())
    put = s3.put_object(Bucket=UNLOAD_BUCKET, Key=key, Body=body)
    event = {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventTime": "2026-10-01T10:00:00.000Z",
        "eventName": "ObjectCreated:Put",
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "unload",
               "bucket": {"name": UNLOAD_BUCKET, "arn": f"arn:aws:s3:::{UNLOAD_BUCKET}"},
               "object": {"key": key, "size": len(body), "eTag": put["ETag"].strip('"'), "sequencer": "0"}}}]}
    routes = {"routes": [{"prefix": "unload/orders/", "table": UNLOAD_TABLE, "columns": ["id", "name", "amount"],
                          "escape": True, "nullAs": "\\N"}]}
    write(directory, event, {"UPSERT_ROUTES": json.dumps(routes), "DB_HOST": "127.0.0.1", "DB_PORT": os.environ["PIPELINE_MYSQL_PORT"],
                             "DB_NAME": "pipeline", "DB_AUTH": "secret", "DB_SECRET_ID": secret["ARN"],
                             "DB_CA_BUNDLE": MYSQL_CA_IN_ROOT})


def escaped(text):
    """As UNLOAD's ESCAPE writes a field: a backslash before a backslash, the delimiter or a line break."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\\n")


def hostile_rows():
    """Rows of the table whose name is HOSTILE_NAME byte for byte (compared as hex, so no quoting is involved)."""
    return int(mariadb(f"SELECT COUNT(*) FROM {UNLOAD_TABLE} WHERE HEX(name) = '{HOSTILE_NAME.encode().hex().upper()}' "
                       "AND amount IS NULL").strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["s3validation", "appflow", "mysqlupsert"])
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    {"s3validation": s3validation, "appflow": appflow, "mysqlupsert": mysqlupsert}[args.scenario](args.dir)


if __name__ == "__main__":
    main()
