"""Judges RegisterDataFlow details with the JSON Schema in schemas/register-data-flow.schema.json (Draft 2020-12,
Python jsonschema), for the test that checks the function's own validation agrees with it.

Reads a JSON array of details on stdin; writes a JSON array of {"valid": bool, "path": "detail.objects[0].table"}
(the path of jsonschema's best-matching error, in the function's notation)."""

import json
import sys
from pathlib import Path

import jsonschema

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas/register-data-flow.schema.json").read_text())


def notation(path):
    out = "detail"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def main():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    verdicts = []
    for detail in json.load(sys.stdin):
        error = jsonschema.exceptions.best_match(validator.iter_errors(detail))
        verdicts.append({"valid": error is None, "path": None if error is None else notation(error.absolute_path)})
    json.dump(verdicts, sys.stdout)


if __name__ == "__main__":
    main()
