"""Runs template.yaml on this machine (see local_stack.py) and drives the pipeline through it.

    runner.py up   [--parameter Name=Value ...] [--duplicates]   bring the stack up and keep it running (Ctrl-C stops)
    runner.py demo [--duplicates] [--report FILE]                the pipeline end to end on the sample data, then a report

Needs moto and the signing proxy (scripts/services/moto.sh); starts them itself when PIPELINE_AWS_ENDPOINT is not set.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts" / "clickstream"))

from cloudformation import Template  # noqa: E402
from ga4_export_stage import GA4ExportSide, check_through_athena, run_export_stage  # noqa: E402
from local_athena import LocalAthena  # noqa: E402
from local_stack import LocalStack  # noqa: E402
import operations  # noqa: E402
from mysql_stage import MySQLSide, upsert_unload  # noqa: E402

SERVICE_VARIABLES = ["PIPELINE_AWS_ENDPOINT", "PIPELINE_MOTO_ENDPOINT", "PIPELINE_AWS_ACCESS_KEY_ID",
                     "PIPELINE_AWS_SECRET_ACCESS_KEY", "PIPELINE_AWS_SESSION_TOKEN"]


def start_service(name: str, state: Path) -> dict[str, str]:
    """Starts scripts/services/<name>.sh with its state in `state`; returns the variables it exports."""
    state.mkdir(parents=True, exist_ok=True)
    output = subprocess.run(["bash", str(ROOT / f"scripts/services/{name}.sh"), "start", str(state)], check=True,
                            capture_output=True, text=True).stdout
    values = {}
    for line in output.splitlines():
        variable, _, value = line.removeprefix("export ").partition("=")
        # Values are shell words (printf %q): quoted or backslash-escaped.
        words = shlex.split(value)
        values[variable] = words[0] if words else ""
    return values


def stop_service(name: str, state: Path):
    subprocess.run(["bash", str(ROOT / f"scripts/services/{name}.sh"), "stop", str(state)], check=False)


class Services:
    """moto behind the signing proxy: the running one named by the environment, or one started (and stopped) here."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.started = False
        if all(os.environ.get(v) for v in SERVICE_VARIABLES):
            self.values = {v: os.environ[v] for v in SERVICE_VARIABLES}
            return
        self.values = start_service("moto", workdir / "moto")
        self.started = True

    def stop(self):
        if self.started:
            stop_service("moto", self.workdir / "moto")


class GA4Source:
    """The GA4 side of the local world: the GA4 test server (started here unless running), a property on it with
    synthetic traffic, the lake bucket and the credential secret in moto, and what the template and GA4Ingest need
    to reach them."""

    PROPERTY = "123456789"

    def __init__(self, workdir: Path, moto_client):
        self.workdir = workdir
        self.started = False
        names = ["GA4_TEST_BASE_URL", "GA4_TEST_CA_BUNDLE", "GA4_TEST_SERVICE_ACCOUNT_FILE"]
        if all(os.environ.get(n) for n in names):
            self.values = {n: os.environ[n] for n in names}
        else:
            self.values = start_service("ga4", workdir / "ga4")
            self.started = True
        import ssl
        import urllib.request
        spec = {"factsPerDay": 300, "pathPool": 40, "thresholded": True, "otherRowAfter": 120, "timeZone": "America/Los_Angeles"}
        request = urllib.request.Request(f"{self.values['GA4_TEST_BASE_URL']}/control/properties/{self.PROPERTY}", method="POST",
                                         data=json.dumps(spec).encode(), headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, context=ssl.create_default_context(cafile=self.values["GA4_TEST_CA_BUNDLE"]), timeout=10).read()
        self.bucket = "pipeline-ga4-lake"
        moto_client("s3").create_bucket(Bucket=self.bucket)
        key = Path(self.values["GA4_TEST_SERVICE_ACCOUNT_FILE"]).read_text()
        self.secret_arn = moto_client("secretsmanager").create_secret(Name="ga4-service-account", SecretString=key)["ARN"]

    @property
    def parameters(self) -> dict[str, str]:
        return {"GA4CredentialsSecretArn": self.secret_arn, "GA4LakeBucket": self.bucket, "GA4Properties": self.PROPERTY,
                "GA4TimeZone": "America/Los_Angeles"}

    @property
    def function_settings(self) -> dict[str, str]:
        return {"GA4_API_BASE_URL": self.values["GA4_TEST_BASE_URL"], "SSL_CERT_FILE": self.values["GA4_TEST_CA_BUNDLE"]}

    def stop(self):
        if self.started:
            stop_service("ga4", self.workdir / "ga4")


