"""template.yaml brought up on this machine: its resources created in moto, every deployed function's packaged
bootstrap under the Runtime Interface Emulator with the environment the template gives it, and its events
delivered the way AWS delivers them (see delivery.py). moto's own notification machinery carries S3 → EventBridge
→ SQS; the runner reads those queues and invokes the functions as Lambda's asynchronous invocation would.
"""
from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

from dataclasses import dataclass, field

import boto3

from cloudformation import ACCOUNT_ID, REGION, PhysicalResource, Template, TemplateError
from delivery import AsynchronousInvoker, KinesisEventSourceMapping, LocalFunction

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class RuleTarget:
    """A function an EventBridge rule (or a SAM Schedule event) invokes, and what it hands over: the matched event,
    a part of it (`InputPath`) or a constant (`Input`), as EventBridge does."""
    function: str  # logical id
    input: str | None = None
    input_path: str | None = None

    def event_for(self, event: dict):
        if self.input is not None:
            return json.loads(self.input)
        if self.input_path is not None:
            return _json_path(event, self.input_path)
        return event


def _json_path(event: dict, path: str):
    """`$` or `$.a.b` of an EventBridge InputPath; anything richer is refused rather than guessed at."""
    if path == "$":
        return event
    if not path.startswith("$.") or any(c in path for c in "[]*?@"):
        raise ValueError(f"InputPath {path!r}: only $ and $.member.member are delivered locally")
    value = event
    for member in path[2:].split("."):
        value = value.get(member) if isinstance(value, dict) else None
    return value


