"""Answers the calls moto does not implement (AppFlow, Redshift Data BatchExecuteStatement) from botocore's own
service model: every request body is validated against the operation's input shape (botocore's parameter
validation, so unknown, missing or mistyped members are rejected as AWS would with a ValidationException, plus
the model's enums, maximum lengths and patterns, which botocore leaves to the service), and every answer is built
to the output shape and validated against it before it is sent.

AppFlow is stateful the way idempotency needs: a CreateFlow or StartFlow repeated with its client token answers
as the first did; scheduled flows are created in Draft and activated by StartFlow; on-demand StartFlow begins a
run. Every SQL text of a batch is parsed with sqlglot's Redshift dialect and must be exactly one statement; one
that is not fails the batch with the parser's reason, as Redshift would."""

import json
import re
import threading
import time
import uuid

import botocore.session
import sqlglot
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
    problems = []
    _check_constraints(shape, params, "", problems)
    if problems:
        raise ModelError(400, "ValidationException", f"{what}: " + "; ".join(problems))


def _check_constraints(shape, value, path, problems):
    """The model's enum, max and pattern traits (Java regular expressions, whole-value match, ASCII classes)."""
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                _check_constraints(member, value[name], f"{path}.{name}" if path else name, problems)
    elif shape.type_name == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            _check_constraints(shape.member, item, f"{path}[{index}]", problems)
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            _check_constraints(shape.key, key, f"{path} key {key!r}", problems)
            _check_constraints(shape.value, item, f"{path}[{key!r}]", problems)
    elif shape.type_name == "string" and isinstance(value, str):
        enum = shape.enum
        if enum and value not in enum:
            problems.append(f"{path}: {value!r} is not one of {enum}")
        limit = shape.metadata.get("max")
        if limit is not None and len(value) > limit:
            problems.append(f"{path}: longer than {limit}")
        pattern = shape.metadata.get("pattern")
        if pattern and re.fullmatch(pattern, value, re.ASCII) is None:
            problems.append(f"{path}: {value!r} does not match {pattern}")


def _redshift_type(kind):
    """The data_type svv_columns reports for a column type."""
    types = sqlglot.exp.DataType.Type
    names = {types.VARCHAR: "character varying", types.CHAR: "character", types.DECIMAL: "numeric",
             types.BIGINT: "bigint", types.INT: "integer", types.SMALLINT: "smallint", types.DOUBLE: "double precision",
             types.FLOAT: "real", types.DATE: "date", types.BOOLEAN: "boolean", types.TIMESTAMP: "timestamp without time zone"}
    return names.get(kind.this, kind.sql(dialect="redshift").lower().split("(")[0])


