"""The benchmark baseline: KinesisTransform's work done the usual way in a Python Lambda (json, pyarrow, boto3).

Same input, same rules, same output layout as the Swift function (decode base64 and gzip, validate and clean,
anonymous user ids, epoch seconds/milliseconds/ISO timestamps, one Snappy Parquet object per shard and hour,
rejected records to failed/ as JSON lines, an SNS summary, partial batch failures), so the benchmark compares
like with like. KPL aggregates are de-aggregated with AWS's own Python library (aws-kinesis-agg). Not part of the
product.
"""

import base64
import binascii
import datetime
import gzip
import hashlib
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor

import boto3
from aws_kinesis_agg.deaggregator import iter_deaggregate_records
import pyarrow as pa
import pyarrow.parquet as pq

BUCKET = os.environ["S3_BUCKET"]
TOPIC = os.environ["SNS_TOPIC_ARN"]
MAX_BYTES = int(os.environ.get("MAX_RECORD_BYTES", 1 << 20))
MAX_AGE_MS = int(os.environ.get("MAX_EVENT_AGE_HOURS", 720)) * 3_600_000
MAX_LEAD_MS = int(os.environ.get("MAX_EVENT_LEAD_MINUTES", 60)) * 60_000
s3 = boto3.client("s3")
sns = boto3.client("sns")
KNOWN = {"event_id", "session_id", "user_id", "event_type", "page_url", "referrer", "timestamp", "device_type",
         "browser", "os", "country", "duration_ms"}
SCHEMA = pa.schema([
    pa.field("event_id", pa.string(), False), pa.field("session_id", pa.string(), False),
    pa.field("user_id", pa.string(), False), pa.field("event_type", pa.string(), False),
    ("page_url", pa.string()), ("referrer", pa.string()), pa.field("event_time", pa.timestamp("ms", tz="UTC"), False),
    ("device_type", pa.string()), ("browser", pa.string()), ("os", pa.string()), ("country", pa.string()),
    ("duration_ms", pa.int64()), ("extra_fields", pa.string()), pa.field("shard_id", pa.string(), False),
    pa.field("sequence_number", pa.string(), False), pa.field("arrival_time", pa.timestamp("ms", tz="UTC"), False),
    ("sub_sequence_number", pa.int64())])
# base64 of the KPL magic bytes F3 89 9A: only records that start so are handed to the de-aggregator.
KPL_MAGIC_BASE64 = "84ma"


class Rejected(Exception):
    def __init__(self, code, reason):
        super().__init__(reason)
        self.code, self.reason = code, reason


def text(value, name):
    if value is None:
        return None
    if not isinstance(value, str):
        raise Rejected("INVALID_FIELD", f"{name}: expected a string")
    value = value.strip()
    return value or None


def identifier(value, name):
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text(value, name)


def event_time(value, arrival):
    if isinstance(value, str) and ":" not in value:
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        millis = round(value if abs(value) >= 1e11 else value * 1000)
    elif isinstance(value, str):
        try:
            parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
        except ValueError:
            raise Rejected("INVALID_FIELD", f"timestamp: {value[:64]!r} is not a time")
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.timezone.utc)
        millis = round(parsed.timestamp() * 1000)
    else:
        raise Rejected("INVALID_FIELD", "timestamp: not a time")
    if not arrival - MAX_AGE_MS <= millis <= arrival + MAX_LEAD_MS:
        raise Rejected("INVALID_FIELD", "timestamp: outside the accepted window")
    return millis


def clean(record, sub=None):
    kinesis = record["kinesis"]
    shard, sequence = record["eventID"].split(":", 1)[0], kinesis["sequenceNumber"]
    arrival = round(kinesis["approximateArrivalTimestamp"] * 1000)
    try:
        payload = base64.b64decode(kinesis["data"], validate=True)
    except (binascii.Error, ValueError):
        raise Rejected("NOT_BASE64", "data is not valid base64")
    if payload[:2] == b"\x1f\x8b":
        try:
            payload = gzip.decompress(payload)
        except (OSError, EOFError) as error:
            raise Rejected("BAD_GZIP", f"gzip payload cannot be decompressed ({error})")
    if len(payload) > MAX_BYTES:
        raise Rejected("TOO_LARGE", "payload too large")
    try:
        document = json.loads(payload.decode("utf-8"))
    except UnicodeDecodeError:
        raise Rejected("INVALID_UTF8", "payload is not valid UTF-8")
    except ValueError as error:
        raise Rejected("NOT_JSON", f"payload is not valid JSON: {error}")
    if not isinstance(document, dict):
        raise Rejected("NOT_AN_OBJECT", "payload is not a JSON object")
    session = identifier(document.get("session_id"), "session_id")
    if session is None:
        raise Rejected("MISSING_FIELD", "session_id is missing or empty")
    kind = text(document.get("event_type"), "event_type")
    if kind is None:
        raise Rejected("MISSING_FIELD", "event_type is missing or empty")
    stamp = document.get("timestamp", document.get("event_time"))
    if stamp is None:
        raise Rejected("MISSING_FIELD", "timestamp is missing")
    duration = document.get("duration_ms")
    if duration is not None and (not isinstance(duration, (int, float)) or duration < 0 or duration != int(duration)):
        raise Rejected("INVALID_FIELD", "duration_ms: not a whole number of milliseconds")
    extra = {k: v for k, v in document.items() if k not in KNOWN and not (k == "event_time" and "timestamp" not in document)}
    user = identifier(document.get("user_id"), "user_id") or \
        "anon-" + hashlib.sha256(b"clickstream-anonymous-user:" + session.encode()).hexdigest()[:32]
    return {
        "event_id": identifier(document.get("event_id"), "event_id") or (f"{shard}-{sequence}" if sub is None else f"{shard}-{sequence}-{sub}"),
        "session_id": session, "user_id": user, "event_type": kind.lower(),
        "page_url": text(document.get("page_url"), "page_url"), "referrer": text(document.get("referrer"), "referrer"),
        "event_time": event_time(stamp, arrival),
        "device_type": (text(document.get("device_type"), "device_type") or "").lower() or None,
        "browser": text(document.get("browser"), "browser"), "os": text(document.get("os"), "os"),
        "country": (text(document.get("country"), "country") or "").upper() or None,
        "duration_ms": None if duration is None else int(duration),
        "extra_fields": json.dumps(extra, separators=(",", ":")) if extra else None,
        "shard_id": shard, "sequence_number": sequence, "arrival_time": arrival, "sub_sequence_number": sub}