def parse_parameters(items: list[str]) -> dict[str, str]:
    parameters = {}
    for item in items:
        name, separator, value = item.partition("=")
        if not separator:
            raise SystemExit(f"--parameter {item!r}: expected Name=Value")
        parameters[name] = value
    return parameters


class Timer:
    def __init__(self):
        self.started = time.monotonic()
        self.stages: list[tuple[str, float]] = []

    def stage(self, name: str):
        now = time.monotonic()
        self.stages.append((name, now - self.started))
        self.started = now


def demo(stack: LocalStack, workdir: Path, report_path: Path | None, events: int, bad_share: float,
         pipeline_ops: Path | None = None, mysql: MySQLSide | None = None, export: GA4ExportSide | None = None) -> dict:
    import synthetic_events

    timer = Timer()
    names = {logical: resource.ref for logical, resource in stack.names.items()}
    kinesis, s3 = stack.client("kinesis"), stack.client("s3")
    stream, bucket = names["ClickstreamStream"], names["DataBucket"]

    print(f"\n== {events} web events ({bad_share:.0%} bad) onto {stream}", flush=True)
    payloads = [base64.b64decode(data) if not bad else data.encode()
                for data, bad in synthetic_events.payloads(events, bad_share=bad_share)]
    bad_records = sum(1 for _, bad in synthetic_events.payloads(events, bad_share=bad_share) if bad)
    for start in range(0, len(payloads), 500):
        chunk = payloads[start:start + 500]
        kinesis.put_records(StreamName=stream, Records=[
            {"Data": payload, "PartitionKey": f"pk-{(start + i) % 16}"} for i, payload in enumerate(chunk)])
    stack.wait_until_idle()
    timer.stage("clickstream: stream → KinesisTransform → S3 → EventBridge → AthenaPartitions")

    # The CRM export the loyalty query joins: written where the template's crm_customers table reads.
    write_crm_export(s3, bucket)

    objects = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket) for o in page.get("Contents", [])]
    rejected_lines = 0
    for key in objects:
        if key.startswith("failed/"):
            rejected_lines += s3.get_object(Bucket=bucket, Key=key)["Body"].read().count(b"\n")

    ga4 = {}
    if "GA4Ingest.Daily" in stack.schedules:
        print("\n== the daily GA4 schedule fired: GA4Ingest pulls the lookback window from the GA4 test server", flush=True)
        ga4["run_succeeded"] = stack.fire_schedule("GA4Ingest.Daily")
        lake = stack.template.parameters["GA4LakeBucket"]
        keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=lake) for o in page.get("Contents", [])]
        ga4["parquet_partitions"] = sorted(k.rsplit("/", 1)[0] for k in keys if k.endswith(".parquet"))
        ga4["raw_pages"] = sum(1 for k in keys if k.endswith(".json") and "/fetched_at=" in k)
        timer.stage("GA4: schedule → GA4Ingest → lake")

    athena = LocalAthena(stack.client("glue"), s3, workdir / "athena-mirror")
    ga4_export = {}
    if export is not None and "GA4ExportSchedule" in stack.schedules:
        print(f"\n== the hourly GA4ExportSchedule rule fired: GA4Ingest copies the BigQuery export day {export.day} "
              f"({export.events} events in bqemulator) into export_events and the hashed identifiers table; then GA4 "
              f"rewrites the day with late events and the rule fires again", flush=True)
        ga4_export = run_export_stage(stack, export, athena)
        timer.stage("GA4 export: rule → GA4Ingest → bqemulator → lake, Glue partitions (twice)")

    validation = {}
    if "S3ValidationFunction" in stack.functions:
        print("\n== two order exports uploaded under incoming/orders/: S3Validation checks them against contracts/orders.yaml", flush=True)
        validation = validate_uploads(s3, bucket, workdir)
        stack.wait_until_idle()
        keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket) for o in page.get("Contents", [])]
        for name in validation:
            validation[name] = {
                "validated": any(k == f"validated/orders/{name}" for k in keys),
                "quarantined": any(k == f"quarantine/orders/{name}" for k in keys),
                "report": any(k.endswith(f"orders/{name}.validation.json") for k in keys),
                "left_in_incoming": f"incoming/orders/{name}" in keys,
            }
        timer.stage("uploads: S3 → EventBridge → S3Validation → validated/ or quarantine/")

    registration = {}
    if "AppFlowRegistrationFunction" in stack.functions:
        print("\n== a RegisterDataFlow event on the registration bus: AppFlowRegistration creates the Redshift tables and "
              "the GA4 → Redshift flows", flush=True)
        registration = register_data_flow(stack)
        timer.stage("registration: bus → AppFlowRegistration → Redshift DDL, AppFlow flows")

    application = {}
    if mysql is not None and "MySQLUpsertFunction" in stack.functions:
        print("\n== a Redshift UNLOAD (gzip parts, then the manifest) in the application bucket: MySQLUpsert upserts it "
              "into MySQL (MariaDB here)", flush=True)
        application = upsert_unload(stack, mysql)
        timer.stage("application: UNLOAD manifest → EventBridge → MySQLUpsert → MySQL")

    counts = athena.refresh()
    timer.stage("local Athena: views over the catalog")
    database = names["AnalyticsDatabase"]
    results = {}
    for name, (query_database, sql) in stack.named_queries.items():
        relation = athena.query(sql, query_database)
        results[name] = {"columns": relation.columns, "rows": [list(map(_plain, row)) for row in relation.fetchall()]}
    timer.stage("named queries")
    if ga4_export:
        ga4_export.update(check_through_athena(athena, export, stack.names["GA4Database"].ref))

    distinct = athena.connection.execute(
        f'SELECT count(DISTINCT event_id) FROM "{database}".clickstream_events').fetchone()[0]
    partitions = stack.client("glue").get_partitions(DatabaseName=database, TableName="clickstream_events")["Partitions"]
    # What the pipeline did by itself; the recovery stage then makes failures on purpose.
    functions = {f.name: {"invocations": f.invocations, "errors": f.errors} for f in stack.functions.values()}
    recovery = {}
    if pipeline_ops is not None:
        print("\n== pipeline-ops against the running stack: a dead letter re-driven, rejected records re-submitted, "
              "a GA4 backfill, a quarantined file re-queued", flush=True)
        recovery = operations.run_all(pipeline_ops, stack, GA4Source.PROPERTY if ga4 else None)
        timer.stage("operations: pipeline-ops redrive, resubmit-failed, requeue-quarantined")

    report = {
        "clickstream": {
            "records_in": len(payloads), "bad_records_in": bad_records,
            "rows_out": counts.get(f"{database}.clickstream_events", 0), "distinct_event_ids": distinct,
            "rejected_to_failed": rejected_lines,
            "parquet_objects": sum(1 for k in objects if k.startswith("events/")),
            "parquet_hours": sorted({"/".join(part.split("=")[1] for part in k.split("/")[1:5])
                                     for k in objects if k.startswith("events/")}),
            "failed_objects": [k for k in objects if k.startswith("failed/")],
            "partitions_registered": sorted("/".join(p["Values"]) for p in partitions),
        },
        "ga4": ga4,
        "ga4_export": ga4_export,
        "validation": validation,
        "registration": registration,
        "mysql": application,
        "operations": recovery,
        "functions": functions,
        "tables": counts,
        "named_queries": results,
        "stage_seconds": {name: round(seconds, 2) for name, seconds in timer.stages},
    }
    print_report(report)
    if report_path:
        report_path.write_text(json.dumps(report, indent=2, default=str))
    return report


