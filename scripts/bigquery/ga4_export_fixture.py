"""A small GA4-export-shaped table in a BigQuery emulator, and checks of what the Swift readers got from it.

    ga4_export_fixture.py create REST_URL PROJECT DATASET TABLE ROWS SEED EXPECTED_JSON
        creates the dataset (if missing) and the table, inserts ROWS generated rows (insertAll, in batches) and
        writes them to EXPECTED_JSON; prints the row count.
    ga4_export_fixture.py check-avro SCHEMA_JSON BLOCKS_FILE EXPECTED_JSON
        decodes BLOCKS_FILE (Avro binary rows back to back, as the Storage Read API sends them) with fastavro
        and SCHEMA_JSON, and compares the rows with EXPECTED_JSON (as a multiset keyed by
        event_bundle_sequence_id); prints "<n> rows equal" or exits 1 naming the first difference.

The rows carry what GA4 exports do: nested event_params with several value slots, items with item_params
(repeated inside repeated), NULL records and lists at every level, 4-byte UTF-8, INT64 extremes.
"""
import io
import json
import math
import random
import sys
import urllib.error
import urllib.request

import fastavro

VALUE = lambda name: {"name": name, "type": "RECORD", "mode": "NULLABLE", "fields": [
    {"name": "string_value", "type": "STRING", "mode": "NULLABLE"},
    {"name": "int_value", "type": "INTEGER", "mode": "NULLABLE"},
    {"name": "float_value", "type": "FLOAT", "mode": "NULLABLE"},
    {"name": "double_value", "type": "FLOAT", "mode": "NULLABLE"},
]}
# bqemulator names Avro records after their field ("value_record"), so GA4's two `value` records (event_params
# and items.item_params) collide and its ReadRows fails ("redefined named type"). The emulator variant of the
# table calls the inner one `item_value`; BigQuery itself has no such limit.
ITEM_VALUE = "item_value" if __import__("os").environ.get("GA4_FIXTURE_UNIQUE_RECORD_NAMES") == "1" else "value"
PARAMS = lambda name, value="value": {"name": name, "type": "RECORD", "mode": "REPEATED", "fields": [
    {"name": "key", "type": "STRING", "mode": "NULLABLE"}, VALUE(value)]}
SCHEMA = [
    {"name": "event_date", "type": "STRING", "mode": "NULLABLE"},
    {"name": "event_timestamp", "type": "INTEGER", "mode": "NULLABLE"},
    {"name": "event_name", "type": "STRING", "mode": "NULLABLE"},
    PARAMS("event_params"),
    {"name": "event_bundle_sequence_id", "type": "INTEGER", "mode": "NULLABLE"},
    {"name": "event_value_in_usd", "type": "FLOAT", "mode": "NULLABLE"},
    {"name": "user_id", "type": "STRING", "mode": "NULLABLE"},
    {"name": "user_pseudo_id", "type": "STRING", "mode": "NULLABLE"},
    {"name": "is_active_user", "type": "BOOLEAN", "mode": "NULLABLE"},
    {"name": "device", "type": "RECORD", "mode": "NULLABLE", "fields": [
        {"name": "category", "type": "STRING", "mode": "NULLABLE"},
        {"name": "web_info", "type": "RECORD", "mode": "NULLABLE", "fields": [
            {"name": "browser", "type": "STRING", "mode": "NULLABLE"},
            {"name": "hostname", "type": "STRING", "mode": "NULLABLE"},
        ]},
    ]},
    {"name": "items", "type": "RECORD", "mode": "REPEATED", "fields": [
        {"name": "item_id", "type": "STRING", "mode": "NULLABLE"},
        {"name": "price", "type": "FLOAT", "mode": "NULLABLE"},
        {"name": "quantity", "type": "INTEGER", "mode": "NULLABLE"},
        PARAMS("item_params", ITEM_VALUE),
    ]},
]

WORDS = ["page_view", "session_start", "purchase", "scroll", "user_engagement", "Ünïcödé", "emoji 🙂🚀", "中文"]


def value(rng):
    slot = rng.randrange(5)
    v = {"string_value": None, "int_value": None, "float_value": None, "double_value": None}
    if slot == 0:
        v["string_value"] = rng.choice(WORDS) + str(rng.randrange(1000))
    elif slot == 1:
        v["int_value"] = rng.choice([0, 1, -1, 1704067200, 2**63 - 1, -(2**63), rng.randrange(-10**12, 10**12)])
    elif slot == 2:
        v["double_value"] = rng.choice([0.5, -1.25, 1e300, 3.0]) * rng.randrange(1, 5)
    elif slot == 3:
        v["string_value"] = "x" * rng.randrange(0, 300)
        v["int_value"] = rng.randrange(100)
    else:
        return None
    return v


