"""Checks that the SQL the CombinedTablesSchedule sends (template.yaml inlines it, since CloudFormation cannot read
files) is exactly sql/ga4_daily_combined_unload.sql, one statement per line, and that sqlglot's Redshift dialect
reads each as one statement (UNLOAD's inner query too)."""

import json
import os
import re
import sys

import sqlglot
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SQL = "sql/ga4_daily_combined_unload.sql"


class Loader(yaml.SafeLoader):
    pass


# Keep !Sub's arguments, the only intrinsic this check reads; the others are plain values.
Loader.add_constructor("!Sub", lambda loader, node: loader.construct_sequence(node, deep=True)
                       if isinstance(node, yaml.SequenceNode) else loader.construct_scalar(node))
Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def main():
    with open(os.path.join(ROOT, "template.yaml")) as handle:
        resources = yaml.load(handle, Loader=Loader)["Resources"]
    text = resources["CombinedTablesSchedule"]["Properties"]["Target"]["Input"][0]
    document = json.loads(text.replace("${Target}", '"WorkgroupName": "x"').replace("${RedshiftDatabaseName}", "dev"))
    with open(os.path.join(ROOT, SQL)) as handle:
        statements = [line.strip().rstrip(";") for line in handle if line.strip() and not line.startswith("--")]
    problems = []
    if document["Sqls"] != statements:
        problems.append(f"CombinedTablesSchedule's Sqls differ from {SQL}")
    for statement in statements:
        filled = statement.replace("${ApplicationBucketName}", "application-bucket").replace(
            "${RedshiftUnloadRoleArn}", "arn:aws:iam::123456789012:role/unload")
        inner = re.match(r"UNLOAD \('(.*)'\) TO ", filled)
        try:
            for sql in [inner.group(1)] if inner else [filled]:
                if len(sqlglot.parse(sql, read="redshift")) != 1:
                    problems.append(f"not one statement: {sql[:80]}")
        except sqlglot.errors.ParseError as error:
            problems.append(f"{SQL}: {error}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(statements)} scheduled statements checked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
