"""The clickstream scenario of `make test-old-glibc` (scripts/old-glibc/test.sh), against moto started by scripts/services/moto.sh.

    demo.py setup --dir D     bucket, topic, stream and Glue table in moto; synthetic events put on the stream and
                              read back into the Kinesis event Lambda would send (D/kinesis-event.json); env files
                              for both functions (D/*.env)
    demo.py s3-event --dir D  the S3 notification for every object KinesisTransform wrote (D/s3-event.json)
    demo.py query --dir D     the partitions in Glue, then sql/session_engagement.sql run by DuckDB over the Parquet
                              in the local S3, printed as a table
"""

import argparse
import base64
import json
import os
import shlex
import sys
import tempfile

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import synthetic_events  # noqa: E402

BUCKET, STREAM, DATABASE = "clickstream-demo-data", "clickstream", "analytics"


def client(service):
    return boto3.client(service, endpoint_url=os.environ["PIPELINE_MOTO_ENDPOINT"], region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def function_env(settings):
    values = {"AWS_ACCESS_KEY_ID": os.environ["PIPELINE_AWS_ACCESS_KEY_ID"],
              "AWS_SECRET_ACCESS_KEY": os.environ["PIPELINE_AWS_SECRET_ACCESS_KEY"],
              "AWS_SESSION_TOKEN": os.environ["PIPELINE_AWS_SESSION_TOKEN"], "AWS_REGION": "us-east-1",
              "AWS_ENDPOINT_URL": os.environ["PIPELINE_AWS_ENDPOINT"], "AWS_LAMBDA_LOG_LEVEL": "ERROR", **settings}
    return "".join(f"{name}={shlex.quote(value)}\n" for name, value in values.items())


def setup(directory, count, bad_share):
    os.makedirs(directory, exist_ok=True)
    client("s3").create_bucket(Bucket=BUCKET)
    topic = client("sns").create_topic(Name="clickstream-alerts")["TopicArn"]
    glue = client("glue")
    glue.create_database(DatabaseInput={"Name": DATABASE})
    columns = [("event_id", "string"), ("session_id", "string"), ("user_id", "string"), ("event_type", "string"),
               ("page_url", "string"), ("referrer", "string"), ("event_time", "timestamp"), ("device_type", "string"),
               ("browser", "string"), ("os", "string"), ("country", "string"), ("duration_ms", "bigint"),
               ("extra_fields", "string"), ("shard_id", "string"), ("sequence_number", "string"),
               ("arrival_time", "timestamp")]
    glue.create_table(DatabaseName=DATABASE, TableInput={
        "Name": "clickstream_events", "TableType": "EXTERNAL_TABLE",
        "PartitionKeys": [{"Name": n, "Type": "string"} for n in ("year", "month", "day", "hour")],
        "StorageDescriptor": {
            "Columns": [{"Name": n, "Type": t} for n, t in columns], "Location": f"s3://{BUCKET}/events/",
            "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}}})

    kinesis = client("kinesis")
    kinesis.create_stream(StreamName=STREAM, ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName=STREAM)
    payloads = [base64.b64decode(data) if not bad else data.encode()
                for data, bad in synthetic_events.payloads(count, bad_share=bad_share)]
    for start in range(0, len(payloads), 500):
        chunk = payloads[start:start + 500]
        kinesis.put_records(StreamName=STREAM, Records=[{"Data": p, "PartitionKey": f"pk-{i % 16}"} for i, p in enumerate(chunk)])
    shard = kinesis.describe_stream(StreamName=STREAM)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName=STREAM, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    while iterator and len(records) < len(payloads):
        page = kinesis.get_records(ShardIterator=iterator, Limit=10_000)
        records += page["Records"]
        iterator = page.get("NextShardIterator")
        if not page["Records"]:
            break
    arn = f"arn:aws:kinesis:us-east-1:123456789012:stream/{STREAM}"
    event = {"Records": [{
        "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": r["PartitionKey"], "sequenceNumber": r["SequenceNumber"],
                    "data": base64.b64encode(r["Data"]).decode(),
                    "approximateArrivalTimestamp": r["ApproximateArrivalTimestamp"].timestamp()},
        "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": f"{shard}:{r['SequenceNumber']}",
        "eventName": "aws:kinesis:record", "awsRegion": "us-east-1", "eventSourceARN": arn} for r in records]}
    with open(os.path.join(directory, "kinesis-event.json"), "w") as out:
        json.dump(event, out)
    # The sample events are from January 2024; accept them whatever today's date.
    with open(os.path.join(directory, "kinesis-transform.env"), "w") as out:
        out.write(function_env({"S3_BUCKET": BUCKET, "SNS_TOPIC_ARN": topic, "MAX_EVENT_AGE_HOURS": "87600"}))
    with open(os.path.join(directory, "athena-partitions.env"), "w") as out:
        out.write(function_env({"S3_BUCKET": BUCKET, "GLUE_DATABASE": DATABASE, "PARTITION_REGISTRAR": "glue"}))
    print(f"{len(records)} records on {STREAM}/{shard} ({sum(1 for _, bad in synthetic_events.payloads(count, bad_share=bad_share) if bad)} bad)")


def s3_event(directory):
    keys = [o["Key"] for o in client("s3").list_objects_v2(Bucket=BUCKET, Prefix="events/").get("Contents", [])]
    from urllib.parse import quote_plus
    event = {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventTime": "2024-01-15T17:00:00.000Z",
        "eventName": "ObjectCreated:Put",
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "partitions", "bucket": {"name": BUCKET, "arn": f"arn:aws:s3:::{BUCKET}"},
               "object": {"key": quote_plus(key, safe="/"), "size": 1, "eTag": "0", "sequencer": "0"}}} for key in keys]}
    with open(os.path.join(directory, "s3-event.json"), "w") as out:
        json.dump(event, out)
    print("\n".join(keys))


