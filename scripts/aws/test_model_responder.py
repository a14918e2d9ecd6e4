"""The model-validating AppFlow and Redshift Data responder: stricter than botocore's parameter validation where
the model says so (patterns, enums, lengths), stateful where idempotency needs it, and parsing every SQL text."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from model_responder import ModelResponder  # noqa: E402


def flow(name="ga4-x", trigger="OnDemand", **extra):
    body = {"flowName": name, "triggerConfig": {"triggerType": trigger},
            "sourceFlowConfig": {"connectorType": "CustomConnector", "apiVersion": "v1beta", "connectorProfileName": "ga4",
                                 "sourceConnectorProperties": {"CustomConnector": {"entityName": "e/1"}}},
            "destinationFlowConfigList": [{"connectorType": "Redshift", "connectorProfileName": "rs",
                                           "destinationConnectorProperties": {"Redshift": {
                                               "object": "ga4.t", "intermediateBucketName": "staging"}}}],
            "tasks": [{"sourceFields": ["date"], "taskType": "Filter", "connectorOperator": {"CustomConnector": "PROJECTION"}}]}
    if trigger == "Scheduled":
        body["triggerConfig"]["triggerProperties"] = {"Scheduled": {"scheduleExpression": "rate(1days)"}}
    body.update(extra)
    return body


def call(responder, path, body):
    status, headers, payload = responder.answer("appflow", "", path, json.dumps(body).encode())
    return status, headers.get("x-amzn-ErrorType"), json.loads(payload)


def test_patterns_enums_and_lengths_of_the_model_are_enforced():
    responder = ModelResponder()
    assert call(responder, "/create-flow", flow(name="-bad name"))[1] == "ValidationException"
    assert call(responder, "/create-flow", flow(tags={"aws:owner": "x"}))[1] == "ValidationException"
    bad_task = flow(tasks=[{"sourceFields": ["a"], "taskType": "Filter", "connectorOperator": {"CustomConnector": "DROP"}}])
    status, code, body = call(responder, "/create-flow", bad_task)
    assert (status, code) == (400, "ValidationException") and "DROP" in body["message"]
    assert call(responder, "/create-flow", flow(description="x" * 2049))[1] == "ValidationException"
    assert call(responder, "/create-flow", flow())[0] == 200


def test_create_with_the_same_token_answers_as_before_and_another_token_conflicts():
    responder = ModelResponder()
    assert call(responder, "/create-flow", flow(clientToken="t1"))[2]["flowStatus"] == "Active"
    assert call(responder, "/create-flow", flow(clientToken="t1"))[0] == 200
    assert call(responder, "/create-flow", flow(clientToken="t2"))[:2] == (409, "ConflictException")
    assert responder.flow_state("ga4-x")["counts"]["CreateFlow"] == 1


def test_start_is_idempotent_per_token_and_activates_scheduled_flows():
    responder = ModelResponder()
    call(responder, "/create-flow", flow())
    first = call(responder, "/start-flow", {"flowName": "ga4-x", "clientToken": "s1"})[2]
    again = call(responder, "/start-flow", {"flowName": "ga4-x", "clientToken": "s1"})[2]
    other = call(responder, "/start-flow", {"flowName": "ga4-x", "clientToken": "s2"})[2]
    assert first["executionId"] == again["executionId"] != other["executionId"]
    assert responder.flow_state("ga4-x")["counts"]["runs"] == 2

    assert call(responder, "/create-flow", flow(name="ga4-s", trigger="Scheduled"))[2]["flowStatus"] == "Draft"
    activated = call(responder, "/start-flow", {"flowName": "ga4-s", "clientToken": "a"})[2]
    assert activated["flowStatus"] == "Active" and "executionId" not in activated
    assert responder.flow_state("ga4-s")["counts"]["activations"] == 1


def test_each_sql_text_must_parse_as_one_redshift_statement():
    responder = ModelResponder()
    request = {"WorkgroupName": "analytics", "Database": "dev",
               "Sqls": ['CREATE SCHEMA IF NOT EXISTS "ga4"', 'CREATE TABLE "ga4"."t" ("a" BIGINT); DROP TABLE x']}
    status, _, payload = responder.answer("redshift-data", "RedshiftData.BatchExecuteStatement", "/",
                                          json.dumps(request).encode())
    assert status == 200
    described = responder.statements[json.loads(payload)["Id"]]
    assert described["Status"] == "FAILED"
    assert [s["Status"] for s in described["SubStatements"]] == ["ABORTED", "FAILED"]
    assert "expected one statement, found 2" in described["Error"]


def test_tables_of_finished_batches_answer_the_svv_columns_query():
    responder = ModelResponder()

    def redshift(operation, body):
        status, _, payload = responder.answer("redshift-data", f"RedshiftData.{operation}", "/", json.dumps(body).encode())
        assert status == 200, payload
        return json.loads(payload)

    redshift("BatchExecuteStatement", {"WorkgroupName": "analytics", "Database": "dev", "Sqls": [
        'CREATE SCHEMA IF NOT EXISTS "ga4"', 'CREATE TABLE IF NOT EXISTS "ga4"."t" ("date" DATE, "n" BIGINT, "v" VARCHAR(64))']})
    # IF NOT EXISTS keeps the first definition, as Redshift does.
    redshift("BatchExecuteStatement", {"WorkgroupName": "analytics", "Database": "dev", "Sqls": [
        'CREATE TABLE IF NOT EXISTS "ga4"."t" ("date" DATE, "n" DOUBLE PRECISION)']})
    query = redshift("ExecuteStatement", {
        "WorkgroupName": "analytics", "Database": "dev",
        "Sql": "SELECT table_name, column_name, data_type FROM svv_columns WHERE table_schema = :schema",
        "Parameters": [{"name": "schema", "value": "ga4"}]})
    assert redshift("DescribeStatement", {"Id": query["Id"]})["Status"] == "FINISHED"
    result = redshift("GetStatementResult", {"Id": query["Id"]})
    assert [[field["stringValue"] for field in row] for row in result["Records"]] == [
        ["t", "date", "date"], ["t", "n", "bigint"], ["t", "v", "character varying"]]
