#!/usr/bin/env python3
"""Writes Fixtures/s3-key-vectors.json: S3 object keys with the form-encoded text S3 puts in notifications.

Python's urllib is the oracle: `quote_plus(key, safe="/")` encodes the way S3 does (space -> "+", "+" ->
"%2B", "/" kept, UTF-8 percent-escapes), and every pair is checked to round-trip with `unquote_plus`.
The Swift decoder must map each `encoded` back to `key`, and the Swift encoder must produce `encoded`.

Run from the repository root: python3 Tests/LambdaEventsTests/Generators/make_s3_key_vectors.py
"""
import json
import random
from pathlib import Path
from urllib.parse import quote_plus, unquote_plus

FIXED_KEYS = [
    "plain.json",
    "red flower.jpg",
    "this im + age blah.txt",
    "events/year=2024/month=01/day=15/hour=13/part-0.snappy.parquet",
    "café/menu.csv",
    "uploads/2024 Q1/café + résumé=final 100%.csv",
    "a%2Bb is not an escape.txt",
    "test/10:47:07.20151213-1450022300.log.bz2",
    "semi;colon,comma&amp@at$dollar!bang*star'quote(paren).txt",
    "~tilde_under-dash.dot",
    "emoji 🚀/数据/данные/بيانات.json",
    "combining e\u0301 vs \u00e9",
    "line\nbreak\ttab\u0000nul",
    "//double//slash/",
    "  leading and trailing spaces  ",
    "%",
    "+",
    "",
]

# Characters drawn for random keys: ASCII printable, Latin-1, CJK, emoji, and the characters S3 escapes.
ALPHABET = (
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA0, 0x180)]
    + [chr(c) for c in range(0x4E00, 0x4E40)]
    + ["🚀", "😀", "𝄞", "\u200b", "\u0301"]
    + list("+ %=/&?#") * 4
)


def main():
    rng = random.Random(3986)
    keys = list(FIXED_KEYS)
    for _ in range(300):
        keys.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40))))
    vectors = []
    for key in keys:
        encoded = quote_plus(key, safe="/")
        assert unquote_plus(encoded) == key, key
        vectors.append({"key": key, "encoded": encoded})
    # Lowercase hex escapes are valid input even though S3 writes uppercase.
    vectors.append({"key": "café", "encoded": "caf%c3%a9", "decodeOnly": True})
    out = Path(__file__).resolve().parent.parent / "Fixtures" / "s3-key-vectors.json"
    out.write_text(json.dumps({"vectors": vectors}, indent=1, ensure_ascii=False) + "\n")
    print(f"{out.name}: {len(vectors)} vectors")


if __name__ == "__main__":
    main()
