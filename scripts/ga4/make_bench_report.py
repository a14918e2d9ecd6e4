"""Writes a runReport response of N rows (default 250,000, the API's page maximum) for the decode benchmark:
the pages_by_source shape (date, pagePath, sessionSource, sessionMedium; four integer metrics, a SECONDS and a
FLOAT metric), pretty-printed as the API sends it. Deterministic for a given N."""

import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dataset  # noqa: E402

METRICS = ["sessions", "activeUsers", "screenPageViews", "eventCount", "userEngagementDuration", "engagementRate"]
HEADERS = ["date", "pagePath", "sessionSource", "sessionMedium"]


def rows(count):
    rng = random.Random(250_000)
    combos_per_day = 50_000
    for index in range(count):
        day = 1 + index // combos_per_day
        within = index % combos_per_day
        source, medium = dataset.SOURCES[within % len(dataset.SOURCES)]
        path = dataset.page_path(within // len(dataset.SOURCES))
        sessions = rng.randint(1, 40)
        engaged = rng.randint(0, sessions)
        views = rng.randint(sessions, sessions * 4)
        values = [sessions, rng.randint(1, sessions), views, views + rng.randint(sessions, 3 * sessions),
                  round(rng.uniform(1, 600) * sessions, 3), engaged / sessions]
        yield [f"202505{day:02d}", path, source, medium], values


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=250_000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    page = list(rows(args.rows))
    metadata = {"currencyCode": "USD", "timeZone": "America/Los_Angeles"}
    body = dataset.response_json(HEADERS, METRICS, page, len(page), {}, metadata, None)
    temporary = args.out + ".tmp"
    with open(temporary, "w") as handle:
        json.dump(body, handle, indent=2, ensure_ascii=False)
    os.replace(temporary, args.out)
    print(f"wrote {args.out}: {len(page)} rows, {os.path.getsize(args.out) / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
