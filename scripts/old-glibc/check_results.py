"""Checks, in moto, what a function invoked by scripts/old-glibc/test.sh wrote through the HTTPS front.

    check_results.py <Function> <response.json>     exits non-zero with the reason when something is missing
"""

import json
import os
import sys

import boto3

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "clickstream"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo  # noqa: E402  (the clickstream demo's bucket and database names)
import scenarios  # noqa: E402


def client(service):
    return boto3.client(service, endpoint_url=os.environ["PIPELINE_MOTO_ENDPOINT"], region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def keys(bucket, prefix):
    pages = client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


def main():
    function, response_path = sys.argv[1], sys.argv[2]
    with open(response_path) as handle:
        response = json.load(handle)
    if function == "AppFlowRegistration":
        # The scenario's event must be refused, with the refusal announced on the notice topic.
        if not (isinstance(response, dict) and response.get("errorType") == "InvalidEvent"):
            sys.exit(f"AppFlowRegistration answered {response} to an event it must refuse")
        print(f"refused the hostile event ({response.get('errorMessage', '')[:60]}…) and announced it")
        return
    if isinstance(response, dict) and "errorType" in response:
        sys.exit(f"{function} answered with an error: {response}")
    if function == "Echo":
        found = response.get("message")
        detail = f"echoed {found!r}"
        if found != "hello from make demo":
            sys.exit(f"Echo answered {response}")
    elif function == "KinesisTransform":
        written = [k for k in keys(demo.BUCKET, "events/") if k.endswith(".parquet")]
        if response.get("batchItemFailures") != [] or not written:
            sys.exit(f"KinesisTransform answered {response} and wrote {len(written)} Parquet objects")
        detail = f"{len(written)} Parquet objects under s3://{demo.BUCKET}/events/"
    elif function == "AthenaPartitions":
        pages = client("glue").get_paginator("get_partitions").paginate(
            DatabaseName=demo.DATABASE, TableName="clickstream_events")
        partitions = [p["Values"] for page in pages for p in page["Partitions"]]
        if not partitions:
            sys.exit(f"AthenaPartitions answered {response} but registered no partition")
        detail = f"{len(partitions)} partitions registered in Glue"
    elif function == "GA4Ingest":
        raw, curated = keys("analytics-lake", "landing/ga4/"), keys("analytics-lake", "curated/ga4/")
        if not raw or not any(k.endswith(".parquet") for k in curated):
            sys.exit(f"GA4Ingest answered {response} and wrote {len(raw)} raw and {len(curated)} curated objects")
        detail = f"{len(raw)} raw reports and {len(curated)} curated objects in s3://analytics-lake"
    elif function == "S3Validation":
        promoted = keys(scenarios.VALIDATION_BUCKET, "validated/orders/") + keys(scenarios.VALIDATION_BUCKET, "quarantine/orders/")
        if not any(k.endswith(".validation.json") for k in promoted) or not any(k.endswith(".csv") for k in promoted):
            sys.exit(f"S3Validation answered {response} and left {promoted}")
        detail = f"moved the upload with its report: {', '.join(sorted(promoted))}"
    elif function == "MySQLUpsert":
        load = (response.get("loads") or [{}])[0]
        count = int(scenarios.mariadb(f"SELECT COUNT(*) FROM {scenarios.UNLOAD_TABLE}").strip())
        hostile = scenarios.hostile_rows()
        if load.get("inserted") != scenarios.UNLOAD_ROWS or count != scenarios.UNLOAD_ROWS or hostile != scenarios.UNLOAD_ROWS // 3:
            sys.exit(f"MySQLUpsert answered {response}; the table has {count} rows, {hostile} with the hostile name")
        detail = f"upserted {count} rows into MariaDB over TLS, {hostile} hostile names intact"
    else:
        detail = "answered without an error"
    print(detail)


if __name__ == "__main__":
    main()