def validate_uploads(s3, bucket: str, workdir: Path) -> dict:
    """A month of orders (gzip) and a broken export, as a shop's export job would drop them."""
    import gzip
    sys.path.insert(0, str(ROOT / "scripts" / "validation"))
    import bench_validation
    import differential_datacontract

    good, broken = workdir / "orders-2026-10.csv", workdir / "orders-broken.csv"
    bench_validation.generate(str(good), 1)
    differential_datacontract.defective(str(broken))
    s3.put_object(Bucket=bucket, Key="incoming/orders/orders-2026-10.csv.gz", Body=gzip.compress(good.read_bytes()))
    s3.put_object(Bucket=bucket, Key="incoming/orders/orders-broken.csv", Body=broken.read_bytes())
    return {"orders-2026-10.csv.gz": {}, "orders-broken.csv": {}}


class AppFlowSide:
    """What AppFlowRegistration needs in the local world: a Redshift Serverless workgroup for the template's condition
    (the Data API and AppFlow are answered by the model-validating responder behind the signing proxy) and the
    settings secret a registration names."""

    WORKGROUP = "arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/7d2c5f0e-1b7a-4c55-9f1e-0a6b4f1c2d3e"
    SETTINGS = {"intermediateBucket": "analytics-appflow-staging", "intermediatePrefix": "appflow/",
                "redshiftDbUser": "appflow_admin"}

    @property
    def parameters(self) -> dict[str, str]:
        return {"RedshiftWorkgroupArn": self.WORKGROUP}


