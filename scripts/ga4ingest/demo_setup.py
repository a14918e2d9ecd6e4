"""Sets up the GA4 scenario of `make test-old-glibc`: a lake bucket and the credential secret in moto, and
the sample property on the GA4 test server. Prints the function's configuration as NAME=value lines."""

import argparse
import json
import ssl
import urllib.request

import boto3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--moto-endpoint", required=True)
    parser.add_argument("--ga4-base-url", required=True)
    parser.add_argument("--ga4-ca", required=True)
    parser.add_argument("--service-account-file", required=True)
    parser.add_argument("--property", default="123456789")
    parser.add_argument("--bucket", default="analytics-lake")
    args = parser.parse_args()

    session = dict(endpoint_url=args.moto_endpoint, region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
    boto3.client("s3", **session).create_bucket(Bucket=args.bucket)
    with open(args.service_account_file) as handle:
        key = handle.read()
    secret = boto3.client("secretsmanager", **session).create_secret(Name="ga4-service-account", SecretString=key)

    spec = {"factsPerDay": 400, "pathPool": 60, "thresholded": True, "otherRowAfter": 120, "timeZone": "America/Los_Angeles"}
    request = urllib.request.Request(f"{args.ga4_base_url}/control/properties/{args.property}", method="POST",
                                     data=json.dumps(spec).encode(), headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, context=ssl.create_default_context(cafile=args.ga4_ca), timeout=10).read()

    for name, value in [
        ("GA4_CREDENTIALS_SECRET_ARN", secret["ARN"]), ("LAKE_BUCKET", args.bucket), ("GA4_PROPERTIES", args.property),
        ("GA4_TIME_ZONE", "America/Los_Angeles"), ("GA4_API_BASE_URL", args.ga4_base_url), ("SSL_CERT_FILE", args.ga4_ca),
        ("AWS_ENDPOINT_URL", args.moto_endpoint), ("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_REGION", "us-east-1"),
    ]:
        print(f"{name}={value}")


if __name__ == "__main__":
    main()
