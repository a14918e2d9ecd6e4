"""The recovery commands of `pipeline-ops` run against the local stack as an operator would run them against AWS,
with the stack still delivering every event twice. Each scenario makes the failure it recovers from through the
template's own wiring, runs the command twice (it must be safe to repeat), and reports what it found afterwards.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

from local_stack import LocalStack

ROOT = Path(__file__).resolve().parents[2]


def find_pipeline_ops() -> Path | None:
    """The built command: `swift build --product pipeline-ops` puts it in the debug products folder."""
    candidate = ROOT / ".build" / "debug" / "pipeline-ops"
    return candidate if candidate.exists() else None


class PipelineOps:
    def __init__(self, binary: Path, stack: LocalStack):
        self.binary = binary
        self.stack = stack
        services = stack.services
        self.environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(stack.workdir),
            "AWS_ACCESS_KEY_ID": services["PIPELINE_AWS_ACCESS_KEY_ID"],
            "AWS_SECRET_ACCESS_KEY": services["PIPELINE_AWS_SECRET_ACCESS_KEY"],
            "AWS_SESSION_TOKEN": services["PIPELINE_AWS_SESSION_TOKEN"],
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": services["PIPELINE_AWS_ENDPOINT"],
        }

    def run(self, *arguments: str) -> dict:
        completed = subprocess.run([str(self.binary), *arguments], env=self.environment, capture_output=True,
                                   text=True, timeout=300)
        output = (completed.stdout + completed.stderr).strip()
        self.stack.log(f"$ pipeline-ops {' '.join(arguments)}  → exit {completed.returncode}")
        for line in output.splitlines()[-6:]:
            self.stack.log(f"  {line}")
        return {"exit": completed.returncode, "output": output}


def _keys(s3, bucket: str, prefix: str) -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(o["Key"] for page in pages for o in page.get("Contents", []))


def _proxy_admin(stack: LocalStack, route: str, body: dict) -> dict:
    request = urllib.request.Request(f"{stack.services['PIPELINE_AWS_ENDPOINT']}/__proxy/{route}", method="POST",
                                     data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(request, timeout=10).read())


def requeue_quarantined(ops: PipelineOps, stack: LocalStack, bucket: str) -> dict:
    """The quarantined order export goes back under incoming/; S3Validation checks it again (the contract did not
    change, so it is quarantined again, with a new report)."""
    s3 = stack.client("s3")
    before = _keys(s3, bucket, "quarantine/orders/")
    runs = [ops.run("requeue-quarantined", "--bucket", bucket, "--prefix", "quarantine/orders/")]
    stack.wait_until_idle()
    after = _keys(s3, bucket, "quarantine/orders/")
    return {"runs": [r["exit"] for r in runs], "quarantined_before": before, "quarantined_after": after,
            "left_in_incoming": _keys(s3, bucket, "incoming/orders/")}


def resubmit_failed(ops: PipelineOps, stack: LocalStack, bucket: str, function: str, stream_arn: str) -> dict:
    """The records KinesisTransform rejected are handed to it again, twice; they are still bad, so they stay in
    failed/ under the same keys with the same lines, and no row appears twice."""
    s3 = stack.client("s3")
    failed = _keys(s3, bucket, "failed/")
    days = sorted({key.split("/")[1].removeprefix("dt=") for key in failed})
    if not days:
        return {"skipped": "nothing in failed/"}
    before = {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read().count(b"\n") for key in failed}
    events_before = _keys(s3, bucket, "events/")
    arguments = ["resubmit-failed", "--bucket", bucket, "--function", function, "--stream-arn", stream_arn,
                 "--from", days[0], "--to", days[-1]]
    runs = [ops.run(*arguments), ops.run(*arguments)]
    stack.wait_until_idle()
    after = {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read().count(b"\n") for key in _keys(s3, bucket, "failed/")}
    return {"runs": [r["exit"] for r in runs], "failed_lines_before": before, "failed_lines_after": after,
            "events_objects_unchanged": _keys(s3, bucket, "events/") == events_before}


def redrive_dead_letters(ops: PipelineOps, stack: LocalStack, bucket: str, database: str) -> dict:
    """Glue fails while a new hourly object arrives: AthenaPartitions gives up after its retries and the event lands
    in its dead-letter queue. Once Glue is back, `redrive` hands the event to the function again; a second run finds
    the queue empty."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    s3, sqs, glue = stack.client("s3"), stack.client("sqs"), stack.client("glue")
    # An hour with no rows, in the clickstream table's own schema, as KinesisTransform would never write it: the
    # partition it needs does not exist yet.
    sample = next(key for key in _keys(s3, bucket, "events/") if key.endswith(".parquet"))
    schema = pq.read_schema(io.BytesIO(s3.get_object(Bucket=bucket, Key=sample)["Body"].read()))
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist([], schema=schema), buffer, compression="snappy")
    values = ["2024", "01", "15", "23"]
    key = "events/year=2024/month=01/day=15/hour=23/redrive-check.parquet"

    _proxy_admin(stack, "faults", {"kind": "500", "match": {"body_contains": "clickstream_events"}})
    try:
        s3.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())
        stack.wait_until_idle(timeout=300)
    finally:
        _proxy_admin(stack, "reset", {})
    queue_url = stack.names["AthenaPartitionsDeadLetterQueue"].ref
    waiting = int(sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"])
                  ["Attributes"]["ApproximateNumberOfMessages"])

    def registered() -> bool:
        try:
            glue.get_partition(DatabaseName=database, TableName="clickstream_events", PartitionValues=values)
            return True
        except glue.exceptions.EntityNotFoundException:
            return False

    registered_before = registered()
    function = stack.names["AthenaPartitionsFunction"].ref
    runs = [ops.run("redrive", "--queue-url", queue_url, "--function", function),
            ops.run("redrive", "--queue-url", queue_url, "--function", function)]
    time.sleep(1)
    left = int(sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"])
               ["Attributes"]["ApproximateNumberOfMessages"])
    return {"runs": [r["exit"] for r in runs], "dead_letters_before": waiting, "dead_letters_after": left,
            "registered_before": registered_before, "registered_after": registered(), "partition": "/".join(values)}