def register_data_flow(stack: LocalStack) -> dict:
    """Sends the RegisterDataFlow event an analyst's tooling would send (twice with --duplicates) and reads back
    what Redshift and AppFlow received."""
    import urllib.request

    prefix = stack.template.parameters.get("AppFlowSettingsSecretPrefix", "appflow-registration/")
    secret = f"{prefix}web-analytics"
    stack.client("secretsmanager").create_secret(Name=secret, SecretString=json.dumps(AppFlowSide.SETTINGS))
    flow_prefix = stack.template.parameters.get("AppFlowFlowNamePrefix", "ga4-")
    detail = {
        "flowName": f"{flow_prefix}web", "settingsSecretId": secret,
        "ga4": {"propertyId": GA4Source.PROPERTY, "connectorProfileName": "ga4-analytics"},
        "redshift": {"connectorProfileName": "redshift-analytics", "workgroupName": "analytics", "database": "dev",
                     "schema": "ga4_web"},
        "objects": [
            {"entity": f"accounts/1/properties/{GA4Source.PROPERTY}/coreReport", "table": "sessions_daily",
             "dimensions": ["date", "sessionDefaultChannelGroup"], "metrics": ["sessions", "engagedSessions"],
             "validations": [{"field": "sessions", "rule": "nonNegative"}]},
            {"entity": f"accounts/1/properties/{GA4Source.PROPERTY}/coreReport", "table": "pages_daily",
             "dimensions": ["date", "pagePath"], "metrics": ["screenPageViews"]},
        ],
        "errorBucket": "analytics-appflow-errors",
    }
    bus = stack.names["RegistrationEventBus"].ref
    stack.put_event(stack.template.parameters.get("RegisterDataFlowSource", "analytics.pipeline"), "RegisterDataFlow",
                    detail, bus=bus)
    stack.wait_until_idle()

    def flow(name: str) -> dict:
        request = urllib.request.Request(f"{stack.services['PIPELINE_AWS_ENDPOINT']}/__proxy/appflow-flow", method="POST",
                                         data=json.dumps({"flowName": name}).encode(),
                                         headers={"Content-Type": "application/json"})
        return json.loads(urllib.request.urlopen(request, timeout=10).read())

    flows = {}
    for obj in detail["objects"]:
        name = f"{detail['flowName']}-{obj['table']}"
        state = flow(name)
        definition = state.get("definition") or {}
        destination = (definition.get("destinationFlowConfigList") or [{}])[0]
        redshift = (destination.get("destinationConnectorProperties") or {}).get("Redshift") or {}
        flows[name] = {"status": state.get("flowStatus") or state.get("status"), "counts": state.get("counts", {}),
                       "destination": redshift.get("object"), "tasks": len(definition.get("tasks") or [])}
    return {"flows": flows, "deliveries": 2 if stack.duplicates else 1}


def write_crm_export(s3, bucket: str):
    """Customer records of the synthetic shop's known users, as a CRM export job would drop them."""
    import io
    import random

    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(11)
    users = [f"u-{n}" for n in range(1000, 1060)]
    table = pa.table({"user_id": users, "loyalty_tier": [rng.choice(["bronze", "silver", "gold"]) for _ in users],
                      "average_rating": [round(rng.uniform(2.5, 5.0), 2) for _ in users]})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="snappy")
    s3.put_object(Bucket=bucket, Key="crm/customers/customers-2024-01-15.parquet", Body=buffer.getvalue())


def _plain(value):
    return value if isinstance(value, (int, float, str, type(None))) else str(value)


def print_export_run(label: str, run: dict):
    outcomes = "; ".join(", ".join(f"{d['date']} {d['outcome']}" + (f" ({d['rows']} rows, partition {d['partition']})"
                                                                     if d.get("rows") is not None else "")
                                   for d in delivery["days"]) or f"FAILED: {delivery['error']}"
                         for delivery in run["deliveries"])
    print(f"GA4 {label}: {len(run['deliveries'])} deliveries of {{\"export\": {{}}}}: {outcomes}")
    print(f"  {run['day']}: {run['events_in']} events in BigQuery → {run['rows_out']} rows in export_events "
          f"({run['distinct_event_keys']} distinct events, {run['missing_events']} missing, {run['unexpected_events']} "
          f"unexpected)")
    if "hashed" in run:
        h = run["hashed"]
        print(f"  hashed identifiers: {h['rows']} rows (expected {run['hashed_expected_rows']}), {h['hmac_mismatches']} "
              f"HMAC mismatches against Python's hmac, raw identifiers in {len(h['files_with_raw_identifiers'])} of "
              f"{h['files_read']} files; non-empty per column: " + ", ".join(f"{c} {n}" for c, n in h["identifiers"].items()))


