"""Differential check of the hand-written Storage Read messages against Google's proto classes
(google-cloud-bigquery-storage).

    proto_differential.py generate COUNT SEED OUT_JSON   random messages: [{"type", "hex"}]
    proto_differential.py compare IN_JSON                 [{"type", "hex", "swift_hex"}]: both must parse to equal messages

`generate` fills every field the Swift side knows, with random presence, lengths, unicode and extreme numbers;
`compare` parses the Swift re-encoding with Google's classes and compares it with the original message.
"""
import json
import random
import sys

from google.cloud.bigquery_storage_v1 import types

TEXT = ["", "a", "projects/p/datasets/d/tables/t", "é🙂中", "x" * 300]


def text(rng):
    return rng.choice(TEXT) + str(rng.randrange(10**6))


def int64(rng):
    return rng.choice([0, 1, -1, 2**63 - 1, -(2**63), rng.randrange(-10**12, 10**12)])


def int32(rng):
    return rng.choice([0, 1, -1, 2**31 - 1, -(2**31), rng.randrange(1000)])


def timestamp(rng):
    return {"seconds": rng.randrange(0, 4 * 10**9), "nanos": rng.randrange(10**9)}


def session(rng):
    s = types.ReadSession(name=text(rng), table=text(rng), data_format=rng.choice([0, 1, 2]),
                          estimated_total_bytes_scanned=int64(rng), estimated_row_count=int64(rng),
                          estimated_total_physical_file_size=int64(rng), trace_id=text(rng))
    if rng.random() < 0.5:
        s.expire_time = timestamp(rng)
    if rng.random() < 0.5:
        s.avro_schema = types.AvroSchema(schema=text(rng))
    if rng.random() < 0.5:
        s.table_modifiers = types.ReadSession.TableModifiers(snapshot_time=timestamp(rng))
    if rng.random() < 0.7:
        options = types.ReadSession.TableReadOptions(selected_fields=[text(rng) for _ in range(rng.randrange(4))],
                                                     row_restriction=text(rng))
        if rng.random() < 0.5:
            options.sample_percentage = rng.choice([0.0, 12.5, 100.0])
        s.read_options = options
    s.streams = [types.ReadStream(name=text(rng)) for _ in range(rng.randrange(4))]
    return s


def generate(count, seed, out):
    rng = random.Random(seed)
    messages = []
    for _ in range(count):
        kind = rng.choice(["ReadSession", "CreateReadSessionRequest", "ReadRowsRequest", "ReadRowsResponse",
                           "SplitReadStreamRequest", "SplitReadStreamResponse"])
        if kind == "ReadSession":
            m = session(rng)
        elif kind == "CreateReadSessionRequest":
            m = types.CreateReadSessionRequest(parent=text(rng), read_session=session(rng), max_stream_count=int32(rng),
                                               preferred_min_stream_count=int32(rng))
        elif kind == "ReadRowsRequest":
            m = types.ReadRowsRequest(read_stream=text(rng), offset=int64(rng))
        elif kind == "ReadRowsResponse":
            m = types.ReadRowsResponse(row_count=int64(rng))
            if rng.random() < 0.8:
                m.avro_rows = types.AvroRows(serialized_binary_rows=bytes(rng.randrange(256) for _ in range(rng.randrange(200))))
            if rng.random() < 0.5:
                m.stats = types.StreamStats(progress=types.StreamStats.Progress(at_response_start=rng.random(), at_response_end=rng.random()))
            if rng.random() < 0.5:
                m.throttle_state = types.ThrottleState(throttle_percent=rng.randrange(101))
            if rng.random() < 0.3:
                m.avro_schema = types.AvroSchema(schema=text(rng))
            if rng.random() < 0.3:
                m.uncompressed_byte_size = int64(rng)
        elif kind == "SplitReadStreamRequest":
            m = types.SplitReadStreamRequest(name=text(rng), fraction=rng.random())
        else:
            m = types.SplitReadStreamResponse()
            if rng.random() < 0.7:
                m.primary_stream = types.ReadStream(name=text(rng))
            if rng.random() < 0.7:
                m.remainder_stream = types.ReadStream(name=text(rng))
        messages.append({"type": kind, "hex": type(m).serialize(m).hex()})
    json.dump(messages, open(out, "w"))


def compare(path):
    messages = json.load(open(path))
    for index, entry in enumerate(messages):
        kind = getattr(types, entry["type"])
        original = kind.deserialize(bytes.fromhex(entry["hex"]))
        ours = kind.deserialize(bytes.fromhex(entry["swift_hex"]))
        if original != ours:
            sys.exit(f"message {index} ({entry['type']}) differs:\n original {original}\n swift    {ours}")
        if entry["swift_hex"] != entry["hex"]:
            sys.exit(f"message {index} ({entry['type']}): same content, different bytes:\n {entry['hex']}\n {entry['swift_hex']}")
    print(f"{len(messages)} messages equal")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        compare(sys.argv[2])
