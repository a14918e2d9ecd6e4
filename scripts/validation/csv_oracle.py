"""Reads a delimited file with Python's csv module configured to a pinned dialect and prints JSON:
{"rows": [{"line": <start line>, "fields": [...]}], "error": null | "<message>"}.
Blank lines (csv yields []) are skipped, as the Swift reader's default does.

usage: csv_oracle.py FILE DELIMITER QUOTE|none DOUBLEQUOTE(0/1) ESCAPE|none STRICT(0/1)
"""
import csv
import json
import sys


def main() -> None:
    path, delimiter, quote, doublequote, escape, strict = sys.argv[1:7]
    options = {"delimiter": delimiter, "doublequote": doublequote == "1", "strict": strict == "1"}
    if quote == "none":
        options["quoting"] = csv.QUOTE_NONE
    else:
        options["quotechar"] = quote
    if escape != "none":
        options["escapechar"] = escape
    rows, error, previous = [], None, 0
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, **options)
        try:
            for fields in reader:
                start, previous = previous + 1, reader.line_num
                if fields:
                    rows.append({"line": start, "fields": fields})
        except csv.Error as exc:
            error = str(exc)
    json.dump({"rows": rows, "error": error}, sys.stdout)


if __name__ == "__main__":
    main()
