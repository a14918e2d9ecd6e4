"""The application account's last hop in the local run: MariaDB (scripts/services/mariadb.sh) stands in for RDS
MySQL behind RDS Proxy, a Redshift-shaped UNLOAD (pipe-delimited with ESCAPE, gzip parts, a manifest) lands in the
application bucket, and MySQLUpsert, deployed by the template's condition, upserts it.

What differs from AWS, and why: the function reaches MariaDB on loopback with a Secrets Manager secret (DB_AUTH=secret)
instead of an IAM token, because only RDS Proxy accepts those tokens; TLS is verified against MariaDB's own CA.
"""
from __future__ import annotations

import gzip
import json
import ssl
from pathlib import Path

TABLE = "ga4_daily_combined"
COLUMNS = ["date", "country", "sessions", "total_users", "screen_page_views", "engagement_rate", "purchase_revenue"]


class MySQLSide:
    BUCKET = "pipeline-application-unload"

    def __init__(self, workdir: Path, start_service, stop_service, moto_client):
        self.workdir = workdir
        self.stop_service = stop_service
        self.values = start_service("mariadb", workdir / "mariadb")
        self.moto_client = moto_client
        try:
            self._prepare(moto_client)
        except BaseException:
            self.stop()
            raise

    def _prepare(self, moto_client):
        s3 = moto_client("s3")
        s3.create_bucket(Bucket=self.BUCKET)
        # The application account enables EventBridge notifications on its bucket (the template cannot: it does
        # not own the bucket); the rule on the unload prefix then sees the UNLOAD's objects.
        s3.put_bucket_notification_configuration(Bucket=self.BUCKET,
                                                  NotificationConfiguration={"EventBridgeConfiguration": {}})
        secret = {"username": self.values["PIPELINE_MYSQL_USER"], "password": self.values["PIPELINE_MYSQL_PASSWORD"],
                  "engine": "mysql", "host": "127.0.0.1", "port": int(self.values["PIPELINE_MYSQL_PORT"])}
        self.secret_arn = moto_client("secretsmanager").create_secret(Name="app-mysql-writer",
                                                                      SecretString=json.dumps(secret))["ARN"]
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(f"""CREATE TABLE {TABLE} (
                date DATE NOT NULL, country VARCHAR(64) NOT NULL, sessions BIGINT NOT NULL, total_users BIGINT NOT NULL,
                screen_page_views BIGINT NOT NULL, engagement_rate DOUBLE, purchase_revenue DECIMAL(18, 2),
                PRIMARY KEY (date, country)) CHARACTER SET utf8mb4""")
            connection.commit()

    def connect(self):
        import pymysql

        context = ssl.create_default_context(cafile=self.values["PIPELINE_MYSQL_CA"])
        return pymysql.connect(host="127.0.0.1", port=int(self.values["PIPELINE_MYSQL_PORT"]),
                               user=self.values["PIPELINE_MYSQL_USER"], password=self.values["PIPELINE_MYSQL_PASSWORD"],
                               database=self.values["PIPELINE_MYSQL_DATABASE"], ssl=context, charset="utf8mb4")

    @property
    def parameters(self) -> dict[str, str]:
        return {"ApplicationBucketName": self.BUCKET,
                "MySQLProxyEndpoint": "app-writer.proxy-c0ffee12.us-east-1.rds.amazonaws.com",
                "MySQLProxyResourceId": "prx-0c0ffee12", "MySQLSubnetIds": "subnet-0a1b2c3d4e5f",
                "MySQLSecurityGroupIds": "sg-0a1b2c3d4e5f", "MySQLDatabaseName": self.values["PIPELINE_MYSQL_DATABASE"]}

    @property
    def function_settings(self) -> dict[str, str]:
        return {"DB_HOST": "127.0.0.1", "DB_PORT": self.values["PIPELINE_MYSQL_PORT"], "DB_AUTH": "secret",
                "DB_SECRET_ID": self.secret_arn, "DB_CA_BUNDLE": self.values["PIPELINE_MYSQL_CA"]}

    def stop(self):
        self.stop_service("mariadb", self.workdir / "mariadb")