def _parse_problem(sql):
    """None when sqlglot's Redshift dialect reads `sql` as exactly one statement, else Redshift-style error text."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="redshift") if s is not None]
    except sqlglot.errors.ParseError as error:
        return f"ERROR: syntax error: {str(error).splitlines()[0]}"
    if len(statements) != 1:
        return f"ERROR: expected one statement, found {len(statements)}"
    return None


class ModelResponder:
    def __init__(self):
        self.lock = threading.Lock()
        self.flows = {}
        self.counts = {}
        self.statements = {}
        # Tables the DDL batches created, (database, schema, table) -> [(column, data_type)], so a query of
        # svv_columns answers as Redshift would.
        self.tables = {}
        self.results = {}
        # SQL substrings that make a batch fail, set per test through the proxy's admin API.
        self.failing_sql = set()

    def handles(self, service, target, path, body=b""):
        if service == "appflow":
            return True
        if service == "redshift-data" and target == "RedshiftData.BatchExecuteStatement":
            return True
        if service == "redshift-data" and target == "RedshiftData.ExecuteStatement":
            return b"svv_columns" in body
        if service == "redshift-data" and target in ("RedshiftData.DescribeStatement", "RedshiftData.GetStatementResult"):
            return self.handles_describe(body)
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
            name = p["flowName"]
            if name in self.flows:
                flow = self.flows[name]
                if p.get("clientToken") and flow.get("createToken") == p["clientToken"]:
                    return {"flowArn": flow["flowArn"], "flowStatus": flow["createdStatus"]}
                raise ModelError(409, "ConflictException", f"flow {name} already exists")
            arn = f"arn:aws:appflow:us-east-1:123456789012:flow/{name}"
            now = time.time()
            # AppFlow creates an on-demand flow Active and a scheduled or event flow in Draft until StartFlow.
            status = "Active" if p["triggerConfig"]["triggerType"] == "OnDemand" else "Draft"
            stored = {k: v for k, v in p.items() if k != "clientToken"}
            self.flows[name] = dict(stored, flowArn=arn, flowStatus=status, createdAt=now, lastUpdatedAt=now,
                                    createToken=p.get("clientToken"), createdStatus=status)
            self.counts[name] = {"CreateFlow": 1, "UpdateFlow": 0, "StartFlow": 0, "runs": 0, "activations": 0}
            return {"flowArn": arn, "flowStatus": status}

    def _UpdateFlow(self, p):
        with self.lock:
            flow = self._flow(p["flowName"])
            flow.update({k: v for k, v in p.items() if k != "clientToken"})
            flow["lastUpdatedAt"] = time.time()
            self.counts[p["flowName"]]["UpdateFlow"] += 1
            return {"flowStatus": flow["flowStatus"]}

    def _DescribeFlow(self, p):
        with self.lock:
            flow = dict(self._flow(p["flowName"]))
            for private in ("createToken", "createdStatus", "startTokens"):
                flow.pop(private, None)
            return flow

    def _StartFlow(self, p):
        with self.lock:
            name = p["flowName"]
            flow = self._flow(name)
            counts = self.counts[name]
            counts["StartFlow"] += 1
            tokens = flow.setdefault("startTokens", {})
            token = p.get("clientToken")
            if token and token in tokens:
                return tokens[token]
            if flow["triggerConfig"]["triggerType"] == "OnDemand":
                answer = {"flowArn": flow["flowArn"], "flowStatus": flow["flowStatus"], "executionId": str(uuid.uuid4())}
                counts["runs"] += 1
                flow["lastRunExecutionDetails"] = {"mostRecentExecutionStatus": "InProgress",
                                                   "mostRecentExecutionTime": time.time()}
            else:
                if flow["flowStatus"] != "Active":
                    counts["activations"] += 1
                flow["flowStatus"] = "Active"
                answer = {"flowArn": flow["flowArn"], "flowStatus": "Active"}
            if token:
                tokens[token] = answer
            return answer

    def flow_state(self, name):
        """For tests: what happened to a flow (calls that changed something, runs, activations) and its status."""
        with self.lock:
            flow = self.flows.get(name)
            return {"exists": flow is not None, "flowStatus": flow and flow["flowStatus"],
                    "counts": self.counts.get(name, {}),
                    "definition": flow and {k: v for k, v in flow.items() if k not in ("startTokens",)}}

    def _flow(self, name):
        if name not in self.flows:
            raise ModelError(404, "ResourceNotFoundException", f"flow {name} does not exist")
        return self.flows[name]

    # Redshift Data

    def _BatchExecuteStatement(self, p):
        statement_id = str(uuid.uuid4())
        now = time.time()
        failing = next((i for i, sql in enumerate(p["Sqls"]) if any(s in sql for s in self.failing_sql)), None)
        reasons = {}
        for index, sql in enumerate(p["Sqls"]):
            reason = _parse_problem(sql)
            if reason:
                reasons[index] = reason
                failing = index if failing is None else min(failing, index)
        subs = []
        for index, sql in enumerate(p["Sqls"]):
            status = "FINISHED" if failing is None else ("FAILED" if index == failing else "ABORTED")
            sub = {"Id": f"{statement_id}:{index + 1}", "Status": status, "QueryString": sql,
                   "CreatedAt": now, "UpdatedAt": now, "HasResultSet": False}
            if index == failing:
                sub["Error"] = reasons.get(index, f"ERROR: relation does not exist (statement {index + 1})")
            subs.append(sub)
        description = {"Id": statement_id, "Status": "FINISHED" if failing is None else "FAILED",
                       "Database": p.get("Database", "dev"), "CreatedAt": now, "UpdatedAt": now,
                       "QueryString": "; ".join(p["Sqls"]), "HasResultSet": False, "SubStatements": subs}
        if failing is not None:
            description["Error"] = subs[failing]["Error"]
        else:
            with self.lock:
                for sql in p["Sqls"]:
                    self._record_table(p.get("Database", "dev"), sql)
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

    def _record_table(self, database, sql):
        statement = sqlglot.parse_one(sql, read="redshift")
        if not isinstance(statement, sqlglot.exp.Create) or statement.args.get("kind") != "TABLE":
            return
        table = statement.this.this
        key = (database, table.db, table.name)
        if key in self.tables and statement.args.get("exists"):
            return
        self.tables[key] = [(column.name, _redshift_type(column.args["kind"])) for column in statement.this.expressions]

    def _ExecuteStatement(self, p):
        """Only `SELECT table_name, column_name, data_type FROM svv_columns WHERE table_schema = :schema …`."""
        parameters = {item["name"]: item["value"] for item in p.get("Parameters", [])}
        if "schema" not in parameters or _parse_problem(p["Sql"]):
            raise ModelError(400, "ValidationException", "this test server answers only the svv_columns query with :schema")
        statement_id = str(uuid.uuid4())
        now = time.time()
        database = p.get("Database", "dev")
        with self.lock:
            rows = [(table, column, data_type)
                    for (db, schema, table), columns in sorted(self.tables.items())
                    if db == database and schema == parameters["schema"]
                    for column, data_type in columns]
            self.results[statement_id] = rows
            self.statements[statement_id] = {
                "Id": statement_id, "Status": "FINISHED", "Database": database, "CreatedAt": now, "UpdatedAt": now,
                "QueryString": p["Sql"], "HasResultSet": True, "ResultRows": len(rows)}
        out = {"Id": statement_id, "CreatedAt": now, "Database": database}
        for key in ("ClusterIdentifier", "WorkgroupName", "DbUser", "SecretArn"):
            if key in p:
                out[key] = p[key]
        return out

    def _GetStatementResult(self, p):
        with self.lock:
            rows = self.results.get(p["Id"])
        if rows is None:
            raise ModelError(400, "ResourceNotFoundException", f"statement {p['Id']} has no result set")
        names = ["table_name", "column_name", "data_type"]
        return {"Records": [[{"stringValue": value} for value in row] for row in rows],
                "ColumnMetadata": [{"name": name, "label": name, "typeName": "varchar"} for name in names],
                "TotalNumRows": len(rows)}