def query(directory):
    import duckdb
    glue = client("glue")
    partitions = glue.get_partitions(DatabaseName=DATABASE, TableName="clickstream_events")["Partitions"]
    print("partitions in Glue:")
    for partition in sorted(partitions, key=lambda p: p["Values"]):
        print("  ", "/".join(f"{n}={v}" for n, v in zip(("year", "month", "day", "hour"), partition["Values"])),
              "→", partition["StorageDescriptor"]["Location"])
    s3 = client("s3")
    with tempfile.TemporaryDirectory() as scratch:
        for item in s3.list_objects_v2(Bucket=BUCKET, Prefix="events/").get("Contents", []):
            path = os.path.join(scratch, item["Key"])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            s3.download_file(BUCKET, item["Key"], path)
        connection = duckdb.connect()
        connection.execute("SET TimeZone = 'UTC'")
        pattern = os.path.join(scratch, "events", "**", "*.parquet").replace("'", "''")
        connection.execute("CREATE VIEW clickstream_events AS SELECT * FROM "
                           f"read_parquet('{pattern}', hive_partitioning = true, hive_types_autocast = false)")
        with open(os.path.join(ROOT, "sql", "session_engagement.sql")) as handle:
            sql = handle.read()
        print("\nsql/session_engagement.sql (top 15 sessions):")
        print(connection.sql(sql).limit(15))
        total = connection.execute("SELECT count(*), count(DISTINCT event_id) FROM clickstream_events").fetchone()
        print(f"rows in the table: {total[0]} ({total[1]} distinct event ids)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["setup", "s3-event", "query"])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--bad-share", type=float, default=0.05)
    args = parser.parse_args()
    {"setup": lambda: setup(args.dir, args.count, args.bad_share), "s3-event": lambda: s3_event(args.dir),
     "query": lambda: query(args.dir)}[args.command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
