"""Writes golden KPL aggregates made by AWS's Python aggregation library (aws-kinesis-agg) for the Swift tests.

Each vector holds the aggregate as the library encodes it (base64) and the user records that went in, in order:
partition key, explicit hash key (or null), data (base64). The Swift reader must return exactly those.

    kpl_vectors.py --out Tests/ClickstreamTests/Fixtures/kpl-aggregates.json
"""

import argparse
import base64
import gzip
import json

from aws_kinesis_agg.aggregator import RecordAggregator


def event(index, hour=0):
    seconds = 1_705_323_600 + hour * 3600 + index * 7 % 3600
    return json.dumps({"event_id": f"kpl-{index}", "session_id": f"s-{index % 5}", "event_type": "page_view",
                       "timestamp": seconds, "duration_ms": index}, separators=(",", ":")).encode()


def vector(name, records):
    aggregator = RecordAggregator()
    for partition_key, hash_key, data in records:
        if aggregator.add_user_record(partition_key, data, hash_key) is not None:
            raise SystemExit(f"{name}: does not fit one aggregate")
    aggregate = aggregator.clear_and_get()
    _, _, data = aggregate.get_contents()
    return {
        "name": name,
        "aggregate_base64": base64.b64encode(data).decode(),
        "records": [{"partition_key": pk, "explicit_hash_key": hk, "data_base64": base64.b64encode(d).decode()}
                    for pk, hk, d in records],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    vectors = [
        vector("single", [("pk-0", None, event(0))]),
        # Partition keys repeat, so the table holds each once; some records carry explicit hash keys.
        vector("many", [(f"pk-{i % 7}", "1" + "0" * (i % 30) if i % 4 == 0 else None, event(i, hour=i % 2))
                        for i in range(40)]),
        # A gzip-compressed user record, an empty one, and one that is not JSON: the reader passes bytes through.
        vector("odd-payloads", [("a", None, gzip.compress(event(1), mtime=0)), ("b", None, b""),
                                ("a", None, b"not json \xff")]),
    ]
    with open(args.out, "w") as out:
        json.dump(vectors, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