@dataclass
class Schedule:
    """A schedule of the template, fired on demand: a SAM `Schedule` event (`<Function>.<Event>`) or an
    `AWS::Events::Rule` with a `ScheduleExpression` (its logical id)."""
    expression: str
    rule_arn: str
    targets: list[RuleTarget] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalStack:
    """One local deployment of the template. `services` holds what scripts/services/moto.sh printed."""

    def __init__(self, template: Template, services: dict[str, str], workdir: Path, *, duplicates: bool = False,
                 batching_window_cap: float = 1.0, log=print, function_settings: dict[str, dict[str, str]] | None = None,
                 extra_environment: dict[str, str] | None = None):
        self.template = template
        self.services = services
        self.workdir = workdir
        self.duplicates = duplicates
        self.batching_window_cap = batching_window_cap
        self.log = log
        self.function_settings = function_settings or {}
        self.extra_environment = extra_environment or {}
        self.names: dict[str, PhysicalResource] = {}
        self.functions: dict[str, LocalFunction] = {}
        self.processes: list[subprocess.Popen] = []
        self.mappings: list[KinesisEventSourceMapping] = []
        self.invokers: dict[str, AsynchronousInvoker] = {}
        self.rule_queues: list[tuple[str, RuleTarget]] = []  # (queue URL, the function and its input)
        self.schedules: dict[str, Schedule] = {}  # "<Function>.<Event>" or a rule's logical id
        self.named_queries: dict[str, tuple[str, str]] = {}  # name -> (database, SQL)
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def client(self, service: str):
        return boto3.client(service, endpoint_url=self.services["PIPELINE_MOTO_ENDPOINT"], region_name=REGION,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def resolve(self, value):
        return self.template.resolve(value, self.names)

    def physical_name(self, logical_id: str) -> str:
        return f"{self.template.stack_name}-{logical_id}".lower()[:63]

    # ---- resources -------------------------------------------------------------------------------------------

    def create(self):
        resources = {k: v for k, v in self.template.resources.items() if self.template.deployed(k)}
        order = ["AWS::KMS::Key", "AWS::S3::Bucket", "AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::Kinesis::Stream", "AWS::Events::EventBus",
                 "AWS::Glue::Database", "AWS::Glue::Table", "AWS::Athena::WorkGroup", "AWS::Athena::NamedQuery", "AWS::Serverless::Function", "AWS::Events::Rule"]
        for kind in order:
            for logical_id, resource in resources.items():
                if resource["Type"] == kind:
                    getattr(self, "_create_" + kind.split("::", 1)[1].replace("::", "_").lower())(logical_id, resource)
        skipped = sorted({r["Type"] for r in resources.values()} - set(order))
        self.log(f"not created locally (nothing runs them here): {', '.join(skipped)}")

    def _create_kms_key(self, logical_id, resource):
        description = self.resolve((resource.get("Properties") or {}).get("Description", logical_id))
        metadata = self.client("kms").create_key(Description=str(description))["KeyMetadata"]
        self.names[logical_id] = PhysicalResource(metadata["KeyId"], {"Arn": metadata["Arn"], "KeyId": metadata["KeyId"]})

    def _create_s3_bucket(self, logical_id, resource):
        name = self.physical_name(logical_id)
        s3 = self.client("s3")
        s3.create_bucket(Bucket=name)
        properties = self.resolve(resource.get("Properties") or {})
        if (properties.get("VersioningConfiguration") or {}).get("Status") == "Enabled":
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if "EventBridgeConfiguration" in (properties.get("NotificationConfiguration") or {}):
            s3.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration={"EventBridgeConfiguration": {}})
        self.names[logical_id] = PhysicalResource(name, {"Arn": f"arn:aws:s3:::{name}", "DomainName": f"{name}.s3.amazonaws.com"})

    def _create_sns_topic(self, logical_id, resource):
        arn = self.client("sns").create_topic(Name=self.physical_name(logical_id))["TopicArn"]
        self.names[logical_id] = PhysicalResource(arn, {"TopicArn": arn, "TopicName": arn.rsplit(":", 1)[1]})

    def _create_sqs_queue(self, logical_id, resource):
        name = self.physical_name(logical_id)
        url = self.client("sqs").create_queue(QueueName=name)["QueueUrl"]
        arn = f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{name}"
        self.names[logical_id] = PhysicalResource(url, {"Arn": arn, "QueueName": name, "QueueUrl": url})

    def _create_kinesis_stream(self, logical_id, resource):
        name = self.physical_name(logical_id)
        kinesis = self.client("kinesis")
        kinesis.create_stream(StreamName=name, ShardCount=1)
        kinesis.get_waiter("stream_exists").wait(StreamName=name)
        self.names[logical_id] = PhysicalResource(name, {"Arn": f"arn:aws:kinesis:{REGION}:{ACCOUNT_ID}:stream/{name}"})

    def _create_events_eventbus(self, logical_id, resource):
        name = self.resolve(resource["Properties"]["Name"])
        arn = self.client("events").create_event_bus(Name=name)["EventBusArn"]
        self.names[logical_id] = PhysicalResource(name, {"Arn": arn, "Name": name})

    def _create_glue_database(self, logical_id, resource):
        database = self.resolve(resource["Properties"]["DatabaseInput"])
        self.client("glue").create_database(DatabaseInput=database)
        self.names[logical_id] = PhysicalResource(database["Name"])

    def _create_glue_table(self, logical_id, resource):
        properties = self.resolve(resource["Properties"])
        self.client("glue").create_table(DatabaseName=properties["DatabaseName"], TableInput=properties["TableInput"])
        self.names[logical_id] = PhysicalResource(properties["TableInput"]["Name"])

    def _create_athena_workgroup(self, logical_id, resource):
        self.names[logical_id] = PhysicalResource(self.resolve(resource["Properties"]["Name"]))

    def _create_athena_namedquery(self, logical_id, resource):
        properties = self.resolve(resource["Properties"])
        self.named_queries[properties["Name"]] = (properties["Database"], properties["QueryString"])
        self.names[logical_id] = PhysicalResource(properties["Name"])

    # ---- functions -------------------------------------------------------------------------------------------

    def _create_serverless_function(self, logical_id, resource):
        name = logical_id[: -len("Function")] if logical_id.endswith("Function") else logical_id
        self.names[logical_id] = PhysicalResource(
            self.physical_name(logical_id), {"Arn": f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.physical_name(logical_id)}"})
        properties = self.resolve(resource.get("Properties") or {})
        global_properties = self.resolve(self.template.globals)
        environment = dict((global_properties.get("Environment") or {}).get("Variables") or {})
        environment.update((properties.get("Environment") or {}).get("Variables") or {})
        # /var/task is where Lambda unpacks the package; locally the package folder stands in for it.
        package = ROOT / "dist" / name
        environment = {k: str(v).replace("/var/task", str(package)) for k, v in environment.items()}
        environment.update(self.function_settings.get(name, {}))
        logging_config = properties.get("LoggingConfig") or global_properties.get("LoggingConfig") or {}
        environment.update({
            "AWS_ACCESS_KEY_ID": self.services["PIPELINE_AWS_ACCESS_KEY_ID"],
            "AWS_SECRET_ACCESS_KEY": self.services["PIPELINE_AWS_SECRET_ACCESS_KEY"],
            "AWS_SESSION_TOKEN": self.services["PIPELINE_AWS_SESSION_TOKEN"],
            "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION,
            "AWS_ENDPOINT_URL": self.services["PIPELINE_AWS_ENDPOINT"],
            "AWS_LAMBDA_FUNCTION_NAME": self.physical_name(logical_id),
            "LAMBDA_TASK_ROOT": str(package),
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(properties.get("MemorySize") or global_properties.get("MemorySize") or 128),
            "AWS_LAMBDA_LOG_FORMAT": logging_config.get("LogFormat", "Text").upper(),
            "AWS_LAMBDA_LOG_LEVEL": self.extra_environment.get("AWS_LAMBDA_LOG_LEVEL", logging_config.get("ApplicationLogLevel", "INFO")),
        })
        environment.update({k: v for k, v in self.extra_environment.items() if k != "AWS_LAMBDA_LOG_LEVEL"})
        timeout = int(properties.get("Timeout") or global_properties.get("Timeout") or 3)
        function = self._start_function(name, package / "bootstrap", environment, timeout)
        self.functions[logical_id] = function
        self._register_with_proxy(self.physical_name(logical_id), function.invoke_url)

        dead_letter = properties.get("DeadLetterQueue")
        invoker = AsynchronousInvoker(
            function, dead_letter=self._sqs_sender(dead_letter["TargetArn"]) if dead_letter else None,
            duplicates=self.duplicates, log=self.log)
        self.invokers[logical_id] = invoker
        for event_name, event in (properties.get("Events") or {}).items():
            kind, spec = event["Type"], event.get("Properties") or {}
            if kind == "Kinesis":
                self._map_kinesis(logical_id, function, spec)
            elif kind == "EventBridgeRule":
                self._rule(f"{logical_id}-{event_name}", spec.get("Pattern") or {}, spec.get("EventBusName"),
                           RuleTarget(logical_id, spec.get("Input"), spec.get("InputPath")))
            elif kind == "Schedule":
                key = f"{name}.{event_name}"
                self.schedules[key] = Schedule(spec.get("Schedule", ""), f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/"
                                               f"{self.template.stack_name}-{key}", [RuleTarget(logical_id, spec.get("Input"))])
            else:
                self.log(f"{logical_id}.{event_name}: event type {kind} is not delivered locally")

    def _start_function(self, name: str, bootstrap: Path, environment: dict[str, str], timeout: int) -> LocalFunction:
        if not bootstrap.exists():
            subprocess.run([str(ROOT / "scripts" / "package.sh"), name, str(bootstrap.parent)], check=True)
        rie = subprocess.run([str(ROOT / "scripts" / "rie-path.sh")], check=True, capture_output=True, text=True).stdout.strip()
        invoke_port, api_port = _free_port(), _free_port()
        log_path = self.workdir / f"{name}.log"
        process_environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        process_environment.update(environment)
        process_environment["AWS_LAMBDA_FUNCTION_TIMEOUT"] = str(timeout)
        # Explicit loopback addresses: given none, the emulator listens on every interface.
        process = subprocess.Popen(
            [rie, "--log-level", "error", "--runtime-interface-emulator-address", f"127.0.0.1:{invoke_port}",
             "--runtime-api-address", f"127.0.0.1:{api_port}", str(bootstrap)],
            env=process_environment, stdout=open(log_path, "ab"), stderr=subprocess.STDOUT)
        self.processes.append(process)
        for _ in range(200):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", invoke_port)) == 0:
                    break
            time.sleep(0.05)
        self.log(f"{name}: {bootstrap.relative_to(ROOT)} under the emulator on 127.0.0.1:{invoke_port} (log {log_path})")
        return LocalFunction(name=name, invoke_url=f"http://127.0.0.1:{invoke_port}/2015-03-31/functions/function/invocations")

    def _register_with_proxy(self, name: str, url: str):
        import urllib.request
        request = urllib.request.Request(self.services["PIPELINE_AWS_ENDPOINT"] + "/__proxy/lambda-functions",
                                         data=json.dumps({"name": name, "invokeURL": url}).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        urllib.request.urlopen(request, timeout=10).read()

    def _sqs_sender(self, queue_arn: str):
        queue_url = self.client("sqs").get_queue_url(QueueName=queue_arn.rsplit(":", 1)[1])["QueueUrl"]

        def send(body, attributes=None):
            text = body if isinstance(body, str) else json.dumps(body)
            self.client("sqs").send_message(
                QueueUrl=queue_url, MessageBody=text,
                MessageAttributes={k: {"DataType": "String", "StringValue": v} for k, v in (attributes or {}).items()})
        return send

    def _map_kinesis(self, logical_id, function, spec):
        stream_arn = spec["Stream"]
        destination = ((spec.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
        mapping = KinesisEventSourceMapping(
            self.client("kinesis"), stream_arn.rsplit("/", 1)[1], stream_arn, function,
            batch_size=int(spec.get("BatchSize", 100)),
            batching_window=min(float(spec.get("MaximumBatchingWindowInSeconds", 0)), self.batching_window_cap),
            report_batch_item_failures="ReportBatchItemFailures" in (spec.get("FunctionResponseTypes") or []),
            bisect=bool(spec.get("BisectBatchOnFunctionError")), maximum_retry_attempts=int(spec.get("MaximumRetryAttempts", -1)),
            on_failure=self._sqs_sender(destination) if destination else None, duplicates=self.duplicates, log=self.log)
        self.mappings.append(mapping)

    # ---- EventBridge rules -----------------------------------------------------------------------------------

    def _create_events_rule(self, logical_id, resource):
        """An `AWS::Events::Rule`: with a `ScheduleExpression` it becomes a schedule fired on demand
        (`fire_schedule(logical_id)`); with an `EventPattern` it goes into moto's EventBridge like the functions'
        rules. Only targets that are the stack's functions are delivered; each gets its `Input` or `InputPath`."""
        raw = dict(resource.get("Properties") or {})
        raw_targets = raw.pop("Targets", None) or []
        properties = self.resolve(raw)
        name = properties.get("Name") or f"{self.template.stack_name}-{logical_id}"[:64]
        bus = properties.get("EventBusName")
        arn = f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{bus + '/' if bus and bus != 'default' else ''}{name}"
        self.names[logical_id] = PhysicalResource(name, {"Arn": arn})
        functions = {self.names[f].attributes["Arn"]: f for f in self.functions}
        targets = []
        for raw_target in raw_targets:
            try:
                target = self.resolve(raw_target)
            except TemplateError as error:  # a target of a kind not created here (a log group, say)
                self.log(f"{logical_id}: target {raw_target.get('Id')} is not delivered locally ({error})")
                continue
            function = functions.get(target.get("Arn"))
            if function is None:
                self.log(f"{logical_id}: target {target.get('Id')} ({target.get('Arn')}) is not a function; not delivered locally")
            elif "InputTransformer" in target:
                self.log(f"{logical_id}: target {target.get('Id')} has an InputTransformer; not delivered locally")
            else:
                targets.append(RuleTarget(function, target.get("Input"), target.get("InputPath")))
        if not targets:
            return
        if properties.get("State", "ENABLED") != "ENABLED":
            self.log(f"{logical_id}: state {properties.get('State')}; not delivered")
        elif "ScheduleExpression" in properties:
            self.schedules[logical_id] = Schedule(properties["ScheduleExpression"], arn, targets)
        else:
            for index, target in enumerate(targets):
                self._rule(f"{logical_id}-{index}", properties.get("EventPattern") or {}, bus, target)

    def _rule(self, rule_name, pattern, bus, target: RuleTarget):
        """The rule in moto's EventBridge with an SQS queue as its target: moto matches the pattern and delivers."""
        events, sqs = self.client("events"), self.client("sqs")
        name = f"{self.template.stack_name}-{rule_name}"[:64]
        queue_url = sqs.create_queue(QueueName=f"{name}-delivery"[:80])["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        arguments = {"Name": name, "EventPattern": json.dumps(pattern), "State": "ENABLED"}
        if bus:
            arguments["EventBusName"] = bus
        events.put_rule(**arguments)
        events.put_targets(Rule=name, **({"EventBusName": bus} if bus else {}), Targets=[{"Id": "function", "Arn": queue_arn}])
        self.rule_queues.append((queue_url, target))

    # ---- running ---------------------------------------------------------------------------------------------

    def start_delivery(self):
        for mapping in self.mappings:
            mapping.start()
        for queue_url, target in self.rule_queues:
            thread = threading.Thread(target=self._poll_rule_queue, args=(queue_url, target), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _poll_rule_queue(self, queue_url, target: RuleTarget):
        sqs = self.client("sqs")
        while not self.stopping.is_set():
            messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
            for message in messages:
                event = json.loads(message["Body"])
                # moto stamps S3's EventBridge events with a number of seconds; EventBridge sends RFC 3339 text.
                if isinstance(event.get("time"), (int, float)):
                    event["time"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(event["time"]))
                # moto's SQS target leaves out `account` for events put on a bus; EventBridge always sends it.
                event.setdefault("account", ACCOUNT_ID)
                self.invokers[target.function].invoke(target.event_for(event))
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])

    def fire_schedule(self, key: str) -> bool:
        """Delivers the scheduled event of `<Function>.<Event>` or of a schedule rule now, as EventBridge does when
        the expression comes due: to every target, with the target's input in place of the event when it has one.
        True when every target's invocation succeeded (after Lambda's retries)."""
        schedule = self.schedules[key]
        event = {"version": "0", "id": os.urandom(16).hex(), "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": ACCOUNT_ID, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "region": REGION,
                 "resources": [schedule.rule_arn], "detail": {}}
        self.log(f"firing {key} ({schedule.expression})")
        return all([self.invokers[target.function].invoke(copy.deepcopy(target.event_for(event)))
                    for target in schedule.targets])

    def put_event(self, source: str, detail_type: str, detail: dict, bus: str | None = None):
        entry = {"Source": source, "DetailType": detail_type, "Detail": json.dumps(detail)}
        if bus:
            entry["EventBusName"] = bus
        self.client("events").put_events(Entries=[entry])

    def wait_until_idle(self, timeout: float = 120.0, settle: float = 3.0):
        """Until no stream has records waiting and no rule queue has messages, for `settle` seconds running."""
        deadline = time.monotonic() + timeout
        quiet_since = None
        sqs = self.client("sqs")
        while time.monotonic() < deadline:
            busy = not all(m.idle() for m in self.mappings)
            for queue_url, _ in self.rule_queues:
                attributes = sqs.get_queue_attributes(
                    QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
                busy |= any(int(v) for v in attributes["Attributes"].values())
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= settle:
                return
            time.sleep(0.25)
        raise TimeoutError("the local stack did not become idle")

    def stop(self):
        self.stopping.set()
        for mapping in self.mappings:
            mapping.stop()
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
