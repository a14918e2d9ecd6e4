"""Checks the GA4 export's Athena named queries: template.yaml inlines exactly the files in sql/, each parses as
Athena (Trino) SQL, and, given a file the Swift writer made of a generated day, each runs in DuckDB (the local
Athena) over that file with results equal to the ones computed here from the generated rows.

    check_ga4_export_queries.py [--parquet out.parquet --rows rows.jsonl]
"""
import argparse
import collections
import json
import math
import os
import sys

import duckdb
import sqlglot
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ga4_export_expected import promoted  # noqa: E402
from template_section import QUERIES, ROOT  # noqa: E402

PROPERTY_ID = "123456789"
CONVERSION_EVENTS = ("purchase", "generate_lead", "sign_up")


class Loader(yaml.SafeLoader):
    pass


Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def expected_results(rows):
    """What each query must return, computed from the source rows; keyed by query name, rows in the query's order
    of columns (compared as multisets: ties may come in any order)."""
    enriched = [(row, promoted(row)) for row in rows]
    dt = None
    sessions = collections.defaultdict(int)
    users = set()
    for row, extra in enriched:
        dt = dt or f"{row['event_date'][:4]}-{row['event_date'][4:6]}-{row['event_date'][6:]}"
        if extra["ga_session_id"] is None or row.get("user_pseudo_id") is None:
            continue
        key = (row["user_pseudo_id"], extra["ga_session_id"])
        sessions[key] = max(sessions[key], extra["session_engaged"] or 0)
        users.add(row["user_pseudo_id"])
    engaged = sum(sessions.values())
    daily = [(PROPERTY_ID, dt, len(sessions), engaged, round(engaged / len(sessions), 4), len(users))]

    views = collections.defaultdict(lambda: (set(), set()))
    for row, extra in enriched:
        if row.get("event_name") == "page_view":
            keys, viewers = views[extra["page_location"]]
            keys.add(extra["event_key"])
            if row.get("user_pseudo_id") is not None:
                viewers.add(row["user_pseudo_id"])
    page_views = [(PROPERTY_ID, dt, page, len(keys), len(viewers)) for page, (keys, viewers) in views.items()]

    conversions = {}
    for row, extra in enriched:
        if row.get("event_name") not in CONVERSION_EVENTS:
            continue
        campaign = (row.get("session_traffic_source_last_click") or {}).get("manual_campaign") or {}
        group = (campaign.get("source") or "(not set)", campaign.get("medium") or "(not set)", row["event_name"])
        revenue = (row.get("ecommerce") or {}).get("purchase_revenue_in_usd")
        conversions.setdefault(group, {})[extra["event_key"]] = (row.get("user_pseudo_id"), revenue)
    by_source = []
    for (source, medium, name), events in conversions.items():
        revenues = [r for _, r in events.values() if r is not None]
        by_source.append((PROPERTY_ID, dt, source, medium, name, len(events),
                          len({u for u, _ in events.values() if u is not None}), round(sum(revenues), 2)))
    return {"ga4-export-daily-sessions": daily, "ga4-export-daily-page-views": page_views,
            "ga4-export-conversions-by-source-medium": by_source}


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(float(a), float(b), abs_tol=0.006)
    return a == b


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parquet")
    parser.add_argument("--rows")
    args = parser.parse_args()
    with open(os.path.join(ROOT, "template.yaml")) as handle:
        resources = yaml.load(handle, Loader=Loader)["Resources"]
    problems = []
    queries = {}
    for resource, name, path, _ in QUERIES:
        with open(os.path.join(ROOT, path)) as handle:
            sql = handle.read()
        properties = resources.get(resource, {}).get("Properties", {})
        if properties.get("QueryString", "").strip() != sql.strip() or properties.get("Name") != name:
            problems.append(f"{resource} differs from {path} (regenerate with scripts/bigquery/template_section.py)")
        try:
            sqlglot.parse_one(sql, read="trino")
        except sqlglot.errors.ParseError as error:
            problems.append(f"{path} does not parse as Athena (Trino) SQL: {error}")
        queries[name] = sql
    if args.parquet:
        with open(args.rows) as handle:
            rows = [json.loads(line) for line in handle]
        expected = expected_results(rows)
        connection = duckdb.connect()
        connection.execute("SET TimeZone='UTC'")
        dt = f"{rows[0]['event_date'][:4]}-{rows[0]['event_date'][4:6]}-{rows[0]['event_date'][6:]}"
        connection.execute(f"CREATE VIEW export_events AS SELECT *, '{PROPERTY_ID}' AS property_id, '{dt}' AS dt "
                           f"FROM read_parquet('{args.parquet}')")
        for name, sql in queries.items():
            try:
                got = connection.execute(sql).fetchall()
            except duckdb.Error as error:
                problems.append(f"{name} does not run in DuckDB: {error}")
                continue
            want = expected[name]
            unmatched = list(want)
            for row in got:
                match = next((w for w in unmatched if len(w) == len(row) and all(same(a, b) for a, b in zip(w, row))), None)
                if match is None:
                    problems.append(f"{name}: DuckDB row {row} not expected")
                    break
                unmatched.remove(match)
            if unmatched:
                problems.append(f"{name}: expected rows missing, e.g. {unmatched[0]}")
            else:
                print(f"OK   {name}: {len(got)} rows equal the expected values")
    for problem in problems:
        print(f"FAIL {problem}")
        print(f"FAIL {problem}", file=sys.stderr)
    print(f"{len(queries)} named queries checked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
