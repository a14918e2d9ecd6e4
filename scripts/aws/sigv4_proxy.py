"""A test proxy in front of moto that checks every request's SigV4 signature with botocore.

For each request it rebuilds the canonical request from what arrived, with exactly the headers the client
listed in SignedHeaders, and recomputes the signature with botocore's SigV4Auth (S3SigV4Auth for S3) from the
same credentials. A mismatch is answered 403 SignatureDoesNotMatch (with botocore's canonical request in the
message) and logged, so a signing bug fails the test that made the call. It also rejects requests whose
X-Amz-Date is more than 15 minutes off (as AWS does), checks S3's x-amz-content-sha256 against the body, and
injects faults on request: 503 SlowDown, 500, 429 throttling, dropped connections, S3 200-with-error bodies and
Kinesis per-record failures. Calls moto lacks (AppFlow, BatchExecuteStatement) go to the model responder;
Lambda Invoke goes to functions under the Runtime Interface Emulator (lambda_functions.py).

Admin API (unsigned, under /__proxy/): POST faults (add a rule, JSON), POST reset, GET stats,
POST redshift-failing-sql ({"contains": "..."}), POST appflow-flow ({"flowName": "..."}: the flow's status, definition and
call counts), POST sns-published ({"topicArn": "..."}: the messages published to it), POST lambda-functions
({"name": ..., "invokeURL": ...}; a null URL removes the function). Fault kinds: 503, 500, 429, 409 (ConflictException),
drop, error200, kinesis-partial.
Listens on 127.0.0.1 only.
"""

import argparse
import datetime
import hashlib
import http.client
import json
import random
import socket
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from lambda_functions import LambdaFunctions
from model_responder import ModelResponder

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization",
              "proxy-authenticate"}


