#!/usr/bin/env python3
"""Writes the identifier hashing benchmark's input: ROWS lines of "email<TAB>phone" as they reach the export
(mixed case, stray whitespace, Gmail and other domains; US phone numbers written nationally and internationally,
with spaces, dashes, dots and parentheses, a few of other regions and a few broken).

    bench_data.py OUT ROWS
"""
import random
import sys

FIRST = ["jane", "John", "ALEX", "maria", "Wei", "olga", "Sam", "priya", "Lucas", "emma"]
DOMAINS = ["gmail.com", "Example.com", "yahoo.com", "outlook.com", "company.co.uk", "mail.de"]


def email(rng):
    local = rng.choice(FIRST) + rng.choice(["", ".", "_", "+news."]) + rng.choice(FIRST) + str(rng.randint(0, 9999))
    return rng.choice(["", " ", "  "]) + local + "@" + rng.choice(DOMAINS) + rng.choice(["", " ", "  "])


def phone(rng):
    area, exchange, line = rng.randint(201, 989), rng.randint(200, 999), rng.randint(0, 9999)
    style = rng.randint(0, 7)
    if style == 0:
        return "+1%d%d%04d" % (area, exchange, line)
    if style == 1:
        return "+1 %d-%d-%04d" % (area, exchange, line)
    if style == 2:
        return "(%d) %d-%04d" % (area, exchange, line)
    if style == 3:
        return "%d.%d.%04d" % (area, exchange, line)
    if style == 4:
        return "1 (%d) %d %04d" % (area, exchange, line)
    if style == 5:
        return "+44 20 7946 %04d" % line
    if style == 6:
        return "%d%d%04d" % (area, exchange, line)
    return rng.choice(["call me", "555-01", "+999 123 456"])


def main():
    out, rows = sys.argv[1], int(sys.argv[2])
    rng = random.Random(7)
    with open(out, "w") as f:
        for _ in range(rows):
            f.write("%s\t%s\n" % (email(rng), phone(rng)))


if __name__ == "__main__":
    main()
