"""Creates the GA4 Glue database and report tables in a local Glue (moto) exactly as template.yaml defines them.

Reads every AWS::Glue::Table of the template whose DatabaseName refers to the GA4 database resource, resolves
the bucket and database references to the given names, and creates them. Prints the table names as JSON.

    create_glue_tables.py --endpoint http://127.0.0.1:PORT --database NAME --bucket LAKE_BUCKET [--template template.yaml]
"""

import argparse
import json
import re
import sys

import boto3
from cfnlint.decode import decode

GA4_DATABASE_RESOURCE = "GA4Database"


def resolve(value, names):
    """Plain values from the template's references: !Ref and !Sub of the given parameters and resources."""
    if isinstance(value, dict):
        if set(value) == {"Ref"}:
            return names[value["Ref"]]
        if set(value) == {"Fn::Sub"}:
            return re.sub(r"\$\{([^}]+)\}", lambda match: names[match.group(1)], value["Fn::Sub"])
        return {key: resolve(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, names) for item in value]
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--template", default="template.yaml")
    args = parser.parse_args()
    if not re.match(r"^http://(127\.0\.0\.1|localhost):\d+$", args.endpoint):
        parser.error("the endpoint must be on loopback")
    template, problems = decode(args.template)
    if problems:
        print(f"{args.template}: {problems[0]}", file=sys.stderr)
        return 1
    names = {GA4_DATABASE_RESOURCE: args.database, "GA4LakeBucket": args.bucket, "GA4GlueDatabaseName": args.database,
             "AWS::AccountId": "123456789012"}
    glue = boto3.client("glue", endpoint_url=args.endpoint, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")
    database = template["Resources"][GA4_DATABASE_RESOURCE]["Properties"]["DatabaseInput"]
    glue.create_database(DatabaseInput=resolve(dict(database), names))
    created = []
    for resource in template["Resources"].values():
        properties = resource.get("Properties", {})
        if resource.get("Type") != "AWS::Glue::Table" or properties.get("DatabaseName") != {"Ref": GA4_DATABASE_RESOURCE}:
            continue
        table = resolve(json.loads(json.dumps(properties["TableInput"])), names)
        glue.create_table(DatabaseName=args.database, TableInput=table)
        created.append(table["Name"])
    json.dump(sorted(created), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