def params(rng, most, value_name="value"):
    return [{"key": rng.choice(["ga_session_id", "page_location", "engagement_time_msec", "k"]), value_name: value(rng)}
            for _ in range(rng.randrange(most + 1))]


def row(rng, index):
    r = {
        "event_date": "20240101",
        "event_timestamp": 1704067200000000 + index,
        "event_name": rng.choice(WORDS),
        "event_params": params(rng, 4),
        "event_bundle_sequence_id": index,
        "event_value_in_usd": rng.choice([None, 0.0, 12.5, -3.75]),
        "user_id": rng.choice([None, "u-" + str(index), "ünï-🙂"]),
        "user_pseudo_id": "p" + str(rng.randrange(10**9)),
        "is_active_user": rng.choice([None, True, False]),
        "device": rng.choice([None, {"category": "desktop", "web_info": None},
                              {"category": None, "web_info": {"browser": "Firefox", "hostname": "example.com"}}]),
        "items": [{"item_id": "SKU" + str(rng.randrange(100)), "price": rng.choice([None, 9.99]),
                   "quantity": rng.choice([None, 1, 3]), "item_params": params(rng, 2, ITEM_VALUE)}
                  for _ in range(rng.randrange(3))],
    }
    return r


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return {"__status": error.code, "__body": error.read().decode(errors="replace")}


def create(rest, project, dataset, table, count, seed, expected_path):
    base = f"{rest}/bigquery/v2/projects/{project}"
    call("POST", f"{base}/datasets", {"datasetReference": {"projectId": project, "datasetId": dataset}})
    made = call("POST", f"{base}/datasets/{dataset}/tables", {
        "tableReference": {"projectId": project, "datasetId": dataset, "tableId": table}, "schema": {"fields": SCHEMA}})
    if "__status" in made:
        sys.exit(f"cannot create {dataset}.{table}: {made}")
    rng = random.Random(seed)
    rows = [row(rng, index) for index in range(count)]
    for start in range(0, count, 500):
        batch = [{"insertId": str(start + i), "json": r} for i, r in enumerate(rows[start:start + 500])]
        answer = call("POST", f"{base}/datasets/{dataset}/tables/{table}/insertAll", {"rows": batch})
        if "__status" in answer or answer.get("insertErrors"):
            sys.exit(f"insertAll failed: {str(answer)[:2000]}")
    with open(expected_path, "w") as out:
        json.dump(rows, out)
    print(count)


def normalize(value):
    """None and [] are one thing for a list (BigQuery has no NULL arrays); floats compare by value."""
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return value


def fill_lists(expected, schema_fields):
    """Expected rows with None for absent lists turned into [] so both sides agree."""
    out = dict(expected)
    for field in schema_fields:
        v = out.get(field["name"])
        if field.get("mode") == "REPEATED":
            v = v or []
            if field["type"] == "RECORD":
                v = [fill_lists(e, field["fields"]) for e in v]
        elif field["type"] == "RECORD" and v is not None:
            v = fill_lists(v, field["fields"])
        out[field["name"]] = v
    return out


def decoded_lists(value):
    if isinstance(value, dict):
        return {k: decoded_lists(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decoded_lists(v) for v in value]
    return value


def check_avro(schema_path, blocks_path, expected_path):
    schema = fastavro.parse_schema(json.load(open(schema_path)))
    data = open(blocks_path, "rb").read()
    stream = io.BytesIO(data)
    got = []
    while stream.tell() < len(data):
        got.append(fastavro.schemaless_reader(stream, schema))
    expected = [fill_lists(r, SCHEMA) for r in json.load(open(expected_path))]
    compare(got, expected)


def list_fields(schema_fields, value):
    """Turns None into [] for REPEATED fields of a decoded row (some writers wrap arrays in a nullable union)."""
    out = dict(value)
    for field in schema_fields:
        v = out.get(field["name"])
        if field.get("mode") == "REPEATED":
            v = v or []
            if field["type"] == "RECORD":
                v = [list_fields(field["fields"], e) for e in v]
        elif field["type"] == "RECORD" and v is not None:
            v = list_fields(field["fields"], v)
        out[field["name"]] = v
    return out


def compare(got, expected):
    got = [normalize(list_fields(SCHEMA, r)) for r in got]
    expected = [normalize(r) for r in expected]
    key = lambda r: r["event_bundle_sequence_id"]
    got.sort(key=key)
    expected.sort(key=key)
    if len(got) != len(expected):
        sys.exit(f"{len(got)} rows read, {len(expected)} expected")
    for g, e in zip(got, expected):
        if g != e:
            sys.exit(f"row {key(e)} differs:\n got      {json.dumps(g, ensure_ascii=False)[:1500]}\n expected {json.dumps(e, ensure_ascii=False)[:1500]}")
    print(f"{len(got)} rows equal")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "create":
        create(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), int(sys.argv[7]), sys.argv[8])
    elif command == "check-avro":
        check_avro(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown command {command}")