def backfill_ga4(ops: PipelineOps, stack: LocalStack, property_id: str) -> dict:
    """A week before the scheduled window, backfilled twice: the second run replaces the same partitions."""
    import datetime

    s3 = stack.client("s3")
    lake = stack.template.parameters["GA4LakeBucket"]
    end = datetime.date.today() - datetime.timedelta(days=10)
    start = end - datetime.timedelta(days=6)
    days = {(start + datetime.timedelta(days=n)).isoformat() for n in range(7)}

    def partitions() -> dict[str, int]:
        keys = [k for k in _keys(s3, lake, "") if k.endswith(".parquet")]
        found = {}
        for key in keys:
            day = next((part.removeprefix("dt=") for part in key.split("/") if part.startswith("dt=")), None)
            if day in days:
                found[key.rsplit("/", 1)[0]] = found.get(key.rsplit("/", 1)[0], 0) + 1
        return found

    function = stack.names["GA4IngestFunction"].ref
    arguments = ["backfill-ga4", "--function", function, "--property", property_id, "--from", start.isoformat(),
                 "--to", end.isoformat()]
    first = ops.run(*arguments)
    after_first = partitions()
    second = ops.run(*arguments)
    return {"runs": [first["exit"], second["exit"]], "days": sorted(days), "partitions_after_first": after_first,
            "partitions_after_second": partitions()}


def run_all(binary: Path, stack: LocalStack, ga4_property: str | None = None) -> dict:
    ops = PipelineOps(binary, stack)
    bucket = stack.names["DataBucket"].ref
    database = stack.names["AnalyticsDatabase"].ref
    results = {"redrive": redrive_dead_letters(ops, stack, bucket, database),
               "resubmit_failed": resubmit_failed(ops, stack, bucket, stack.names["KinesisTransformFunction"].ref,
                                                  stack.names["ClickstreamStream"].attributes["Arn"])}
    if "GA4IngestFunction" in stack.functions and ga4_property:
        results["backfill_ga4"] = backfill_ga4(ops, stack, ga4_property)
    if "S3ValidationFunction" in stack.functions:
        results["requeue_quarantined"] = requeue_quarantined(ops, stack, bucket)
    return results
