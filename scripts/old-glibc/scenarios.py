"""Scenarios of `make test-old-glibc` for S3Validation and AppFlowRegistration, against moto started by
scripts/services/moto.sh. Each writes D/event.json and D/env (NAME=value lines) for one invocation.

    scenarios.py s3validation --dir D     a small orders export under incoming/, and its S3 notification
    scenarios.py appflow --dir D          a notice topic, and a RegisterDataFlow event that must be refused
"""
import argparse
import json
import os
import shlex

import boto3

VALIDATION_BUCKET = "validation-old-glibc"
NOTICE_TOPIC = "appflow-old-glibc"
HEADER = "order_id,customer_id,order_date,order_ts,status,country,currency,quantity,unit_price,total,email\n"


def client(service):
    return boto3.client(service, endpoint_url=os.environ["PIPELINE_MOTO_ENDPOINT"], region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def write(directory, event, env):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "event.json"), "w") as out:
        json.dump(event, out)
    with open(os.path.join(directory, "env"), "w") as out:
        out.write("".join(f"{k}={shlex.quote(v)}\n" for k, v in env.items()))


def s3validation(directory):
    s3 = client("s3")
    s3.create_bucket(Bucket=VALIDATION_BUCKET)
    rows = [f"ORD-{n:08d},C{n:07d},2026-10-01,2026-10-01T10:00:00Z,paid,DE,EUR,2,10.00,20.00,c{n}@example.com\n"
            for n in range(40)]
    key = "incoming/orders/orders-old-glibc.csv"
    put = s3.put_object(Bucket=VALIDATION_BUCKET, Key=key, Body=(HEADER + "".join(rows)).encode())
    event = {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventTime": "2026-10-01T10:00:00.000Z",
        "eventName": "ObjectCreated:Put",
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "uploads",
               "bucket": {"name": VALIDATION_BUCKET, "arn": f"arn:aws:s3:::{VALIDATION_BUCKET}"},
               "object": {"key": key, "size": len(HEADER) + sum(map(len, rows)), "eTag": put["ETag"].strip('"'),
                          "sequencer": "0"}}}]}
    write(directory, event, {"PROCESSED_DATA_BUCKET": VALIDATION_BUCKET, "CONTRACTS": "incoming/orders/=bundled:orders.yaml",
                             "LAMBDA_TASK_ROOT": "/var/task", "EVENT_BUS_NAME": "none"})


def appflow(directory):
    topic = client("sns").create_topic(Name=NOTICE_TOPIC)["TopicArn"]
    # Refused before any Redshift or AppFlow call; the refusal is still announced on the topic.
    event = {"version": "0", "id": "old-glibc", "detail-type": "RegisterDataFlow", "source": "com.example.app",
             "account": "123456789012", "time": "2026-10-01T10:00:00Z", "region": "us-east-1", "resources": [],
             "detail": {"flow": {"name": "bad name; drop table"}}}
    write(directory, event, {"NOTIFICATION_TOPIC_ARN": topic})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["s3validation", "appflow"])
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    {"s3validation": s3validation, "appflow": appflow}[args.scenario](args.dir)


if __name__ == "__main__":
    main()
