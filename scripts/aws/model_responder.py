"""Answers the calls moto does not implement (AppFlow, Redshift Data BatchExecuteStatement) from botocore's own
service model: every request body is validated against the operation's input shape (botocore's parameter
validation, so unknown, missing or mistyped members are rejected as AWS would with a ValidationException), and
every answer is built to the output shape and validated against it before it is sent."""

import json
import threading
import time
import uuid

import botocore.session
from botocore.validate import ParamValidator

_session = botocore.session.get_session()
_models = {name: _session.get_service_model(name) for name in ("appflow", "redshift-data")}
_validator = ParamValidator()


class ModelError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _validate(shape, params, what):
    report = _validator.validate(params, shape)
    if report.has_errors():
        raise ModelError(400, "ValidationException", f"{what}: {report.generate_report()}")


class ModelResponder:
    def __init__(self):
        self.lock = threading.Lock()
        self.flows = {}
        self.statements = {}
        # SQL substrings that make a batch fail, set per test through the proxy's admin API.
        self.failing_sql = set()

    def handles(self, service, target, path):
        if service == "appflow":
            return True
        if service == "redshift-data" and target == "RedshiftData.BatchExecuteStatement":
            return True
        return False

    def handles_describe(self, body):
        try:
            return json.loads(body or b"{}").get("Id") in self.statements
        except ValueError:
            return False

    def answer(self, service, target, path, body):
        """Returns (status, headers, body bytes)."""
        try:
            if service == "appflow":
                op = {"/create-flow": "CreateFlow", "/update-flow": "UpdateFlow", "/describe-flow": "DescribeFlow",
                      "/start-flow": "StartFlow"}.get(path)
                if op is None:
                    raise ModelError(404, "UnknownOperationException", f"no AppFlow operation at {path}")
            else:
                op = target.split(".", 1)[1]
            model = _models[service].operation_model(op)
            try:
                params = json.loads(body or b"{}")
            except ValueError as error:
                raise ModelError(400, "SerializationException", f"body is not JSON: {error}")
            _validate(model.input_shape, params, f"{op} input")
            output = getattr(self, "_" + op)(params)
            _validate(model.output_shape, output, f"{op} output (test server bug)")
            payload = json.dumps(output).encode()
            ctype = "application/json" if service == "appflow" else "application/x-amz-json-1.1"
            return 200, {"Content-Type": ctype, "x-amzn-RequestId": str(uuid.uuid4())}, payload
        except ModelError as error:
            headers = {"Content-Type": "application/json", "x-amzn-RequestId": str(uuid.uuid4()),
                       "x-amzn-ErrorType": error.code}
            return error.status, headers, json.dumps({"__type": error.code, "message": error.message}).encode()

    # AppFlow

    def _CreateFlow(self, p):
        with self.lock:
            if p["flowName"] in self.flows:
                raise ModelError(409, "ConflictException", f"flow {p['flowName']} already exists")
            arn = f"arn:aws:appflow:us-east-1:123456789012:flow/{p['flowName']}"
            now = time.time()
            self.flows[p["flowName"]] = dict(p, flowArn=arn, flowStatus="Active", createdAt=now, lastUpdatedAt=now)
            return {"flowArn": arn, "flowStatus": "Active"}

    def _UpdateFlow(self, p):
        with self.lock:
            flow = self._flow(p["flowName"])
            flow.update(p)
            flow["lastUpdatedAt"] = time.time()
            return {"flowStatus": flow["flowStatus"]}

    def _DescribeFlow(self, p):
        with self.lock:
            flow = dict(self._flow(p["flowName"]))
            flow.pop("clientToken", None)
            return flow

    def _StartFlow(self, p):
        with self.lock:
            flow = self._flow(p["flowName"])
            execution = str(uuid.uuid4())
            flow["lastRunExecutionDetails"] = {"mostRecentExecutionStatus": "InProgress",
                                               "mostRecentExecutionTime": time.time()}
            return {"flowArn": flow["flowArn"], "flowStatus": flow["flowStatus"], "executionId": execution}

    def _flow(self, name):
        if name not in self.flows:
            raise ModelError(404, "ResourceNotFoundException", f"flow {name} does not exist")
        return self.flows[name]

    # Redshift Data

    def _BatchExecuteStatement(self, p):
        statement_id = str(uuid.uuid4())
        now = time.time()
        failing = next((i for i, sql in enumerate(p["Sqls"]) if any(s in sql for s in self.failing_sql)), None)
        subs = []
        for index, sql in enumerate(p["Sqls"]):
            status = "FINISHED" if failing is None else ("FAILED" if index == failing else "ABORTED")
            sub = {"Id": f"{statement_id}:{index + 1}", "Status": status, "QueryString": sql,
                   "CreatedAt": now, "UpdatedAt": now, "HasResultSet": False}
            if index == failing:
                sub["Error"] = f"ERROR: relation does not exist (statement {index + 1})"
            subs.append(sub)
        description = {"Id": statement_id, "Status": "FINISHED" if failing is None else "FAILED",
                       "Database": p.get("Database", "dev"), "CreatedAt": now, "UpdatedAt": now,
                       "QueryString": "; ".join(p["Sqls"]), "HasResultSet": False, "SubStatements": subs}
        if failing is not None:
            description["Error"] = subs[failing]["Error"]
        for key in ("ClusterIdentifier", "WorkgroupName", "DbUser", "SecretArn"):
            if key in p:
                description[key] = p[key]
        with self.lock:
            self.statements[statement_id] = description
        out = {"Id": statement_id, "CreatedAt": now, "Database": description["Database"]}
        for key in ("ClusterIdentifier", "WorkgroupName", "DbUser", "SecretArn"):
            if key in p:
                out[key] = p[key]
        return out

    def _DescribeStatement(self, p):
        with self.lock:
            return self.statements[p["Id"]]

    def describe(self, body):
        model = _models["redshift-data"].operation_model("DescribeStatement")
        params = json.loads(body)
        _validate(model.input_shape, params, "DescribeStatement input")
        output = self._DescribeStatement(params)
        _validate(model.output_shape, output, "DescribeStatement output (test server bug)")
        return 200, {"Content-Type": "application/x-amz-json-1.1"}, json.dumps(output).encode()
