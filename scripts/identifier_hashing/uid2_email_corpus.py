#!/usr/bin/env python3
"""Generates email addresses as they reach an export, with what UID2's own SDK (`uid2-client`,
`uid2_client.input_util.normalize_email_string`) makes of each, for the differential test of the Swift `uid2`
email rule (Tests/IdentifierHashingTests).

    uid2_email_corpus.py COUNT [--seed N]

Prints one JSON object per line: {"input", "normalized" (the SDK's result, null when it refuses)}.
"""
import json

from uid2_client.input_util import normalize_email_string

from corpus_args import count_and_rng

LOCAL = ["jane", "Jane.Saoirse", "JOHN", "a.b.c", "x+y", "first.last+news", "o'neil", "under_score", "dash-ed", "9to5"]
DOMAINS = ["gmail.com", "GMAIL.COM", "Gmail.com", "example.com", "gmail.co.uk", "googlemail.com", "mail.gmail.com", "x.io"]
NOISE = [" ", "  ", "\t", "", "", "", "", "", "é", "@", "+", ".", "+tag", " x"]


def address(rng):
    local = rng.choice(LOCAL)
    if rng.random() < 0.3:
        local += rng.choice(["+", "."]) + rng.choice(LOCAL)
    text = local + "@" + rng.choice(DOMAINS)
    if rng.random() < 0.35:
        where = rng.randint(0, len(text))
        text = text[:where] + rng.choice(NOISE) + text[where:]
    return rng.choice(["", "", " ", "  "]) + text + rng.choice(["", "", " ", "\t"])


def main():
    count, rng = count_and_rng()
    for _ in range(count):
        text = address(rng)
        print(json.dumps({"input": text, "normalized": normalize_email_string(text)}))


if __name__ == "__main__":
    main()