def unload_rows() -> tuple[list[list[str | None]], int]:
    """A week of the combined table, two countries a day (None is SQL NULL), plus one row whose sessions are not a
    number and whose country holds the characters UNLOAD escapes."""
    rows: list[list[str | None]] = []
    countries = ["Germany", "Côte d'Ivoire"]
    for day in range(1, 8):
        for index, country in enumerate(countries):
            sessions = 100 * day + 17 * index
            rows.append([f"2024-01-{day:02d}", country, str(sessions), str(sessions * 8 // 10), str(sessions * 3),
                         f"{0.5 + 0.01 * day:.4f}", None if index else f"{12.5 * day:.2f}"])
    rows.append(["2024-01-08", "a|b\\c'); DROP TABLE ga4_daily_combined; --", "not-a-number", "1", "1", "0.5", "1.00"])
    return rows, 1


def unload_line(row: list[str | None]) -> str:
    """One line as the template's UNLOAD (DELIMITER '|' ESCAPE, no NULL AS) writes it: backslash, the delimiter and
    newlines escaped, NULL as an empty field."""
    def field(value: str | None) -> str:
        if value is None:
            return ""
        return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\\n")
    return "|".join(field(value) for value in row) + "\n"


def upsert_unload(stack, side: MySQLSide) -> dict:
    """Writes two gzip parts and the manifest under the route's prefix (the manifest last, as UNLOAD does), lets the
    manifest's event reach MySQLUpsert, and reads the table and the rejects back."""
    s3 = side.moto_client("s3")
    prefix = "unload/ga4_daily_combined/2024-01-08/"
    rows, bad = unload_rows()
    halves = [rows[: len(rows) // 2], rows[len(rows) // 2:]]
    entries = []
    for number, half in enumerate(halves):
        key = f"{prefix}000{number}_part_00.gz"
        body = gzip.compress("".join(unload_line(row) for row in half).encode())
        s3.put_object(Bucket=side.BUCKET, Key=key, Body=body)
        entries.append({"url": f"s3://{side.BUCKET}/{key}", "meta": {"content_length": len(body), "record_count": len(half)}})
    s3.put_object(Bucket=side.BUCKET, Key=f"{prefix}manifest", Body=json.dumps({"entries": entries}).encode())
    stack.wait_until_idle()

    with side.connect() as connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), SUM(sessions), COUNT(purchase_revenue) FROM {TABLE}")
        count, sessions, revenue_rows = cursor.fetchone()
        cursor.execute(f"SELECT country FROM {TABLE} WHERE country LIKE 'C%' LIMIT 1")
        hostile = cursor.fetchone()
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY date DESC, country LIMIT 4")
        latest = [[None if v is None else str(v) for v in row] for row in cursor.fetchall()]
    rejects = [o["Key"] for o in s3.list_objects_v2(Bucket=side.BUCKET, Prefix="mysql-rejects/").get("Contents", [])]
    reject_lines = []
    for key in rejects:
        reject_lines += [json.loads(line) for line in s3.get_object(Bucket=side.BUCKET, Key=key)["Body"].read().splitlines()]
    return {"rows_in_unload": len(rows), "bad_rows_in_unload": bad, "table_rows": count, "table_sessions": int(sessions or 0),
            "rows_with_revenue": revenue_rows, "columns": COLUMNS, "latest_rows": latest, "accented_country": hostile[0] if hostile else None,
            "rejects_objects": rejects, "rejected_rows": len(reject_lines),
            "reject_reasons": sorted({line.get("reason", "") for line in reject_lines}),
            "expected_sessions": sum(int(r[2]) for r in rows if (r[2] or "").isdigit())}
