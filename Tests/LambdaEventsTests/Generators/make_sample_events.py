#!/usr/bin/env python3
"""Writes the sample events in events/ (the payloads `make invoke` and the demo feed the functions).

Run from the repository root: python3 Tests/LambdaEventsTests/Generators/make_sample_events.py
Output is deterministic (fixed seed), so re-running only changes files when this script changes.
Shapes follow what Lambda delivers: Kinesis and S3 notifications as `Records` batches with base64
record data and form-encoded S3 keys; EventBridge envelopes with kebab-case keys.
"""
import base64
import json
import random
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote_plus

ACCOUNT = "123456789012"
REGION = "us-east-1"
OUT = Path("events")
rng = random.Random(20240115)


def iso_millis(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def iso_seconds(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def event_uuid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def write(name, event):
    path = OUT / name
    path.write_text(json.dumps(event, indent=2, ensure_ascii=False) + "\n")
    print(f"{path}: {path.stat().st_size} bytes")


# ---------------------------------------------------------------- Kinesis

STREAM_ARN = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/clickstream"
SHARDS = {
    "shardId-000000000000": 49648253425186254392563617043231585617634201624871714818,
    "shardId-000000000001": 49648253425208555137762147666373121335906849986377695250,
}
PAGES = ["/", "/pricing", "/products/espresso-grinder", "/products/milk-frother", "/cart", "/checkout",
         "/blog/how-to-dial-in-espresso", "/search?q=burr+grinder", "/account/orders", "/caf%C3%A9-menu"]
REFERRERS = ["https://www.google.com/", "https://duckduckgo.com/", "https://t.co/x1Yz", "", None,
             "https://www.example.com/"]
DEVICES = [("desktop", "Chrome", "Windows"), ("desktop", "Firefox", "Linux"), ("desktop", "Safari", "macOS"),
           ("mobile", "Safari", "iOS"), ("mobile", "Chrome", "Android"), ("tablet", "Safari", "iPadOS"),
           ("desktop", "Edge", "Windows")]
COUNTRIES = ["US", "GB", "DE", "FR", "BR", "JP", "IN", "CA", "AU", "ES"]
EVENT_TYPES = ["page_view", "page_view", "page_view", "click", "scroll", "add_to_cart", "purchase"]


def kinesis_record(shard, sequence, data_bytes, arrival, partition_key):
    return {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": partition_key,
            "sequenceNumber": str(sequence),
            "data": data_bytes if isinstance(data_bytes, str) else base64.b64encode(data_bytes).decode(),
            "approximateArrivalTimestamp": round(arrival.timestamp(), 3),
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"{shard}:{sequence}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": f"arn:aws:iam::{ACCOUNT}:role/KinesisTransformRole",
        "awsRegion": REGION,
        "eventSourceARN": STREAM_ARN,
    }


def clickstream_event(moment, session, user):
    device, browser, os_name = session["device"]
    kind = rng.choice(EVENT_TYPES)
    style = rng.choice(["s", "ms", "iso"])
    stamp = {"s": int(moment.timestamp()), "ms": int(moment.timestamp() * 1000), "iso": iso_millis(moment)}[style]
    event = {
        "event_id": event_uuid(),
        "session_id": session["id"],
        "user_id": user,
        "event_type": kind,
        "page_url": "https://www.example.com" + rng.choice(PAGES),
        "referrer": rng.choice(REFERRERS),
        "timestamp": stamp,
        "device_type": device,
        "browser": browser,
        "os": os_name,
        "country": session["country"],
        "duration_ms": rng.randint(0, 120_000) if kind in ("page_view", "scroll") else rng.randint(0, 1500),
    }
    if user is None and rng.random() < 0.5:
        del event["user_id"]  # anonymous visitors: the field may be null or absent
    return event


def kinesis_batch(count, start):
    sessions = [{"id": f"s-{rng.getrandbits(48):012x}", "device": rng.choice(DEVICES),
                 "country": rng.choice(COUNTRIES),
                 "user": rng.choice([None, f"u-{rng.randint(10000, 99999)}"])} for _ in range(12)]
    sequences = dict(SHARDS)
    records = []
    moment = start
    for _ in range(count):
        session = rng.choice(sessions)
        shard = "shardId-000000000000" if int(session["id"][2:], 16) % 2 == 0 else "shardId-000000000001"
        moment += timedelta(milliseconds=rng.randint(40, 4000))
        sequences[shard] += rng.randint(1, 9) * 10**21 + rng.randint(0, 10**6)
        payload = clickstream_event(moment, session, session["user"])
        arrival = moment + timedelta(milliseconds=rng.randint(20, 900))
        records.append(kinesis_record(shard, sequences[shard], json.dumps(payload, separators=(",", ":")).encode(), arrival, session["id"]))
    return records


def mixed_bad_batch(start):
    session = {"id": "s-0000deadbeef", "device": DEVICES[0], "country": "US"}
    good = clickstream_event(start, session, "u-10001")
    missing_id = clickstream_event(start + timedelta(seconds=1), session, "u-10001")
    del missing_id["event_id"]
    missing_type = clickstream_event(start + timedelta(seconds=2), session, None)
    del missing_type["event_type"]
    bad_stamp = clickstream_event(start + timedelta(seconds=3), session, "u-10001")
    bad_stamp["timestamp"] = "yesterday afternoon"
    payloads = [
        json.dumps(good).encode(),                         # valid
        "%%% not base64 %%%",                              # data is not base64 at all
        "eyJldmVudF9pZCI6I",                               # base64 alphabet, impossible length
        b"this is not json",                               # base64 of plain text
        json.dumps(good).encode()[:40],                    # truncated JSON
        json.dumps(missing_id).encode(),                   # required field missing
        json.dumps(missing_type).encode(),                 # required field missing
        json.dumps(bad_stamp).encode(),                    # timestamp unreadable
        json.dumps([good]).encode(),                       # an array, not an object
        b"",                                               # empty record
        bytes([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFE, 0x00]),  # binary, not UTF-8
        json.dumps(clickstream_event(start + timedelta(seconds=5), session, None)).encode(),  # valid, anonymous
    ]
    sequence = SHARDS["shardId-000000000000"]
    records = []
    for index, payload in enumerate(payloads):
        sequence += 10**21 * (index + 1)
        records.append(kinesis_record("shardId-000000000000", sequence, payload,
                                      start + timedelta(seconds=index, milliseconds=250), session["id"]))
    return records


# ---------------------------------------------------------------- S3 notifications

def s3_record(bucket, key, size, event_time, event_name="ObjectCreated:Put", principal="AWS:AROA4EXAMPLEROLEID:writer",
              version_id=None):
    obj = {
        "key": quote_plus(key, safe="/"),
        "size": size,
        "eTag": f"{rng.getrandbits(128):032x}",
        "sequencer": f"{rng.getrandbits(72):018X}",
    }
    if version_id:
        obj["versionId"] = version_id
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": REGION,
        "eventTime": iso_millis(event_time),
        "eventName": event_name,
        "userIdentity": {"principalId": principal},
        "requestParameters": {"sourceIPAddress": "10.0.12.34"},
        "responseElements": {
            "x-amz-request-id": f"{rng.getrandbits(64):016X}",
            "x-amz-id-2": base64.b64encode(rng.randbytes(48)).decode(),
        },
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "pipeline-trigger",
            "bucket": {"name": bucket, "ownerIdentity": {"principalId": "A3NL1KOZZKEXAMPLE"},
                       "arn": f"arn:aws:s3:::{bucket}"},
            "object": obj,
        },
    }