def hour_path(millis):
    moment = datetime.datetime.fromtimestamp(millis / 1000, tz=datetime.timezone.utc)
    return f"year={moment.year:04d}/month={moment.month:02d}/day={moment.day:02d}/hour={moment.hour:02d}"


def put(group):
    key, body, content_type = group
    s3.put_object(Bucket=BUCKET, Key=key, Body=body, ContentType=content_type)


def handler(event, context):
    groups, rejected, order = {}, [], []
    def user_records():
        for record in event["Records"]:
            if record["kinesis"]["data"].startswith(KPL_MAGIC_BASE64):
                for sub, user in enumerate(iter_deaggregate_records(record)):
                    data = user["kinesis"]["data"]  # the library gives base64 as bytes
                    user["kinesis"]["data"] = data.decode() if isinstance(data, bytes) else data
                    yield user, sub
            else:
                yield record, None

    for record, sub in user_records():
        sequence = int(record["kinesis"]["sequenceNumber"])
        try:
            row = clean(record, sub)
            key = (row["shard_id"], hour_path(row["event_time"]))
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append((sequence, row))
        except Rejected as error:
            kinesis = record["kinesis"]
            rejected.append((sequence, {"shard_id": record["eventID"].split(":", 1)[0],
                                        "sequence_number": kinesis["sequenceNumber"],
                                        "arrival_time_ms": round(kinesis["approximateArrivalTimestamp"] * 1000),
                                        "error_code": error.code, "reason": error.reason, "data_base64": kinesis["data"]}))
    writes, bounds = [], []
    for shard, path in order:
        rows = [row for _, row in groups[(shard, path)]]
        first, last = groups[(shard, path)][0][0], groups[(shard, path)][-1][0]
        table = pa.Table.from_pylist(rows, schema=SCHEMA)
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="snappy")
        writes.append((f"events/{path}/{shard}-{first}.snappy.parquet", buffer.getvalue(), "application/vnd.apache.parquet"))
        bounds.append((first, last))
    if rejected:
        first = rejected[0][0]
        day = datetime.datetime.fromtimestamp(rejected[0][1]["arrival_time_ms"] / 1000, tz=datetime.timezone.utc).date()
        body = "".join(json.dumps(line, separators=(",", ":")) + "\n" for _, line in rejected).encode()
        writes.append((f"failed/dt={day.isoformat()}/{rejected[0][1]['shard_id']}-{first}.jsonl", body, "application/x-ndjson"))
        bounds.append((first, rejected[-1][0]))
    failed = []
    with ThreadPoolExecutor(max_workers=8) as pool:
        for (first, last), outcome in zip(bounds, pool.map(lambda w: _try(put, w), writes)):
            if outcome is not None:
                failed.append(first)
    checkpoint = min(failed) if failed else None
    if checkpoint is not None:
        lowered = True
        while lowered:
            lowered = False
            for (first, last), write in zip(bounds, writes):
                if first < checkpoint <= last:
                    checkpoint, lowered = first, True
    if rejected or failed:
        sns.publish(TopicArn=TOPIC, Subject=f"Clickstream: {len(rejected)} records rejected",
                    Message=json.dumps({"records": len(event["Records"]), "rejected": len(rejected)}))
    return {"batchItemFailures": [] if checkpoint is None else [{"itemIdentifier": str(checkpoint)}]}


def _try(function, argument):
    try:
        function(argument)
        return None
    except Exception as error:  # noqa: BLE001 - reported as a failed write, like the Swift function
        return error
