"""The registration a data engineer would write in Python with boto3, for the benchmark: the event checked with
jsonschema against the same schema, the settings secret, the DDL batch polled to its end, DescribeFlow then
CreateFlow or UpdateFlow, StartFlow for on-demand flows, an SNS notice. Same calls, same order, as the Swift function."""

import hashlib
import json
import os
import re
import time

import boto3
import jsonschema

SCHEMA = json.load(open(os.environ["REGISTER_DATA_FLOW_SCHEMA"]))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
METRIC_TYPES = json.load(open(os.environ["GA4_METRIC_TYPES"]))
secrets = boto3.client("secretsmanager")
redshift = boto3.client("redshift-data")
appflow = boto3.client("appflow")
sns = boto3.client("sns")


def column(name):
    out = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^a-z0-9]+", "_", out.lower()).strip("_")


def column_type(field, length):
    if field == "date":
        return "DATE"
    kind = METRIC_TYPES.get(field)
    if kind is None:
        return f"VARCHAR({length})"
    return {"TYPE_INTEGER": "BIGINT", "TYPE_CURRENCY": "DECIMAL(20,4)"}.get(kind, "DOUBLE PRECISION")


def handler(event, context):
    detail = event["detail"]
    if isinstance(detail, str):
        detail = json.loads(detail)
    errors = sorted(VALIDATOR.iter_errors(detail), key=lambda e: list(e.absolute_path))
    if errors:
        raise ValueError("; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors))
    settings = json.loads(secrets.get_secret_value(SecretId=detail["settingsSecretId"])["SecretString"])
    rs = detail["redshift"]
    schema = rs["schema"]
    sqls = [f'CREATE SCHEMA IF NOT EXISTS "{schema}"']
    for obj in detail["objects"]:
        fields = obj.get("dimensions", []) + obj["metrics"]
        columns = ", ".join(f'"{column(f)}" {column_type(f, obj.get("dimensionLength", 256))}' for f in fields)
        sqls.append(f'CREATE TABLE IF NOT EXISTS "{schema}"."{obj["table"]}" ({columns})')
    target = {"WorkgroupName": rs["workgroupName"]} if "workgroupName" in rs else \
        {"ClusterIdentifier": rs["clusterIdentifier"], "DbUser": settings["redshiftDbUser"]}
    statement = redshift.batch_execute_statement(Database=rs["database"], Sqls=sqls, **target)["Id"]
    while True:
        described = redshift.describe_statement(Id=statement)
        if described["Status"] in ("FINISHED", "FAILED", "ABORTED"):
            break
        time.sleep(0.05)
    if described["Status"] != "FINISHED":
        raise RuntimeError(f"Redshift DDL failed: {described.get('Error')}")
    flows = []
    for obj in detail["objects"]:
        name = f"{detail['flowName']}-{obj['table']}"
        fields = obj.get("dimensions", []) + obj["metrics"]
        tasks = [{"sourceFields": fields, "connectorOperator": {"CustomConnector": "PROJECTION"}, "taskType": "Filter"}]
        tasks += [{"sourceFields": [f], "connectorOperator": {"CustomConnector": "NO_OP"}, "destinationField": column(f),
                   "taskType": "Map", "taskProperties": {"SOURCE_DATA_TYPE": "String", "DESTINATION_DATA_TYPE": "String"}}
                  for f in fields]
        definition = dict(
            flowName=name, description=detail.get("description", f"GA4 to {schema}.{obj['table']}"),
            triggerConfig={"triggerType": "OnDemand"},
            sourceFlowConfig={"connectorType": "CustomConnector", "apiVersion": "v1beta",
                              "connectorProfileName": detail["ga4"]["connectorProfileName"],
                              "sourceConnectorProperties": {"CustomConnector": {"entityName": obj["entity"]}}},
            destinationFlowConfigList=[{"connectorType": "Redshift", "connectorProfileName": rs["connectorProfileName"],
                                        "destinationConnectorProperties": {"Redshift": {
                                            "object": f"{schema}.{obj['table']}",
                                            "intermediateBucketName": settings["intermediateBucket"],
                                            "errorHandlingConfig": {"failOnFirstDestinationError": False,
                                                                    "bucketName": detail["errorBucket"],
                                                                    "bucketPrefix": obj["table"]}}}}],
            tasks=tasks)
        token = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()
        try:
            existing = appflow.describe_flow(flowName=name)
        except appflow.exceptions.ResourceNotFoundException:
            existing = None
        if existing is None:
            appflow.create_flow(clientToken=token, **definition)
            action = "created"
        elif any(existing.get(k) != v for k, v in definition.items() if k != "flowName"):
            appflow.update_flow(clientToken=token, **definition)
            action = "updated"
        else:
            action = "unchanged"
        execution = None
        if action != "unchanged":
            execution = appflow.start_flow(flowName=name, clientToken=event["id"] + token[:32]).get("executionId")
        flows.append({"flowName": name, "action": action, "executionId": execution})
    result = {"status": "registered", "flowName": detail["flowName"], "statementId": statement, "flows": flows}
    topic = os.environ.get("NOTIFICATION_TOPIC_ARN")
    if topic:
        sns.publish(TopicArn=topic, Subject=f"AppFlow registration succeeded: {detail['flowName']}", Message=json.dumps(result))
    return result
