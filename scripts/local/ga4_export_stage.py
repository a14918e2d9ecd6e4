"""GA4Ingest's BigQuery export source in the local run: bqemulator (scripts/services/bqemulator.sh) stands in for
BigQuery, loaded with a generated export day (`events_YYYYMMDD` of yesterday in the property's time zone, so the
template's hourly `GA4ExportSchedule` with its `{"export": {}}` input finds it), and the template's export
parameters point GA4Ingest at it. Identifiers are hashed with HMAC-SHA-256 under a key in Secrets Manager, and the
hashed table is created as docs/clean-rooms.md tells a user to (its columns follow the hashing configuration).

What differs from AWS, and why: Google's token endpoint is the GA4 test server's (the service-account key the GA4
stage stores names it); the BigQuery endpoints are the emulator's (GA4_BIGQUERY_API_BASE_URL,
GA4_BIGQUERY_STORAGE_URL); the day lacks `user_properties` and `items.item_params`, which bqemulator's Storage Read
cannot serve (it names every Avro record after its field, so the export's three `value` records collide).
"""
from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "bigquery"))

# The columns bqemulator's Storage Read path cannot serve (see the module comment).
STORAGE_READ_OMIT = "user_properties,items.item_params"
RULE = "GA4ExportSchedule"
EVENTS_TABLE = "export_events"
HASHED_TABLE = "export_hashed_identifiers"
HASHED_PREFIX = "curated/ga4/export=hashed_identifiers/"
# (column, kind, source) of the hashing configuration; every kind here is hashed trimmed, byte for byte.
HASHED_FIELDS = [("user_id_hmac", "user_id", "user_id"), ("pseudo_id_hmac", "user_id", "user_pseudo_id"),
                 ("gclid_hmac", "click_id", "collected_traffic_source.gclid")]


