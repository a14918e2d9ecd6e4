"""Checks that the Athena named queries in template.yaml are exactly the SQL files in sql/ (the files are the
source; the template inlines them because CloudFormation cannot read files), and that DuckDB can plan each one
against the clickstream and CRM schemas, so a syntax error is caught before deployment."""

import os
import sys

import duckdb
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUERIES = {"SessionEngagementQuery": "sql/session_engagement.sql", "CustomerLoyaltyQuery": "sql/customer_loyalty.sql"}


class Loader(yaml.SafeLoader):
    pass


# CloudFormation's short-form intrinsics (!Ref, !Sub, …) are plain values for this check.
Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def main():
    with open(os.path.join(ROOT, "template.yaml")) as handle:
        resources = yaml.load(handle, Loader=Loader)["Resources"]
    connection = duckdb.connect()
    connection.execute("""CREATE TABLE clickstream_events (event_id VARCHAR, session_id VARCHAR, user_id VARCHAR,
        event_type VARCHAR, page_url VARCHAR, referrer VARCHAR, event_time TIMESTAMP, device_type VARCHAR,
        browser VARCHAR, os VARCHAR, country VARCHAR, duration_ms BIGINT, extra_fields VARCHAR, shard_id VARCHAR,
        sequence_number VARCHAR, arrival_time TIMESTAMP, year VARCHAR, month VARCHAR, day VARCHAR, hour VARCHAR)""")
    connection.execute("CREATE TABLE crm_customers (user_id VARCHAR, loyalty_tier VARCHAR, average_rating DOUBLE)")
    problems = []
    for resource, path in QUERIES.items():
        with open(os.path.join(ROOT, path)) as handle:
            sql = handle.read()
        inline = resources[resource]["Properties"]["QueryString"]
        if inline.strip() != sql.strip():
            problems.append(f"{resource}.QueryString differs from {path}")
        try:
            connection.execute("EXPLAIN " + sql)
        except duckdb.Error as error:
            problems.append(f"{path} does not plan: {error}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(QUERIES)} named queries checked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
