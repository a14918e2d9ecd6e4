"""How AWS hands events to functions, played against functions under the Runtime Interface Emulator:

- `KinesisEventSourceMapping`: polls a stream's shards in moto, batches by size and batching window, keeps per-shard
  order, honours `ReportBatchItemFailures` (re-delivery from the lowest reported sequence number), bisects a batch
  that failed, gives up after the retry limit and sends the batch's description to the on-failure destination.
- `AsynchronousInvoker`: Lambda's asynchronous invocation (EventBridge rules, S3 notifications, schedules): two
  retries after a function error, then the dead-letter queue, with the attributes Lambda sets.

Both can deliver every event twice (`duplicates=True`), since AWS delivers at least once.
"""
from __future__ import annotations

import base64
import datetime
import http.client
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class InvocationResult:
    ok: bool
    payload: bytes
    error: str | None = None

    def json(self):
        try:
            return json.loads(self.payload)
        except ValueError:
            return None


@dataclass
class LocalFunction:
    """A function's bootstrap under the emulator, and what was done with it."""
    name: str
    invoke_url: str
    invocations: int = 0
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def invoke(self, event: bytes | str | dict) -> InvocationResult:
        body = event if isinstance(event, bytes) else (event.encode() if isinstance(event, str) else json.dumps(event).encode())
        target = urlsplit(self.invoke_url)
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=900)
        try:
            connection.request("POST", target.path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            payload = response.read()
        finally:
            connection.close()
        result = InvocationResult(ok=response.status == 200, payload=payload)
        document = result.json()
        # The emulator answers 200 with the error document when the function failed (as SAM CLI tells them).
        if response.status != 200 or (isinstance(document, dict) and {"errorMessage", "errorType"} <= set(document)
                                      and set(document) <= {"errorMessage", "errorType", "stackTrace"}):
            result.ok = False
            result.error = f"{document.get('errorType')}: {document.get('errorMessage')}" if isinstance(document, dict) \
                else f"status {response.status}"
        with self.lock:
            self.invocations += 1
            self.errors += 0 if result.ok else 1
        return result


def _iso(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class KinesisEventSourceMapping:
    def __init__(self, kinesis, stream_name: str, stream_arn: str, function: LocalFunction, *, batch_size: int = 100,
                 batching_window: float = 0.0, report_batch_item_failures: bool = False, bisect: bool = False,
                 maximum_retry_attempts: int = -1, on_failure=None, duplicates: bool = False, log=print):
        self.kinesis = kinesis
        self.stream_name = stream_name
        self.stream_arn = stream_arn
        self.function = function
        self.batch_size = batch_size
        self.batching_window = batching_window
        self.report_batch_item_failures = report_batch_item_failures
        self.bisect = bisect
        self.maximum_retry_attempts = maximum_retry_attempts
        self.on_failure = on_failure
        self.duplicates = duplicates
        self.log = log
        self.stopping = threading.Event()
        self.records_delivered = 0
        self.batches_given_up = 0
        self.pending = 0
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def start(self):
        shards = self.kinesis.describe_stream(StreamName=self.stream_name)["StreamDescription"]["Shards"]
        for shard in shards:
            thread = threading.Thread(target=self._poll_shard, args=(shard["ShardId"],), daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def idle(self) -> bool:
        with self.lock:
            return self.pending == 0

    def _poll_shard(self, shard: str):
        iterator = self.kinesis.get_shard_iterator(
            StreamName=self.stream_name, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        buffered: list[dict] = []
        window_started = None
        while not self.stopping.is_set():
            page = self.kinesis.get_records(ShardIterator=iterator, Limit=self.batch_size)
            iterator = page.get("NextShardIterator") or iterator
            with self.lock:
                self.pending = len(buffered) + len(page["Records"])
            buffered += page["Records"]
            if buffered and window_started is None:
                window_started = time.monotonic()
            full = len(buffered) >= self.batch_size
            window_over = window_started is not None and time.monotonic() - window_started >= self.batching_window
            if buffered and (full or window_over):
                batch, buffered = buffered[:self.batch_size], buffered[self.batch_size:]
                window_started = time.monotonic() if buffered else None
                self._deliver(shard, batch)
                with self.lock:
                    self.pending = len(buffered)
            elif not page["Records"]:
                time.sleep(0.2)

    def _event(self, shard: str, records: list[dict]) -> dict:
        return {"Records": [{
            "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": r["PartitionKey"], "sequenceNumber": r["SequenceNumber"],
                        "data": base64.b64encode(r["Data"]).decode(),
                        "approximateArrivalTimestamp": r["ApproximateArrivalTimestamp"].timestamp()},
            "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": f"{shard}:{r['SequenceNumber']}",
            "eventName": "aws:kinesis:record", "invokeIdentityArn": f"arn:aws:iam::123456789012:role/{self.function.name}",
            "awsRegion": "us-east-1", "eventSourceARN": self.stream_arn} for r in records]}

    def _deliver(self, shard: str, records: list[dict]):
        """One batch until it succeeds or is given up on; pieces after a bisection go in order."""
        queue = [(records, 0)]
        while queue:
            batch, attempts = queue.pop(0)
            result = self.function.invoke(self._event(shard, batch))
            if result.ok and self.duplicates:
                # At-least-once: the same batch again, as after a lost checkpoint.
                self.function.invoke(self._event(shard, batch))
            failures = []
            if result.ok and self.report_batch_item_failures:
                document = result.json() or {}
                items = document.get("batchItemFailures") or [] if isinstance(document, dict) else []
                failures = [item.get("itemIdentifier") for item in items]
                if any(not isinstance(f, str) or not f for f in failures):
                    result.ok, result.error = False, f"invalid batchItemFailures {items!r}"
                    failures = []
            if result.ok and not failures:
                self.records_delivered += len(batch)
                continue
            retry_limit = self.maximum_retry_attempts
            if retry_limit >= 0 and attempts >= retry_limit:
                self._give_up(shard, batch, result.error or "partial batch failure", attempts + 1)
                continue
            if failures:
                lowest = min(failures, key=lambda s: (len(s), s))
                index = next((i for i, r in enumerate(batch) if r["SequenceNumber"] == lowest), None)
                if index is None:
                    self._give_up(shard, batch, f"reported sequence number {lowest} is not in the batch", attempts + 1)
                    continue
                self.records_delivered += index
                queue.insert(0, (batch[index:], attempts + 1))
            elif self.bisect and len(batch) > 1:
                # Bisecting does not count against the retry limit.
                middle = len(batch) // 2
                queue[0:0] = [(batch[:middle], attempts), (batch[middle:], attempts)]
            else:
                self.log(f"{self.function.name}: batch of {len(batch)} failed ({result.error}); retrying")
                time.sleep(0.2)
                queue.insert(0, (batch, attempts + 1))

    def _give_up(self, shard: str, batch: list[dict], reason: str, invocations: int):
        self.batches_given_up += 1
        self.log(f"{self.function.name}: gave up on {len(batch)} records of {shard} after {invocations} invocations: {reason}")
        if self.on_failure is None:
            return
        first, last = batch[0], batch[-1]
        self.on_failure({
            "requestContext": {"requestId": str(uuid.uuid4()),
                               "functionArn": f"arn:aws:lambda:us-east-1:123456789012:function:{self.function.name}",
                               "condition": "RetryAttemptsExhausted", "approximateInvokeCount": invocations},
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "version": "1.0", "timestamp": _iso(time.time()),
            "KinesisBatchInfo": {"shardId": shard, "startSequenceNumber": first["SequenceNumber"],
                                 "endSequenceNumber": last["SequenceNumber"],
                                 "approximateArrivalOfFirstRecord": _iso(first["ApproximateArrivalTimestamp"].timestamp()),
                                 "approximateArrivalOfLastRecord": _iso(last["ApproximateArrivalTimestamp"].timestamp()),
                                 "batchSize": len(batch), "streamArn": self.stream_arn}})


class AsynchronousInvoker:
    """Lambda's event queue for one function: each event is tried up to three times (two retries), then goes to
    the dead-letter queue with `RequestID`, `ErrorCode` and `ErrorMessage` attributes."""

    def __init__(self, function: LocalFunction, *, maximum_retry_attempts: int = 2, dead_letter=None,
                 duplicates: bool = False, log=print):
        self.function = function
        self.maximum_retry_attempts = maximum_retry_attempts
        self.dead_letter = dead_letter
        self.duplicates = duplicates
        self.log = log
        self.succeeded = 0
        self.dead_lettered = 0
        # Every invocation's result, duplicates and retries included, for a caller that reads the responses.
        self.results: list[InvocationResult] = []

    def invoke(self, event: dict) -> bool:
        for attempt in range(self.maximum_retry_attempts + 1):
            result = self.function.invoke(event)
            self.results.append(result)
            if result.ok:
                self.succeeded += 1
                if self.duplicates:
                    self.results.append(self.function.invoke(event))
                return True
            self.log(f"{self.function.name}: asynchronous invocation failed (attempt {attempt + 1}): {result.error}")
        self.dead_lettered += 1
        if self.dead_letter is not None:
            self.dead_letter(json.dumps(event), {"RequestID": str(uuid.uuid4()), "ErrorCode": "200",
                                                 "ErrorMessage": (result.error or "")[:1000]})
        return False
