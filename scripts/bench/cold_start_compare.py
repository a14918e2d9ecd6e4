#!/usr/bin/env python3
"""Cold start of every packaged function, two builds side by side in the same run: exec to the first GET /next
(runtime_bench.cold_start), runs alternating between the builds so load on the machine hits both alike, plus
the sizes of each bootstrap and zip. Used for the glibc 2.26 pins (BENCHMARKS.md): build the previous commit's
packages into a directory, then

    cold_start_compare.py --before <dir>/dist --after dist [--runs 20] [Function ...]
"""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runtime_bench import ROOT, cold_start  # noqa: E402

AWS = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1",
       "AWS_ENDPOINT_URL": "http://127.0.0.1:9"}
# Configuration each function validates at start-up (nothing is called before the first /next).
SETTINGS = {
    "KinesisTransform": {"S3_BUCKET": "bench", "SNS_TOPIC_ARN": "arn:aws:sns:us-east-1:000000000000:bench"},
    "AthenaPartitions": {"S3_BUCKET": "bench", "GLUE_DATABASE": "analytics", "PARTITION_REGISTRAR": "glue"},
    "GA4Ingest": {"GA4_CREDENTIALS_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:000000000000:secret:ga4",
                  "LAKE_BUCKET": "bench", "GA4_PROPERTIES": "123456789", "GA4_TIME_ZONE": "America/Los_Angeles"},
}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", default=os.path.join(ROOT, "dist"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("functions", nargs="*", default=["Echo", "KinesisTransform", "AthenaPartitions", "GA4Ingest"])
    args = parser.parse_args()
    print("| function | cold start before, median ms | after | after/before | bootstrap bytes before | after "
          "| zip bytes before | after |")
    print("|---|---|---|---|---|---|---|---|")
    for function in args.functions:
        builds = {name: os.path.join(os.path.abspath(base), function) for name, base in
                  (("before", args.before), ("after", args.after))}
        os.environ.update(AWS, **SETTINGS.get(function, {}))
        if function == "GA4Ingest":
            os.environ["TZDIR"] = os.path.join(builds["after"], "zoneinfo")
        samples = {"before": [], "after": []}
        for _ in range(args.runs):
            for name in ("before", "after"):
                samples[name] += cold_start(os.path.join(builds[name], "bootstrap"), 1)
        medians = {name: statistics.median(values) for name, values in samples.items()}
        sizes = {name: (os.path.getsize(os.path.join(path, "bootstrap")), os.path.getsize(os.path.join(path, "bootstrap.zip")))
                 for name, path in builds.items()}
        print("| %s | %.2f | %.2f | %.2f | %d | %d | %d | %d |" % (
            function, medians["before"], medians["after"], medians["after"] / medians["before"],
            sizes["before"][0], sizes["after"][0], sizes["before"][1], sizes["after"][1]))
    print("\n(load average %.1f on %d cores)" % (os.getloadavg()[0], os.cpu_count()))


if __name__ == "__main__":
    main()
