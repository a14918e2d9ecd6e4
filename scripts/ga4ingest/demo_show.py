"""Shows what the GA4Ingest demo wrote: the partitions, and one day of traffic by source queried with DuckDB."""

import argparse
import os
import tempfile

import boto3
import duckdb


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--moto-endpoint", required=True)
    parser.add_argument("--bucket", default="analytics-lake")
    args = parser.parse_args()
    s3 = boto3.client("s3", endpoint_url=args.moto_endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    keys = [item["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=args.bucket)
            for item in page.get("Contents", [])]
    print("Parquet partitions:")
    for key in sorted(k for k in keys if k.endswith(".parquet")):
        print(f"  s3://{args.bucket}/{key}")
    print(f"raw landing documents: {sum(1 for k in keys if k.startswith('landing/'))}")
    traffic = sorted(k for k in keys if "report=traffic_by_source" in k and k.endswith(".parquet"))[-1]
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "part.parquet")
        s3.download_file(args.bucket, traffic, path)
        print(f"\n{traffic}, read with DuckDB:")
        print(duckdb.sql(f"SELECT date, session_source, session_medium, sessions, active_users, "
                         f"round(pages_per_session, 2) AS pages_per_session FROM read_parquet('{path}') "
                         f"ORDER BY sessions DESC LIMIT 8"))


if __name__ == "__main__":
    main()
