"""fastavro as the oracle for the Swift Avro decoder: decodes a generated day's row blocks and compares them with
the Swift decoder's rows.

    avro_oracle.py DAY_DIR SWIFT_ROWS.jsonl

SWIFT_ROWS.jsonl holds one decoded row a line in the canonical form below; every row of every block must be equal.
Canonical form: a record is an object by field name, an array a list, a map a list of [key, value], null null,
a boolean itself, an int/long {"i": "<decimal>"}, a float/double {"d": "<IEEE bits as 16 hex digits>"} (a float
widened to double), a string {"s": text}, bytes/fixed {"b": "<hex>"}, an enum {"e": symbol}.
"""
import json
import os
import struct
import sys

import fastavro


def canonical(schema, value, named):
    if isinstance(schema, list):  # union: find the branch fastavro chose
        if value is None:
            return None
        for branch in schema:
            if branch != "null" and _matches(branch, value, named):
                return canonical(branch, value, named)
        raise ValueError(f"no branch for {value!r}")
    if isinstance(schema, str):
        if schema in named:
            return canonical(named[schema], value, named)
        kind = schema
    else:
        kind = schema["type"]
        if isinstance(kind, (dict, list)):
            return canonical(kind, value, named)
    if kind == "null":
        return None
    if kind == "boolean":
        return value
    if kind in ("int", "long"):
        return {"i": str(value)}
    if kind in ("float", "double"):
        return {"d": struct.pack(">d", value).hex()}
    if kind == "string":
        return {"s": value}
    if kind in ("bytes", "fixed"):
        return {"b": value.hex()}
    if kind == "enum":
        return {"e": value}
    if kind == "record":
        return {f["name"]: canonical(f["type"], value[f["name"]], named) for f in schema["fields"]}
    if kind == "array":
        return [canonical(schema["items"], item, named) for item in value]
    if kind == "map":
        return [[k, canonical(schema["values"], v, named)] for k, v in value.items()]
    raise ValueError(f"unknown type {kind}")


def _matches(branch, value, named):
    kind = branch if isinstance(branch, str) else branch["type"]
    if kind in named:
        kind = named[kind]["type"]
    if kind == "record":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "map":
        return isinstance(value, dict)
    if kind == "string":
        return isinstance(value, str)
    if kind in ("long", "int"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("double", "float"):
        return isinstance(value, float)
    if kind == "boolean":
        return isinstance(value, bool)
    return True


def fastavro_rows(day_dir):
    with open(os.path.join(day_dir, "avro_schema.json")) as handle:
        schema = json.load(handle)
    with open(os.path.join(day_dir, "manifest.json")) as handle:
        manifest = json.load(handle)
    parsed = fastavro.parse_schema(schema)
    named = {}

    def collect(node):
        if isinstance(node, dict):
            if node.get("type") in ("record", "enum", "fixed"):
                named[node["name"]] = node
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(schema)
    rows = []
    for block in manifest["blocks"]:
        with open(os.path.join(day_dir, block["file"]), "rb") as handle:
            data = handle.read()
        import io
        stream = io.BytesIO(data)
        for _ in range(block["rows"]):
            rows.append(canonical(schema, fastavro.schemaless_reader(stream, parsed, None), named))
        if stream.read():
            raise ValueError(f"{block['file']}: bytes after the last row")
    return rows


def main():
    day_dir, swift_path = sys.argv[1], sys.argv[2]
    expected = fastavro_rows(day_dir)
    with open(swift_path) as handle:
        got = [json.loads(line) for line in handle]
    if len(got) != len(expected):
        print(f"MISMATCH rows: swift {len(got)}, fastavro {len(expected)}")
        return 1
    for index, (want, have) in enumerate(zip(expected, got)):
        if want != have:
            for key in want:
                if want[key] != have.get(key):
                    print(f"MISMATCH row {index} field {key}: swift {have.get(key)!r}, fastavro {want[key]!r}")
                    break
            return 1
    print(f"OK {len(got)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