class FaultRule:
    """Injects `kind` into a share of the requests that match, at most `max_consecutive` times in a row for
    the same request, so a client with enough attempts always gets through."""

    def __init__(self, spec):
        self.kind = spec["kind"]
        match = spec.get("match", {})
        self.path_prefix = match.get("path_prefix")
        self.target = match.get("target")
        self.body_contains = match.get("body_contains", "").encode() or None
        self.methods = set(match.get("methods", [])) or None
        self.share = float(spec.get("share", 1.0))
        self.max_consecutive = int(spec.get("max_consecutive", 1_000_000))
        self.random = random.Random(spec.get("seed", 1))
        self.streak = {}
        self.injected = 0
        self.matched = 0

    def matches(self, method, path, target, body):
        if self.methods and method not in self.methods:
            return False
        if self.path_prefix and not path.startswith(self.path_prefix):
            return False
        if self.target and target != self.target:
            return False
        if self.body_contains and self.body_contains not in body:
            return False
        return True

    def decide(self, key):
        self.matched += 1
        streak = self.streak.get(key, 0)
        if streak < self.max_consecutive and self.random.random() < self.share:
            self.streak[key] = streak + 1
            self.injected += 1
            return True
        self.streak[key] = 0
        return False


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.credentials = Credentials(args.access_key, args.secret_key, args.session_token or None)
        self.upstream = urlsplit(args.upstream)
        self.rules = []
        self.checked = 0
        self.mismatches = []
        self.log = open(args.log, "a") if args.log else sys.stderr
        self.models = ModelResponder()
        self.functions = LambdaFunctions()
        # SNS Publish requests that moto accepted, per topic, for tests that check a notice was sent.
        self.published = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY the second waits for the client's delayed
    # ACK (40 ms) on every kept-alive request.
    disable_nagle_algorithm = True
    server_version = "sigv4-proxy"
    local = threading.local()

    def log_message(self, fmt, *args):
        pass

    def do_GET(self): self.handle_any()
    def do_HEAD(self): self.handle_any()
    def do_PUT(self): self.handle_any()
    def do_POST(self): self.handle_any()
    def do_DELETE(self): self.handle_any()
    def do_PATCH(self): self.handle_any()

    @property
    def state(self):
        return self.server.state

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/__proxy/"):
            return self.admin(body)
        service, problem = self.check_signature(body)
        if problem:
            return self.reply_error(service, *problem)
        target = self.headers.get("X-Amz-Target", "")
        path = urlsplit(self.path).path
        fault = self.pick_fault(path, target, body)
        if fault in ("503", "500", "429", "409"):
            return self.reply_fault(service, fault)
        if fault == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if fault == "error200" and service == "s3":
            body200 = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code>'
                       b'<Message>We encountered an internal error. Please try again.</Message>'
                       b'<RequestId>injected</RequestId></Error>')
            return self.reply(200, {"Content-Type": "application/xml"}, body200)

        if service == "lambda" and LambdaFunctions.handles(path):
            return self.reply(*self.state.functions.invoke(path, self.headers, body))
        if self.state.models.handles(service, target, path, body):
            return self.reply(*self.state.models.answer(service, target, path, body))

        status, headers, payload = self.forward(body)
        if service == "sns" and status == 200:
            form = dict(parse_qsl(body.decode("utf-8", "replace")))
            if form.get("Action") == "Publish":
                with self.state.lock:
                    self.state.published.setdefault(form.get("TopicArn", ""), []).append(
                        {"Subject": form.get("Subject"), "Message": form.get("Message")})
        if fault == "kinesis-partial" and target == "Kinesis_20131202.PutRecords" and status == 200:
            result = json.loads(payload)
            first = result["Records"][0]
            result["Records"][0] = {"ErrorCode": "ProvisionedThroughputExceededException",
                                    "ErrorMessage": "Rate exceeded for shard shardId-000000000000 (injected)"}
            result["FailedRecordCount"] = result.get("FailedRecordCount", 0) + (1 if "SequenceNumber" in first else 0)
            payload = json.dumps(result).encode()
        self.reply(status, headers, payload, head=self.command == "HEAD")

    # signature

    def check_signature(self, body):
        authorization = self.headers.get("Authorization", "")
        if not authorization.startswith("AWS4-HMAC-SHA256 "):
            return None, (403, "MissingAuthenticationToken", "no SigV4 Authorization header")
        fields = dict(part.strip().split("=", 1) for part in authorization[len("AWS4-HMAC-SHA256 "):].split(","))
        access_key, date_stamp, region, service, terminator = fields["Credential"].split("/")
        signed = fields["SignedHeaders"].split(";")
        amz_date = self.headers.get("X-Amz-Date", "")
        if access_key != self.state.credentials.access_key:
            return service, (403, "InvalidAccessKeyId", f"unknown access key {access_key}")
        if self.state.credentials.token and self.headers.get("X-Amz-Security-Token") != self.state.credentials.token:
            return service, (403, "InvalidToken", "the security token is missing or wrong")
        try:
            sent = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return service, (403, "AccessDenied", f"bad X-Amz-Date {amz_date!r}")
        skew = abs((datetime.datetime.now(datetime.timezone.utc) - sent).total_seconds())
        if skew > 15 * 60:
            if service == "s3":
                return service, (403, "RequestTimeTooSkewed",
                                 "The difference between the request time and the current time is too large.")
            return service, (400, "InvalidSignatureException", f"Signature expired: {amz_date} is now earlier than allowed")
        missing = [n for n in ("host", "x-amz-date") if n not in signed]
        unsigned_amz = [n.lower() for n in self.headers.keys()
                        if n.lower().startswith("x-amz-") and n.lower() not in signed]
        if missing or unsigned_amz:
            return service, (403, "SignatureDoesNotMatch", f"headers not signed: {missing + unsigned_amz}")
        if service == "s3":
            declared = self.headers.get("X-Amz-Content-SHA256", "")
            if declared != "UNSIGNED-PAYLOAD" and declared != hashlib.sha256(body).hexdigest():
                return service, (400, "XAmzContentSHA256Mismatch", "x-amz-content-sha256 does not match the body")

        headers = {}
        for name in signed:
            values = self.headers.get_all(name) or []
            headers[name] = ",".join(values)
        request = AWSRequest(method=self.command, url=f"http://{self.headers['Host']}{self.path}",
                             headers=headers, data=body)
        request.context["timestamp"] = amz_date
        auth = (S3SigV4Auth if service == "s3" else SigV4Auth)(self.state.credentials, service, region)
        canonical = auth.canonical_request(request)
        expected = auth.signature(auth.string_to_sign(request, canonical), request)
        with self.state.lock:
            self.state.checked += 1
        if expected != fields["Signature"]:
            with self.state.lock:
                self.state.mismatches.append({"path": self.path, "service": service})
            print(f"SIGNATURE MISMATCH {self.command} {self.path}\n{canonical}", file=self.state.log, flush=True)
            return service, (403, "SignatureDoesNotMatch",
                             f"botocore computes a different signature; its canonical request:\n{canonical}")
        return service, None

    # faults

    def pick_fault(self, path, target, body):
        key = (self.command, self.path, target)
        with self.state.lock:
            for rule in self.state.rules:
                if rule.matches(self.command, path, target, body) and rule.decide(key):
                    return rule.kind
        return None

    def reply_fault(self, service, kind):
        code = {"503": (503, "SlowDown" if service == "s3" else "ServiceUnavailable", "Please reduce your request rate."),
                "500": (500, "InternalError" if service == "s3" else "InternalFailure", "Internal error (injected)."),
                "429": (429, "SlowDown" if service == "s3" else "ThrottlingException", "Rate exceeded (injected)."),
                "409": (409, "ConflictException", "The resource was changed by another request (injected).")}[kind]
        self.reply_error(service, *code)

    def reply_error(self, service, status, code, message):
        request_id = str(uuid.uuid4())
        if service in ("s3", None):
            payload = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>'
                       f'{_xml(message)}</Message><RequestId>{request_id}</RequestId></Error>').encode()
            return self.reply(status, {"Content-Type": "application/xml", "x-amz-request-id": request_id}, payload,
                              head=self.command == "HEAD")
        if service == "sns":
            payload = (f'<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>'
                       f'<Code>{code}</Code><Message>{_xml(message)}</Message></Error>'
                       f'<RequestId>{request_id}</RequestId></ErrorResponse>').encode()
            return self.reply(status, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}, payload)
        payload = json.dumps({"__type": code, "message": message}).encode()
        return self.reply(status, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": request_id,
                                   "x-amzn-ErrorType": code}, payload)

    # plumbing

    def forward(self, body):
        upstream = self.state.upstream
        for attempt in range(2):
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=300)
                self.local.connection = connection
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                return response.status, {k: v for k, v in response.getheaders()}, payload
            except (http.client.HTTPException, OSError):
                connection.close()
                self.local.connection = None
                if attempt:
                    raise

    def reply(self, status, headers, payload, head=False):
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() in HOP_BY_HOP or name.lower() in ("content-length", "date", "server"):
                continue
            self.send_header(name, value)
        if head:
            self.send_header("Content-Length", headers.get("Content-Length", headers.get("content-length", "0")))
        else:
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if not head:
            self.wfile.write(payload)

    def admin(self, body):
        route = self.path[len("/__proxy/"):]
        state = self.state
        with state.lock:
            if route == "faults" and self.command == "POST":
                state.rules.append(FaultRule(json.loads(body)))
                result = {"rules": len(state.rules)}
            elif route == "reset" and self.command == "POST":
                state.rules.clear()
                result = {}
            elif route == "stats":
                result = {"checked": state.checked, "mismatches": state.mismatches,
                          "rules": [{"kind": r.kind, "matched": r.matched, "injected": r.injected} for r in state.rules]}
            elif route == "lambda-functions" and self.command == "POST":
                request = json.loads(body)
                state.functions.register(request["name"], request.get("invokeURL"))
                result = state.functions.stats()
            elif route == "sns-published" and self.command == "POST":
                result = {"messages": state.published.get(json.loads(body)["topicArn"], [])}
            elif route == "appflow-flow" and self.command == "POST":
                result = state.models.flow_state(json.loads(body)["flowName"])
            elif route == "redshift-failing-sql" and self.command == "POST":
                state.models.failing_sql.add(json.loads(body)["contains"])
                result = {}
            else:
                return self.reply(404, {"Content-Type": "text/plain"}, b"unknown admin route")
        self.reply(200, {"Content-Type": "application/json"}, json.dumps(result).encode())


def _xml(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True, help="moto's URL, http://127.0.0.1:PORT")
    parser.add_argument("--access-key", required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--session-token", default="")
    parser.add_argument("--log")
    args = parser.parse_args()
    if urlsplit(args.upstream).hostname not in ("127.0.0.1", "localhost"):
        parser.error("the upstream must be on loopback")
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.state = State(args)
    server.serve_forever()


if __name__ == "__main__":
    main()
