"""Synthetic web events for the clickstream demo and benchmark, and the Kinesis event Lambda builds from them.

Events are deterministic for a seed: sessions of a few users (some anonymous) browsing a shop over a few hours
of 2024-01-15, in the forms producers really send (epoch seconds, epoch milliseconds, ISO-8601; some records
gzip-compressed), optionally with a share of bad records of every kind.

    synthetic_events.py lambda-event --count 10000 --out batch.json [--bad-share 0.1]
"""

import argparse
import base64
import gzip
import json
import random
import sys

BASE_SECONDS = 1_705_323_600  # 2024-01-15T13:00:00Z
PAGES = ["/", "/pricing", "/cart", "/checkout", "/products/espresso-grinder", "/products/milk-frother",
         "/blog/how-to-dial-in-espresso", "/search?q=burr+grinder", "/account/orders", "/loyalty"]
TYPES = ["page_view", "page_view", "page_view", "click", "scroll", "add_to_cart", "purchase", "loyalty_view",
         "loyalty_redeem", "review"]
DEVICES = [("desktop", "Chrome", "Windows"), ("desktop", "Safari", "macOS"), ("mobile", "Chrome", "Android"),
           ("mobile", "Safari", "iOS"), ("tablet", "Safari", "iPadOS")]
COUNTRIES = ["US", "CA", "GB", "DE", "FR", "IN", "JP", "BR"]
BAD = [b"this is not json", b'{"event_id": "trunc', b'[{"session_id": "s"}]',
       b'{"event_type": "click", "timestamp": 1705323911}',
       b'{"session_id": "s", "event_type": "click", "timestamp": "yesterday afternoon"}',
       b'{"session_id": "s\xc3\x28", "event_type": "x", "timestamp": 1705323911}',
       b"\x1f\x8b\x08\x00\xff\xfe\x00", b"", None]


def events(count, seed=7, hours=3, compact=False):
    rng = random.Random(seed)
    sessions = []
    for index in range(count):
        if not sessions or rng.random() < 0.08:
            device = rng.choice(DEVICES)
            user = None if rng.random() < 0.3 else f"u-{rng.randrange(1000, 1060)}"
            sessions.append((f"s-{rng.getrandbits(48):012x}", user, device, rng.choice(COUNTRIES)))
        session, user, (device, browser, os_name), country = rng.choice(sessions[-12:])
        moment = BASE_SECONDS + (index * hours * 3600) // max(count, 1) + rng.randrange(0, 120)
        millis = moment * 1000 + rng.randrange(1000)
        form = index % 3
        timestamp = moment if form == 0 else millis if form == 1 else \
            f"2024-01-15T{(millis // 3_600_000) % 24:02d}:{(millis // 60_000) % 60:02d}:{(millis // 1000) % 60:02d}.{millis % 1000:03d}Z"
        event = {"event_id": f"{seed:02d}-{index:07d}", "session_id": session, "event_type": rng.choice(TYPES),
                 "page_url": "https://www.example.com" + rng.choice(PAGES),
                 "referrer": rng.choice([None, "", "https://www.google.com/", "https://t.co/x1Yz"]),
                 "timestamp": timestamp, "device_type": device, "browser": browser, "os": os_name,
                 "country": country, "duration_ms": rng.randrange(20, 120_000)}
        if user is not None:
            event["user_id"] = user
        if compact:
            # What fits 10,000 records in Lambda's 6 MB event: the fields the queries use, short values.
            event = {"session_id": session[:8], "event_type": event["event_type"], "timestamp": timestamp,
                     "page_url": event["page_url"][23:],
                     **({"user_id": user} if user else {})}
            if form == 2:
                event["timestamp"] = millis
        if index % 50 == 0:
            event["campaign"] = {"source": "newsletter", "id": index}
        yield event


def payloads(count, seed=7, bad_share=0.0, compact=False):
    """(data as Lambda delivers it: base64 text, is_bad) for each record."""
    rng = random.Random(seed + 1)
    for index, event in enumerate(events(count, seed, compact=compact)):
        if bad_share and rng.random() < bad_share:
            bad = BAD[index % len(BAD)]
            yield ("%%% not base64 %%%" if bad is None else base64.b64encode(bad).decode()), True
            continue
        raw = json.dumps(event, separators=(",", ":")).encode()
        if index % 10 == 7 and not compact:
            raw = gzip.compress(raw, mtime=0)
        yield base64.b64encode(raw).decode(), False


def kpl_aggregated(datas, per_aggregate):
    """The records' data grouped into KPL aggregates of up to `per_aggregate` user records (by AWS's aws-kinesis-agg);
    data that is not base64 cannot be aggregated and stays a plain record of its own."""
    from aws_kinesis_agg.aggregator import RecordAggregator
    out, aggregator, count = [], RecordAggregator(), 0

    def flush():
        nonlocal aggregator, count
        if count:
            out.append(base64.b64encode(aggregator.clear_and_get().get_contents()[2]).decode())
        aggregator, count = RecordAggregator(), 0

    for index, data in enumerate(datas):
        try:
            raw = base64.b64decode(data, validate=True)
        except ValueError:
            flush()
            out.append(data)
            continue
        if aggregator.add_user_record(f"pk-{index % 64}", raw) is not None:
            raise SystemExit("an aggregate outgrew one Kinesis record")
        count += 1
        if count == per_aggregate:
            flush()
    flush()
    return out


def lambda_event(count, seed=7, bad_share=0.0, shard="shardId-000000000000", arrival=BASE_SECONDS + 4 * 3600, compact=False,
                 per_aggregate=0):
    records = []
    datas = [data for data, _ in payloads(count, seed, bad_share, compact)]
    if per_aggregate:
        datas = kpl_aggregated(datas, per_aggregate)
    for index, data in enumerate(datas):
        sequence = f"4964825342518625439256361704323159061763420162{index + 1_000_000_000:010d}"
        records.append({
            "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": f"pk-{index % 64}", "sequenceNumber": sequence,
                        "data": data, "approximateArrivalTimestamp": arrival + index / 1000},
            "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": f"{shard}:{sequence}",
            "eventName": "aws:kinesis:record", "awsRegion": "us-east-1",
            "eventSourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/clickstream",
            **({} if compact else {"invokeIdentityArn": "arn:aws:iam::123456789012:role/KinesisTransformRole"})})
    return {"Records": records}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    event = sub.add_parser("lambda-event", help="write a Kinesis event as Lambda delivers it")
    event.add_argument("--count", type=int, default=1000)
    event.add_argument("--seed", type=int, default=7)
    event.add_argument("--bad-share", type=float, default=0.0)
    event.add_argument("--kpl", type=int, default=0, metavar="N",
                       help="aggregate the events N to a Kinesis record as the Kinesis Producer Library does")
    event.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.out, "w") as out:
        json.dump(lambda_event(args.count, args.seed, args.bad_share, per_aggregate=args.kpl), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