class GA4ExportSide:
    """bqemulator with one exported day of the GA4 test property, the HMAC key secret, and what the template and
    GA4Ingest need to reach them."""

    SEED = 15

    def __init__(self, workdir: Path, start_service, stop_service, moto_client, property_id: str, time_zone: str,
                 events: int):
        self.workdir = workdir
        self.stop_service = stop_service
        self.property_id = property_id
        self.values = start_service("bqemulator", workdir / "bqemulator")
        try:
            self.project = self.values["BIGQUERY_EMULATOR_PROJECT"]
            self.dataset = f"analytics_{property_id}"
            self.time_zone = time_zone
            self.day = (datetime.datetime.now(zoneinfo.ZoneInfo(time_zone)).date() - datetime.timedelta(days=1)).isoformat()
            self.load(events, self.SEED)
            # The collaboration's shared key (at least 32 bytes), as a collaborator would store it.
            self.hmac_key = os.urandom(32)
            self.hmac_secret_arn = moto_client("secretsmanager").create_secret(
                Name="ga4-export-identifier-hmac-key", SecretBinary=self.hmac_key)["ARN"]
        except BaseException:
            self.stop()
            raise

    def load(self, events: int, seed: int, replace: bool = False):
        """`events_<day>` with `events` generated events; `replace` re-creates the table, as GA4 rewrites a day's
        table with late events (a new lastModifiedTime, so a new run)."""
        self.rows_path = self.workdir / f"export-{self.day}-{seed}.jsonl"
        arguments = [sys.executable, str(ROOT / "scripts/bigquery/export_lake_fixture.py"), "load",
                     self.values["BIGQUERY_EMULATOR_REST_URL"], self.project, self.dataset,
                     "events_" + self.day.replace("-", ""), str(events), str(seed), str(self.rows_path),
                     "--omit", STORAGE_READ_OMIT, "--day", self.day, "--time-zone", self.time_zone]
        loaded = json.loads(subprocess.run(arguments + (["--replace"] if replace else []), check=True,
                                           capture_output=True, text=True).stdout)
        self.events, self.last_modified = loaded["numRows"], loaded["lastModifiedTime"]

    @property
    def hashing(self) -> dict:
        return {"ruleSet": "default", "hashEncoding": "hex", "hmac": True,
                "fields": [{"column": c, "kind": k, "from": f} for c, k, f in HASHED_FIELDS]}

    @property
    def parameters(self) -> dict[str, str]:
        return {"GA4ExportDatasets": f"{self.project}.analytics_{{property}}", "GA4ExportProject": self.project,
                "GA4ExportIdentifierHashing": json.dumps(self.hashing), "GA4ExportHmacKeySecretArn": self.hmac_secret_arn}

    @property
    def function_settings(self) -> dict[str, str]:
        return {"GA4_BIGQUERY_API_BASE_URL": self.values["BIGQUERY_EMULATOR_REST_URL"] + "/bigquery/v2",
                "GA4_BIGQUERY_STORAGE_URL": self.values["BIGQUERY_EMULATOR_GRPC_URL"]}

    def create_hashed_table(self, glue, database: str, lake: str):
        """The user's one-time step for the Clean Rooms table: its Glue table for this hashing configuration (the DDL
        in docs/functions/GA4Ingest.md), with the events table's Parquet formats."""
        events = glue.get_table(DatabaseName=database, Name=EVENTS_TABLE)["Table"]
        descriptor = {k: events["StorageDescriptor"][k] for k in ("InputFormat", "OutputFormat", "SerdeInfo")}
        columns = [{"Name": "event_date", "Type": "date"}, {"Name": "event_key", "Type": "string"},
                   {"Name": "event_timestamp", "Type": "timestamp"}] + [{"Name": c, "Type": "string"} for c, _, _ in HASHED_FIELDS]
        glue.create_table(DatabaseName=database, TableInput={
            "Name": HASHED_TABLE, "TableType": "EXTERNAL_TABLE",
            "Parameters": {"classification": "parquet", "EXTERNAL": "TRUE"},
            "PartitionKeys": events["PartitionKeys"],
            "StorageDescriptor": {**descriptor, "Columns": columns, "Location": f"s3://{lake}/{HASHED_PREFIX}"}})

    def expected(self) -> dict:
        """What the day must read as, computed here from the loaded rows (the lake's promoted columns and event_key by
        scripts/bigquery/ga4_export_expected.py, HMACs by Python's hmac, as a collaborator would): the HMAC hex of each
        configured identifier per event_key (None when empty), and the named queries' totals."""
        from ga4_export_expected import lake_row

        def digest(value):
            value = (value or "").strip(" \t\n\r\f\v")
            return hmac.new(self.hmac_key, value.encode(), hashlib.sha256).hexdigest() if value else None

        hashes, raw, sessions, page_views, conversions = {}, set(), set(), set(), set()
        with open(self.rows_path) as handle:
            for line in handle:
                row = json.loads(line)
                lake = lake_row(row)
                key = lake["event_key"]
                values = [row.get("user_id"), row.get("user_pseudo_id"), (row.get("collected_traffic_source") or {}).get("gclid")]
                hashes[key] = [digest(v) for v in values]
                raw.update(v.strip() for v in values if v and len(v.strip()) >= 4)
                if lake["ga_session_id"] is not None and row.get("user_pseudo_id") is not None:
                    sessions.add((row["user_pseudo_id"], lake["ga_session_id"]))
                if row.get("event_name") == "page_view":
                    page_views.add(key)
                if row.get("event_name") in ("purchase", "generate_lead", "sign_up"):
                    conversions.add(key)
        return {"hashes": hashes, "raw_identifiers": raw, "sessions": len(sessions), "page_views": len(page_views),
                "conversions": len(conversions)}

    def stop(self):
        self.stop_service("bqemulator", self.workdir / "bqemulator")


def fire_export_schedule(stack) -> list[dict]:
    """Fires the template's export rule (its input, `{"export": {}}`, is the event) and returns what each delivery
    answered: with duplicates on, the same event arrives twice."""
    invoker = stack.invokers[stack.schedules[RULE].targets[0].function]
    first = len(invoker.results)
    stack.fire_schedule(RULE)
    deliveries = []
    for result in invoker.results[first:]:
        document = result.json() if result.ok else None
        deliveries.append({"ok": result.ok, "error": result.error,
                           "status": (document or {}).get("status"),
                           "days": [{k: day.get(k) for k in ("property", "date", "outcome", "rows", "run", "partition", "files")}
                                    for day in (document or {}).get("days") or []]})
    return deliveries