def eventbridge(detail_type, source, moment, resources, detail):
    return {"version": "0", "id": event_uuid(), "detail-type": detail_type, "source": source,
            "account": ACCOUNT, "time": iso_seconds(moment), "region": REGION, "resources": resources,
            "detail": detail}


def main():
    OUT.mkdir(exist_ok=True)
    start = datetime(2024, 1, 15, 13, 5, 9, 120000, tzinfo=timezone.utc)

    write("kinesis-clickstream.json", {"Records": kinesis_batch(50, start)})
    write("kinesis-mixed-bad.json", {"Records": mixed_bad_batch(start)})

    curated = f"analytics-curated-{ACCOUNT}"
    parquet_key = "events/year=2024/month=01/day=15/hour=13/part-shardId-000000000000-49648253425186254392563617043231585617634201624871714818.snappy.parquet"
    write("s3-put-parquet.json", {"Records": [s3_record(
        curated, parquet_key, 48213, start + timedelta(seconds=4),
        principal="AWS:AROA4EXAMPLEROLEID:KinesisTransform")]})

    uploads = f"analytics-uploads-{ACCOUNT}"
    write("s3-put-hostile-key.json", {"Records": [
        s3_record(uploads, "uploads/2024 Q1/café + résumé=final 100%.csv", 1337, start),
        s3_record(uploads, "uploads/../../validated/orders.csv", 42, start + timedelta(seconds=1)),
        s3_record(uploads, "uploads/line\nbreak \"quoted\" <tag> &amp; #hash ?q=1.csv", 7, start + timedelta(seconds=2)),
    ]})

    write("s3-put-upload-csv.json", {"Records": [s3_record(
        uploads, "uploads/orders/2024-01-15/orders_2024-01-15.csv", 18342, start,
        principal="AWS:AIDA4EXAMPLEUSERID")]})

    unload = f"analytics-unload-{ACCOUNT}"
    write("s3-put-redshift-unload.json", {"Records": [s3_record(
        unload, "unload/customers/2024-01-15/customers_0000_part_00.gz", 734211, start,
        event_name="ObjectCreated:CompleteMultipartUpload", principal="AWS:AROA4EXAMPLEROLEID:RedshiftUnloadRole")]})

    write("eventbridge-s3-object-created.json", eventbridge(
        "Object Created", "aws.s3", start + timedelta(seconds=4), [f"arn:aws:s3:::{curated}"],
        {"version": "0", "bucket": {"name": curated},
         "object": {"key": parquet_key, "size": 48213, "etag": f"{rng.getrandbits(128):032x}",
                    "sequencer": f"{rng.getrandbits(72):018X}"},
         "request-id": f"{rng.getrandbits(64):016X}", "requester": ACCOUNT,
         "source-ip-address": "10.0.12.34", "reason": "PutObject"}))

    write("eventbridge-scheduled.json", eventbridge(
        "Scheduled Event", "aws.events", datetime(2024, 1, 15, 6, 0, 0, tzinfo=timezone.utc),
        [f"arn:aws:events:{REGION}:{ACCOUNT}:rule/ga4-ingest-daily"], {}))

    # The full RegisterDataFlow detail (schemas/register-data-flow.schema.json), sent as a JSON string as
    # hand-built events often are; AppFlowRegistration decodes an object and a string alike.
    flow = {
        "flowName": "ga4-analytics-daily",
        "description": "GA4 core reports for the analytics warehouse",
        "settingsSecretId": "appflow-registration/analytics",
        "ga4": {"propertyId": "345678901", "connectorProfileName": "ga4-analytics"},
        "redshift": {"connectorProfileName": "redshift-analytics", "workgroupName": "analytics", "database": "dev",
                     "schema": "ga4"},
        "objects": [
            {"entity": "accounts/123456789/properties/345678901/coreReport", "table": "sessions_daily",
             "dimensions": ["date", "country", "deviceCategory", "sessionDefaultChannelGroup"],
             "metrics": ["sessions", "totalUsers", "screenPageViews", "engagementRate", "purchaseRevenue"],
             "filters": [{"field": "country", "operator": "NOT_EQUAL_TO", "value": "(not set)"}],
             "validations": [{"field": "date", "rule": "nonNull"}, {"field": "sessions", "rule": "nonNegative"},
                             {"field": "engagementRate", "rule": "range", "minimum": 0, "maximum": 1}]},
            {"entity": "accounts/123456789/properties/345678901/coreReport", "table": "pages_daily",
             "dimensions": ["date", "pagePath", "pageTitle"],
             "metrics": ["screenPageViews", "activeUsers", "userEngagementDuration"], "dimensionLength": 1024},
        ],
        "schedule": {"expression": "rate(1days)", "startTime": "2024-01-16T03:00:00Z", "timeZone": "Europe/Berlin",
                     "dataPullMode": "Incremental"},
        "errorBucket": f"analytics-appflow-errors-{ACCOUNT}",
        "errorPrefix": "rejected/",
        "tags": {"team": "analytics", "cost-center": "web"},
    }
    write("eventbridge-register-data-flow.json", eventbridge(
        "RegisterDataFlow", "analytics.pipeline", datetime(2024, 1, 15, 9, 30, 0, tzinfo=timezone.utc), [],
        json.dumps(flow, separators=(",", ":"))))


if __name__ == "__main__":
    main()
