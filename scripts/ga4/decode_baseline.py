"""The Python baseline for decoding a runReport page: the official `google-analytics-data` types parse the
JSON (`RunReportResponse.from_json`, what the library's REST transport does), then the rows become a typed
pyarrow table as the pipeline types them (dimensions as strings, `date` also as date32, TYPE_INTEGER as int64,
other metric types as float64). Prints the best of N runs and the peak RSS as JSON."""

import argparse
import datetime
import json
import resource
import time

import pyarrow as pa
from google.analytics.data_v1beta import types as ga

EPOCH = datetime.date(1970, 1, 1)


def decode(text):
    response = ga.RunReportResponse.from_json(text, ignore_unknown_fields=True)
    rows = response.rows
    columns = {}
    for index, header in enumerate(response.dimension_headers):
        values = [row.dimension_values[index].value for row in rows]
        if header.name == "date":
            def to_date(value):
                try:
                    return datetime.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
                except ValueError:
                    return None
            columns["date"] = pa.array([to_date(v) for v in values], type=pa.date32())
            columns["date_string"] = pa.array(values, type=pa.string())
        else:
            columns[header.name] = pa.array(values, type=pa.string())
    for index, header in enumerate(response.metric_headers):
        values = [row.metric_values[index].value for row in rows]
        if header.type_ == ga.MetricType.TYPE_INTEGER:
            columns[header.name] = pa.array([int(v) for v in values], type=pa.int64())
        else:
            columns[header.name] = pa.array([float(v) for v in values], type=pa.float64())
    return pa.table(columns)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with open(args.report, "rb") as handle:
        text = handle.read()
    best = float("inf")
    rows = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        table = decode(text)
        best = min(best, time.perf_counter() - start)
        rows = table.num_rows
        del table
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"decoder": "python google-analytics-data + pyarrow", "rows": rows, "seconds": best, "peakRSSMB": peak}))


if __name__ == "__main__":
    main()