def run_export_stage(stack, side: GA4ExportSide, athena) -> dict:
    """The rule fired for the loaded day, the day read back through the local Athena; then GA4 rewrites the day's
    table with late events and the rule fires again: the partition moves to the new run and Athena reads the new
    table's events once, none of the first run's. Returns the first firing; the caller checks the final state."""
    database = stack.names["GA4Database"].ref
    deliveries = fire_export_schedule(stack)
    athena.refresh()
    first = {"deliveries": deliveries, **check_through_athena(athena, side, database)}
    side.load(side.events + side.events // 10, side.SEED + 1, replace=True)
    late = fire_export_schedule(stack)
    # Once the partition points at the new run, GA4Ingest removes the older runs beyond GA4ExportKeepRuns (the
    # template's default keeps only the new one); the catalog decides which run is read either way.
    s3, lake = stack.client("s3"), stack.template.parameters["GA4LakeBucket"]
    prefix = f"curated/ga4/export=events/property_id={side.property_id}/dt={side.day}/"
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=lake, Prefix=prefix)
            for o in page.get("Contents", [])]
    return {"first_run": first, "deliveries": late,
            "runs_in_s3": sorted({int(k[len(prefix):].split("/")[0].removeprefix("run=")) for k in keys})}


def check_through_athena(athena, side: GA4ExportSide, database: str) -> dict:
    """What the local Athena reads of the export day: rows, distinct event keys, keys missing or extra against the
    generated day, and the hashed table's rows with their HMACs checked against Python's."""
    connection = athena.connection
    events = f'"{database}".{EVENTS_TABLE}'
    rows, distinct = connection.execute(
        f"SELECT count(*), count(DISTINCT event_key) FROM {events} WHERE property_id = ? AND dt = ?",
        [side.property_id, side.day]).fetchone()
    keys = {k for (k,) in connection.execute(
        f"SELECT event_key FROM {events} WHERE property_id = ? AND dt = ?", [side.property_id, side.day]).fetchall()}
    oracle = side.expected()
    expected = oracle["hashes"]
    result = {"day": side.day, "events_in": side.events, "rows_out": rows, "distinct_event_keys": distinct,
              "missing_events": len(set(expected) - keys), "unexpected_events": len(keys - set(expected)),
              "table_last_modified": side.last_modified,
              "hashed_expected_rows": sum(1 for values in expected.values() if any(values)),
              "expected": {k: oracle[k] for k in ("sessions", "page_views", "conversions")}}
    if f"{database}.{HASHED_TABLE}" in athena.tables:
        columns = ", ".join(c for c, _, _ in HASHED_FIELDS)
        hashed = connection.execute(
            f'SELECT event_key, {columns} FROM "{database}".{HASHED_TABLE} WHERE property_id = ? AND dt = ?',
            [side.property_id, side.day]).fetchall()
        wrong = sum(1 for key, *values in hashed if expected.get(key) != list(values))
        # The hashed table's files as Athena reads them (the local mirror of S3): no raw identifier in any value,
        # nor in their bytes (the footer's statistics and metadata are not compressed).
        location = athena.tables[f"{database}.{HASHED_TABLE}"]["StorageDescriptor"]["Location"].removeprefix("s3://")
        files = sorted((athena.mirror / location).rglob("*.parquet"))
        leaking = [str(path.relative_to(athena.mirror)) for path in files if _holds_any(path, oracle["raw_identifiers"])]
        result["hashed"] = {"rows": len(hashed), "distinct_event_keys": len({r[0] for r in hashed}),
                            "hmac_mismatches": wrong, "files_read": len(files), "files_with_raw_identifiers": leaking,
                            "identifiers": {c: sum(1 for r in hashed if r[i + 1]) for i, (c, _, _) in enumerate(HASHED_FIELDS)}}
    return result


def _holds_any(path: Path, values: set[str]) -> bool:
    import pyarrow.parquet as pq

    data = path.read_bytes()
    if any(value.encode() in data for value in values):
        return True
    return any(cell in values for column in pq.read_table(path).columns if str(column.type) == "string"
               for cell in column.to_pylist())