def print_report(report: dict):
    click = report["clickstream"]
    print("\n== Report")
    print(f"clickstream: {click['records_in']} records in ({click['bad_records_in']} bad) → {click['rows_out']} rows "
          f"({click['distinct_event_ids']} distinct events) in {click['parquet_objects']} Parquet objects; "
          f"{click['rejected_to_failed']} rejected records kept in {', '.join(click['failed_objects']) or 'nothing'}")
    print(f"partitions registered by AthenaPartitions: {', '.join(click['partitions_registered'])}")
    if report.get("ga4"):
        ga4 = report["ga4"]
        print(f"GA4: run {'complete' if ga4['run_succeeded'] else 'FAILED'}; {len(ga4['parquet_partitions'])} report partitions "
              f"written, {ga4['raw_pages']} raw response pages kept")
    if report.get("ga4_export"):
        export = report["ga4_export"]
        for label, run in (("first export", export["first_run"]), ("late re-export", export)):
            print_export_run(label, run)
    for name, outcome in report.get("validation", {}).items():
        where = "validated/" if outcome["validated"] else "quarantine/" if outcome["quarantined"] else "nowhere yet"
        print(f"upload {name}: moved to {where}{' with its report' if outcome['report'] else ''}")
    for name, flow in (report.get("registration") or {}).get("flows", {}).items():
        counts = flow["counts"]
        print(f"flow {name} → Redshift {flow['destination']}: {flow['tasks']} tasks; created {counts.get('CreateFlow', 0)}, "
              f"updated {counts.get('UpdateFlow', 0)}, started {counts.get('StartFlow', 0)} time(s) for "
              f"{(report.get('registration') or {}).get('deliveries')} deliveries of the event")
    if report.get("mysql"):
        m = report["mysql"]
        print(f"MySQL {m['rows_in_unload']} UNLOAD rows → table ga4_daily_combined holds {m['table_rows']} rows "
              f"({m['table_sessions']} sessions); {m['rejected_rows']} rejected, kept in {', '.join(m['rejects_objects'])}")
        print("  " + " | ".join(m["columns"]))
        for row in m["latest_rows"]:
            print("  " + " | ".join("NULL" if v is None else v for v in row))
    recovery = report.get("operations") or {}
    if "redrive" in recovery:
        r = recovery["redrive"]
        print(f"pipeline-ops redrive: {r['dead_letters_before']} dead letter(s) of AthenaPartitions re-driven "
              f"(exits {r['runs']}); partition {r['partition']} registered: {r['registered_after']}")
    if "resubmit_failed" in recovery and "runs" in recovery["resubmit_failed"]:
        r = recovery["resubmit_failed"]
        print(f"pipeline-ops resubmit-failed (twice, exits {r['runs']}): {sum(r['failed_lines_after'].values())} records "
              f"still rejected, kept once in {', '.join(r['failed_lines_after'])}")
    if "backfill_ga4" in recovery:
        r = recovery["backfill_ga4"]
        print(f"pipeline-ops backfill-ga4 {r['days'][0]}..{r['days'][-1]} (twice, exits {r['runs']}): "
              f"{len(r['partitions_after_second'])} report partitions, one object each")
    if "requeue_quarantined" in recovery:
        r = recovery["requeue_quarantined"]
        print(f"pipeline-ops requeue-quarantined (exit {r['runs'][0]}): {', '.join(r['quarantined_after'])} checked "
              f"again and quarantined again")
    for name, counts in report["functions"].items():
        print(f"{name}: {counts['invocations']} invocations, {counts['errors']} failed")
    for table, rows in report["tables"].items():
        print(f"table {table}: {rows} rows")
    for name, result in report["named_queries"].items():
        print(f"\nnamed query {name}: {len(result['rows'])} rows")
        print("  " + " | ".join(result["columns"]))
        for row in result["rows"][:8]:
            print("  " + " | ".join("" if v is None else str(v) for v in row))
    print("\ntime per stage: " + ", ".join(f"{name} {seconds} s" for name, seconds in report["stage_seconds"].items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["up", "demo"])
    parser.add_argument("--parameter", action="append", default=[], help="a template parameter, Name=Value")
    parser.add_argument("--duplicates", action="store_true", help="deliver every event twice (AWS delivers at least once)")
    parser.add_argument("--report", type=Path, help="write the demo's report as JSON here")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--bad-share", type=float, default=0.05)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--without-ga4", action="store_true", help="leave GA4Ingest out (no GA4 test server)")
    parser.add_argument("--pipeline-ops", type=Path, help="the pipeline-ops binary (default: the debug build)")
    parser.add_argument("--without-operations", action="store_true", help="leave out the pipeline-ops recovery stage")
    parser.add_argument("--without-ga4-export", action="store_true",
                        help="leave GA4Ingest's BigQuery export source out (no bqemulator)")
    parser.add_argument("--export-events", type=int, default=3000, help="events in the generated BigQuery export day")
    parser.add_argument("--without-mysql", action="store_true", help="leave MySQLUpsert out (no MariaDB)")
    parser.add_argument("--without-appflow", action="store_true",
                        help="leave AppFlowRegistration out (no Redshift workgroup parameter)")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pipeline-local-"))
    workdir.mkdir(parents=True, exist_ok=True)
    services = Services(workdir)
    stack = None
    ga4 = None
    export = None
    mysql = None
    try:
        parameters = parse_parameters(args.parameter)
        # The sample events are from January 2024: accept them whatever today's date.
        settings = {"KinesisTransform": {"MAX_EVENT_AGE_HOURS": "87600"}}

        def moto_client(service: str):
            import boto3
            return boto3.client(service, endpoint_url=services.values["PIPELINE_MOTO_ENDPOINT"], region_name="us-east-1",
                                aws_access_key_id="testing", aws_secret_access_key="testing")

        if not args.without_ga4:
            ga4 = GA4Source(workdir, moto_client)
            parameters = {**ga4.parameters, **parameters}
            settings["GA4Ingest"] = ga4.function_settings
            if not args.without_ga4_export:
                export = GA4ExportSide(workdir, start_service, stop_service, moto_client, GA4Source.PROPERTY,
                                       ga4.parameters["GA4TimeZone"], args.export_events)
                parameters = {**export.parameters, **parameters}
                settings["GA4Ingest"] = {**settings["GA4Ingest"], **export.function_settings}
        if not args.without_appflow:
            parameters = {**AppFlowSide().parameters, **parameters}
        if not args.without_mysql:
            mysql = MySQLSide(workdir, start_service, stop_service, moto_client)
            parameters = {**mysql.parameters, **parameters}
            settings["MySQLUpsert"] = mysql.function_settings
        template = Template.load(ROOT / "template.yaml", parameters)
        stack = LocalStack(template, services.values, workdir, duplicates=args.duplicates, function_settings=settings,
                           extra_environment={"AWS_LAMBDA_LOG_LEVEL": "WARN"})
        print(f"== template.yaml as stack '{template.stack_name}' (moto at {services.values['PIPELINE_MOTO_ENDPOINT']})", flush=True)
        stack.create()
        if export is not None and template.condition("HasGA4ExportHashing"):
            export.create_hashed_table(stack.client("glue"), stack.names["GA4Database"].ref,
                                       template.parameters["GA4LakeBucket"])
        stack.start_delivery()
        if args.command == "up":
            print("\nthe stack is up; resources:")
            for logical, resource in stack.names.items():
                print(f"  {logical}: {resource.ref}")
            print("schedules to fire: " + ", ".join(stack.schedules) if stack.schedules else "")
            print("Ctrl-C stops it.")
            while True:
                time.sleep(3600)
        pipeline_ops = None if args.without_operations else (args.pipeline_ops or operations.find_pipeline_ops())
        if pipeline_ops is None and not args.without_operations:
            print("pipeline-ops is not built (swift build --product pipeline-ops): the recovery stage is left out")
        report = demo(stack, workdir, args.report, args.events, args.bad_share, pipeline_ops, mysql, export)
        return 0 if report["clickstream"]["rows_out"] > 0 else 1
    except KeyboardInterrupt:
        return 0
    finally:
        if stack is not None:
            stack.stop()
        if ga4 is not None:
            ga4.stop()
        if export is not None:
            export.stop()
        if mysql is not None:
            mysql.stop()
        services.stop()


if __name__ == "__main__":
    sys.exit(main())
