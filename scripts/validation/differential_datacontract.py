"""Differential check: for generated order files (CSV, and the same rows as typed Parquet) and contracts/orders.yaml, every check's pass/fail from
S3Validation's engine (ValidationBench) must equal datacontract-cli's, or the difference must be one of the
documented semantic decisions (DOCUMENTED_DIFFERENCES). Exits non-zero on any other difference.

usage: differential_datacontract.py --swift <ValidationBench> [--workdir DIR]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_validation  # noqa: E402  (the same generator as the benchmark)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONTRACT = os.path.join(ROOT, "contracts", "orders.yaml")

# Our check id -> datacontract-cli (type, field).
CHECK_MAP = {
    "orders.order_id.required": ("field_required", "order_id"),
    "orders.order_id.unique": ("field_unique", "order_id"),
    "orders.order_id.pattern": ("field_regex", "order_id"),
    "orders.customer_id.required": ("field_required", "customer_id"),
    "orders.country.pattern": ("field_regex", "country"),
    "orders.quantity.minimum": ("field_minimum", "quantity"),
    "orders.quantity.maximum": ("field_maximum", "quantity"),
    "orders.unit_price.minimum": ("field_minimum", "unit_price"),
    "status_known": ("field_invalid_values", "status"),
    "currency_shape": ("field_invalid_values", "currency"),
    "email_complete": ("field_null_values", "email"),
    "rows_present": ("row_count", None),
    "total_consistent": ("model_quality_sql", None),
}

# Differences that follow from decisions written in DataContracts' documentation.
DOCUMENTED_DIFFERENCES = {
    # datacontract-cli compares an SQL rule's count with the threshold in rows even with `unit: percent`;
    # S3Validation honours `unit: percent` for every rule (failing rows / all rows).
    "total_consistent": "unit: percent on SQL rules",
}


def defective(path: str) -> None:
    """A file breaking most rules: bad ids, a duplicate, missing customers, ranges, shares above thresholds."""
    rng = random.Random(7)
    with open(path, "w") as out:
        out.write(bench_validation.HEADER)
        for row in range(3000):
            quantity, price = rng.randint(1, 5), rng.randint(100, 999) / 100
            order_id = f"ORD-{row:08d}" if row % 500 else f"BAD-{row}"
            if row == 10:
                order_id = "ORD-00000009"
            customer = "" if row % 700 == 3 else f"C{row}"
            status = "lost" if row % 50 == 0 else "paid"
            currency = "eur" if row % 20 == 0 else "EUR"
            email = "" if row % 10 == 0 else f"c{row}@example.com"
            if row == 77:
                quantity = 0
            if row == 78:
                price = -1.0
            total = round(quantity * price, 2)
            out.write(f"{order_id},{customer},2026-10-01,2026-10-01T10:00:00Z,{status},DE,{currency},{quantity},{price:.2f},{total:.2f},{email}\n")


def as_parquet(csv_path: str) -> str:
    return bench_validation.to_parquet(csv_path, csv_path[: -len(".csv")] + ".parquet", row_group_size=1000)


def cli_results(data: str, workdir: str) -> dict:
    with open(CONTRACT) as handle:
        text = handle.read()
    kind = "parquet" if data.endswith(".parquet") else "csv"
    text = text.replace("servers:\n", f"servers:\n  - server: local-test\n    type: local\n    path: {data}\n    format: {kind}\n", 1)
    contract = os.path.join(workdir, "contract.yaml")
    with open(contract, "w") as handle:
        handle.write(text)
    output = os.path.join(workdir, "run.json")
    cli = os.path.join(os.path.dirname(sys.executable), "datacontract")
    subprocess.run([cli, "test", "--server", "local-test", "--output", output, "--output-format", "json", contract],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    with open(output) as handle:
        run = json.load(handle)
    return {(check["type"], check.get("field")): check["result"] for check in run["checks"]}


def swift_results(binary: str, data: str) -> dict:
    output = subprocess.run([binary, CONTRACT, data], capture_output=True, text=True, check=True).stdout
    return {key: value["result"] for key, value in json.loads(output)["checks"].items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift", required=True)
    parser.add_argument("--workdir")
    options = parser.parse_args()
    workdir = options.workdir or tempfile.mkdtemp(prefix="differential-")
    clean = os.path.join(workdir, "orders-clean.csv")
    bench_validation.generate(clean, 1)
    broken = os.path.join(workdir, "orders-defective.csv")
    defective(broken)
    problems = 0
    for data in (clean, broken, as_parquet(clean), as_parquet(broken)):
        theirs, ours = cli_results(data, workdir), swift_results(options.swift, data)
        for check, key in CHECK_MAP.items():
            mine = "failed" if ours.get(check) in ("failed", "error") else ("passed" if ours.get(check) in ("passed", "warning") else ours.get(check))
            other = theirs.get(key)
            verdict = "same" if mine == other else ("documented: " + DOCUMENTED_DIFFERENCES[check] if check in DOCUMENTED_DIFFERENCES else "DIFFERENT")
            if verdict == "DIFFERENT":
                problems += 1
            print(f"{os.path.basename(data):<22} {check:<30} S3Validation={mine:<8} datacontract-cli={other!s:<8} {verdict}")
    if problems:
        sys.exit(f"{problems} undocumented differences")


if __name__ == "__main__":
    main()
