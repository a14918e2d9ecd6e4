"""One end-to-end run of the pipeline through the template's wiring (runner.py demo), every event delivered
twice, asserting on what each stage wrote and on the named queries' results through the local Athena."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("local-run")
    path = workdir / "report.json"
    completed = subprocess.run(
        [sys.executable, str(HERE.parent / "runner.py"), "demo", "--duplicates", "--events", "600", "--bad-share", "0.05",
         "--report", str(path), "--workdir", str(workdir)],
        capture_output=True, text=True, timeout=900)
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    return json.loads(path.read_text())


def test_every_good_event_is_one_row_and_every_bad_one_is_kept(report):
    click = report["clickstream"]
    assert click["records_in"] == 600
    assert click["bad_records_in"] > 0
    assert click["rows_out"] == click["records_in"] - click["bad_records_in"]
    assert click["distinct_event_ids"] == click["rows_out"], "a duplicate delivery added rows"
    assert click["rejected_to_failed"] == click["bad_records_in"]
    assert click["failed_objects"] and all(k.startswith("failed/dt=") for k in click["failed_objects"])


def test_partitions_are_registered_through_the_s3_eventbridge_rule(report):
    partitions = report["clickstream"]["partitions_registered"]
    # Every hour KinesisTransform wrote, and nothing else; the synthetic events are from 2024-01-15.
    assert partitions == report["clickstream"]["parquet_hours"]
    assert partitions and all(p.startswith("2024/01/15/") for p in partitions)
    assert report["functions"]["AthenaPartitions"]["errors"] == 0
    assert report["functions"]["AthenaPartitions"]["invocations"] >= report["clickstream"]["parquet_objects"]


def test_every_table_reads_its_rows_through_the_local_athena(report):
    tables = report["tables"]
    assert tables["analytics.clickstream_events"] == report["clickstream"]["rows_out"]
    assert tables["analytics.crm_customers"] > 0


def test_the_named_queries_run_and_agree_with_the_table(report):
    engagement = report["named_queries"]["clickstream-session-engagement"]
    events = engagement["columns"].index("events")
    assert sum(row[events] for row in engagement["rows"]) == report["clickstream"]["rows_out"]
    loyalty = report["named_queries"]["clickstream-customer-loyalty"]
    assert loyalty["rows"], "the CRM join found no customer"
    rate = loyalty["columns"].index("loyalty_rate")
    assert all(0 <= row[rate] <= 1 for row in loyalty["rows"])


def test_the_fired_ga4_schedule_lands_every_report_partition(report):
    ga4 = report["ga4"]
    assert ga4["run_succeeded"]
    # Three reports over the three-day lookback window, for the one property of the GA4 test server.
    assert len(ga4["parquet_partitions"]) == 9
    assert all("/property_id=123456789/dt=" in p for p in ga4["parquet_partitions"])
    assert ga4["raw_pages"] >= 9
    assert report["functions"]["GA4Ingest"]["errors"] == 0


def test_every_upload_is_promoted_or_quarantined_once_with_its_report(report):
    outcomes = report["validation"]
    assert set(outcomes) == {"orders-2026-10.csv.gz", "orders-broken.csv"}
    for name, outcome in outcomes.items():
        assert outcome["validated"] != outcome["quarantined"], name
        assert outcome["report"], name
        assert not outcome["left_in_incoming"], name
    assert outcomes["orders-broken.csv"]["quarantined"]
    assert report["functions"]["S3Validation"]["errors"] == 0


def test_ga4_report_tables_read_their_rows_once_partitions_are_registered(report):
    for table in ("daily_totals", "traffic_by_source", "pages"):
        assert report["tables"][f"ga4_analytics.{table}"] > 0, table


def test_a_registration_delivered_twice_creates_and_starts_each_flow_once(report):
    registration = report["registration"]
    assert registration["deliveries"] == 2
    assert set(registration["flows"]) == {"ga4-web-sessions_daily", "ga4-web-pages_daily"}
    for name, flow in registration["flows"].items():
        assert flow["counts"].get("CreateFlow") == 1, name
        assert flow["counts"].get("UpdateFlow") == 0, name
        assert flow["counts"].get("StartFlow") == 1, name
        assert flow["destination"] == f"ga4_web.{name.removeprefix('ga4-web-')}", name
        assert flow["tasks"] > 0, name
    assert report["functions"]["AppFlowRegistration"]["errors"] == 0


def test_pipeline_ops_redrives_a_dead_letter_once_the_cause_is_fixed(report):
    redrive = report["operations"]["redrive"]
    assert redrive["dead_letters_before"] == 1
    assert not redrive["registered_before"]
    assert redrive["runs"] == [0, 0]
    assert redrive["registered_after"]
    assert redrive["dead_letters_after"] == 0


def test_pipeline_ops_resubmits_rejected_records_exactly_once(report):
    resubmit = report["operations"]["resubmit_failed"]
    assert resubmit["runs"] == [0, 0]
    # Still bad under the same rules: the same objects with the same lines, and no new event objects.
    assert resubmit["failed_lines_after"] == resubmit["failed_lines_before"]
    assert sum(resubmit["failed_lines_after"].values()) == report["clickstream"]["bad_records_in"]
    assert resubmit["events_objects_unchanged"]


def test_pipeline_ops_requeues_a_quarantined_file_for_one_more_check(report):
    requeue = report["operations"]["requeue_quarantined"]
    assert requeue["runs"] == [0]
    assert requeue["quarantined_after"] == ["quarantine/orders/orders-broken.csv",
                                            "quarantine/orders/orders-broken.csv.validation.json"]
    assert requeue["left_in_incoming"] == []


def test_pipeline_ops_backfills_ga4_and_a_second_run_replaces_the_same_partitions(report):
    backfill = report["operations"]["backfill_ga4"]
    assert backfill["runs"] == [0, 0]
    # Three reports for each of the seven days, one Parquet object each, the same after the second run.
    assert len(backfill["partitions_after_first"]) == 21
    assert set(backfill["partitions_after_first"].values()) == {1}
    assert backfill["partitions_after_second"] == backfill["partitions_after_first"]


def test_an_unload_delivered_twice_is_upserted_once_with_its_reject_kept(report):
    mysql = report["mysql"]
    good = mysql["rows_in_unload"] - mysql["bad_rows_in_unload"]
    assert mysql["table_rows"] == good
    assert mysql["table_sessions"] == mysql["expected_sessions"]
    # NULL revenue arrives as an empty field (UNLOAD without NULL AS) and stays NULL; multi-byte text intact.
    assert mysql["rows_with_revenue"] == good // 2
    assert mysql["accented_country"] == "Côte d'Ivoire"
    assert mysql["rejected_rows"] == mysql["bad_rows_in_unload"]
    assert any("sessions" in reason and "not-a-number" in reason for reason in mysql["reject_reasons"])
    assert report["functions"]["MySQLUpsert"]["errors"] == 0


def _outcomes(delivery: dict) -> dict:
    assert delivery["ok"], delivery
    return {d["date"]: d for d in delivery["days"]}


def test_the_export_rule_delivered_twice_lands_the_bigquery_day_once(report):
    run = report["ga4_export"]["first_run"]
    day = run["day"]
    first, second = (_outcomes(d) for d in run["deliveries"])
    # The rule's input looks at D-1..D-3 in the property's zone; only D-1 is exported.
    assert len(first) == 3
    assert first[day]["outcome"] == "written"
    assert first[day]["rows"] == run["events_in"] == 3000
    assert first[day]["run"] == run["table_last_modified"]
    assert first[day]["partition"] == "created"
    assert all(d["outcome"] == "notExportedYet" for date, d in first.items() if date != day)
    # The second delivery finds the table unchanged: nothing read, nothing written.
    assert second[day]["outcome"] == "unchanged"
    # Through the local Athena: the day's events exactly once.
    assert run["rows_out"] == run["events_in"]
    assert run["distinct_event_keys"] == run["events_in"], "a delivery added rows twice"
    assert run["missing_events"] == 0 and run["unexpected_events"] == 0
    assert run["hashed"]["rows"] == run["hashed_expected_rows"] and run["hashed"]["hmac_mismatches"] == 0
    assert report["functions"]["GA4Ingest"]["errors"] == 0


def test_a_late_re_export_moves_the_partition_and_athena_reads_only_the_new_run(report):
    export = report["ga4_export"]
    day, first_run = export["day"], export["first_run"]
    late, again = (_outcomes(d) for d in export["deliveries"])
    assert late[day]["outcome"] == "written"
    assert late[day]["partition"] == "moved"
    assert late[day]["run"] == export["table_last_modified"] != first_run["table_last_modified"]
    assert again[day]["outcome"] == "unchanged"
    # The catalog points at the new run, and the first run is removed after the move (GA4ExportKeepRuns = 1).
    assert export["runs_in_s3"] == [export["table_last_modified"]]
    assert export["events_in"] == late[day]["rows"] == 3300
    assert export["rows_out"] == export["distinct_event_keys"] == export["events_in"]
    assert export["missing_events"] == 0 and export["unexpected_events"] == 0
    assert report["tables"]["ga4_analytics.export_events"] == export["events_in"]


def test_the_hashed_identifiers_table_holds_one_row_per_event_with_a_collaborators_hmac(report):
    export = report["ga4_export"]
    hashed = export["hashed"]
    assert hashed["rows"] == hashed["distinct_event_keys"] == export["hashed_expected_rows"] > 0
    assert hashed["hmac_mismatches"] == 0
    # A hashed file beside each events file of both runs, and not one raw identifier in their bytes.
    day = export["day"]
    written = [_outcomes(run["deliveries"][0])[day]["files"] for run in (export["first_run"], export)]
    assert hashed["files_read"] == sum(written) > 0
    assert hashed["files_with_raw_identifiers"] == []
    assert all(count > 0 for count in hashed["identifiers"].values()), hashed["identifiers"]
    assert report["tables"]["ga4_analytics.export_hashed_identifiers"] == hashed["rows"]


def test_the_export_named_queries_agree_with_the_generated_day(report):
    export = report["ga4_export"]
    expected = export["expected"]
    queries = report["named_queries"]

    def rows(name):
        result = queries[name]
        found = [dict(zip(result["columns"], row)) for row in result["rows"]]
        assert found, name
        assert all(r["property_id"] == "123456789" and r["dt"] == export["day"] for r in found), name
        return found

    sessions = rows("ga4-export-daily-sessions")
    assert len(sessions) == 1
    assert sessions[0]["sessions"] == expected["sessions"]
    assert 0 < sessions[0]["engaged_sessions"] <= sessions[0]["sessions"]
    assert sum(r["page_views"] for r in rows("ga4-export-daily-page-views")) == expected["page_views"]
    assert sum(r["conversions"] for r in rows("ga4-export-conversions-by-source-medium")) == expected["conversions"]
