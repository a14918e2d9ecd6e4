"""A local stand-in for Google's OAuth token endpoint, STS, IAM credentials and the Analytics Data API v1beta,
served over TLS on 127.0.0.1 for the GA4 integration tests.

It behaves as the real services document:
  * POST /token                verifies the JWT-bearer assertion: RS256 signature against the service account's
                               public key, `kid`, `iss`, `aud`, `scope`, `iat`/`exp`; answers as Google's token
                               endpoint (access_token/expires_in, or invalid_grant with Google's messages).
  * POST /sts/v1/token         token exchange for workload identity federation from AWS: the subject token is a
                               SigV4-signed GetCallerIdentity request, whose signature is checked with botocore.
  * POST /iamcredentials/v1/projects/-/serviceAccounts/<email>:generateAccessToken   impersonation.
  * POST /v1beta/properties/<id>:runReport, :batchRunReports, GET /v1beta/properties/<id>/metadata:
                               request bodies parsed with the official `google-analytics-data` types (unknown fields
                               are refused), a generated dataset, offset pagination, `(other)` rows, thresholding and
                               sampling metadata, propertyQuota, google.rpc.Status errors.
  * /control/...               test set-up: configure properties, inject 429/500/403 answers, read counters.

Usage: test_server.py <state-dir>. Writes ca.pem, service-account.json, external-account.json, aws.json and
server.json (port) into the state directory, then serves until killed.
"""

import base64
import datetime
import json
import os
import re
import secrets
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.exceptions import InvalidSignature  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding, rsa  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402
from google.analytics.data_v1beta import types as ga  # noqa: E402
from google.protobuf.json_format import ParseError  # noqa: E402

import catalog  # noqa: E402
import dataset  # noqa: E402

ANALYTICS_SCOPES = {"https://www.googleapis.com/auth/analytics.readonly", "https://www.googleapis.com/auth/analytics"}
IAM_SCOPES = {"https://www.googleapis.com/auth/iam", "https://www.googleapis.com/auth/cloud-platform"}
AUDIENCE = "//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/pool-1/providers/aws-1"
UNAUTHENTICATED = ("Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
                   "other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.")
NO_PROPERTY_ACCESS = ("User does not have sufficient permissions for this property. To learn more about Property ID, "
                      "see https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.")
STANDARD_QUOTA = {"tokensPerDay": 200000, "tokensPerHour": 40000, "concurrentRequests": 10,
                  "serverErrorsPerProjectPerHour": 10, "potentiallyThresholdedRequestsPerHour": 120,
                  "tokensPerProjectPerHour": 14000}


class State:
    """Everything the server knows, guarded by one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.service_accounts = {}   # client_email -> (key id, public key)
        self.tokens = {}             # access token -> {"email", "scopes", "expires", "federated"}
        self.properties = {}         # property id -> PropertyConfig
        self.quota = {}              # property id -> bucket -> remaining
        self.faults = {}             # property id -> list of fault dicts
        self.counters = {}           # name -> count
        self.aws = None              # {"accessKeyId", "secretAccessKey", "sessionToken"}
        self.impersonation_email = None
        self.port = None

    def count(self, name):
        self.counters[name] = self.counters.get(name, 0) + 1


STATE = State()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def rpc_error(code, status, message, details=None):
    error = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return code, {"error": error}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY the second waits for the client's delayed
    # ACK (40 ms) on every kept-alive request.
    disable_nagle_algorithm = True
    server_version = "ga4-test-server"

    def log_message(self, fmt, *args):
        if os.environ.get("GA4_TEST_SERVER_VERBOSE"):
            sys.stderr.write("ga4-test-server: " + (fmt % args) + "\n")

    # --- plumbing -------------------------------------------------------------------------------------------

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def answer(self, status, payload, headers=()):
        data = payload if isinstance(payload, bytes) else json.dumps(payload, indent=2, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        path = urllib.parse.urlsplit(self.path).path
        body = self.body() if method == "POST" else b""
        try:
            if path == "/healthz":
                return self.answer(200, {"ok": True})
            if path == "/token" and method == "POST":
                return self.answer(*token_endpoint(body))
            if path == "/sts/v1/token" and method == "POST":
                return self.answer(*sts_endpoint(body))
            match = re.fullmatch(r"/iamcredentials/v1/projects/-/serviceAccounts/([^/:]+):generateAccessToken", path)
            if match and method == "POST":
                return self.answer(*generate_access_token(urllib.parse.unquote(match.group(1)), self.headers, body))
            match = re.fullmatch(r"/v1beta/properties/([^/:]+):(runReport|batchRunReports)", path)
            if match and method == "POST":
                return self.answer(*data_api(match.group(2), match.group(1), self.headers, body))
            match = re.fullmatch(r"/v1beta/properties/([^/:]+)/metadata", path)
            if match and method == "GET":
                return self.answer(*data_api("getMetadata", match.group(1), self.headers, body))
            if path.startswith("/control/"):
                return self.answer(*control(method, path, body, self.path))
            return self.answer(*rpc_error(404, "NOT_FOUND", f"The requested URL {path} was not found on this server."))
        except Exception as error:  # a bug in the server: say so loudly, as a 500 the client will report
            import traceback
            traceback.print_exc()
            return self.answer(*rpc_error(500, "INTERNAL", f"test server failure: {error}"))


# --- OAuth token endpoint (JWT-bearer grant) ------------------------------------------------------------------

def oauth_error(error, description, status=400):
    return status, {"error": error, "error_description": description}


def token_endpoint(body):
    form = urllib.parse.parse_qs(body.decode(), keep_blank_values=True)
    grant = form.get("grant_type", [""])[0]
    if grant != "urn:ietf:params:oauth:grant-type:jwt-bearer":
        return oauth_error("unsupported_grant_type", f"Invalid grant_type: {grant}")
    assertion = form.get("assertion", [""])[0]
    parts = assertion.split(".")
    if len(parts) != 3:
        return oauth_error("invalid_grant", "Invalid JWT: the assertion is not a JWS compact serialization.")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, json.JSONDecodeError):
        return oauth_error("invalid_grant", "Invalid JWT: cannot decode the header or claims.")
    if header.get("alg") != "RS256":
        return oauth_error("invalid_grant", f"Invalid JWT: unsupported algorithm {header.get('alg')}.")
    if header.get("typ") not in (None, "JWT"):
        return oauth_error("invalid_grant", "Invalid JWT: typ must be JWT.")
    with STATE.lock:
        account = STATE.service_accounts.get(claims.get("iss"))
    if account is None:
        return oauth_error("invalid_grant", "Invalid grant: account not found")
    key_id, public_key = account
    if header.get("kid") != key_id:
        return oauth_error("invalid_grant", "Invalid JWT Signature.")
    try:
        public_key.verify(signature, f"{parts[0]}.{parts[1]}".encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return oauth_error("invalid_grant", "Invalid JWT Signature.")
    now = time.time()
    iat, exp = claims.get("iat"), claims.get("exp")
    if not isinstance(iat, int) or not isinstance(exp, int) or iat > now + 60 or exp <= now or exp - iat > 3600 or exp <= iat:
        return oauth_error("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                                            "reasonable timeframe. Check your iat and exp values in the JWT claim.")
    # Google's endpoint takes its documented audience whatever URL the assertion is posted to.
    if claims.get("aud") != "https://oauth2.googleapis.com/token":
        return oauth_error("invalid_grant", "Invalid JWT: the aud claim must be https://oauth2.googleapis.com/token.")
    scopes = set(str(claims.get("scope", "")).split())
    if not scopes:
        return oauth_error("invalid_scope", "Empty or missing scope not allowed.")
    token = "ya29.test-" + secrets.token_urlsafe(24)
    with STATE.lock:
        STATE.tokens[token] = {"email": claims["iss"], "scopes": scopes, "expires": now + 3599, "federated": False}
        STATE.count(f"tokenGrants:{claims['iss']}")
    return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}


# --- workload identity federation -----------------------------------------------------------------------------

def sts_endpoint(body):
    form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode(), keep_blank_values=True).items()}
    expected = {
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
        "requested_token_type": "urn:ietf:params:oauth:token-type:access_token",
        "subject_token_type": "urn:ietf:params:aws:token-type:aws4_request",
        "audience": AUDIENCE,
    }
    for field, value in expected.items():
        if form.get(field) != value:
            return oauth_error("invalid_request", f"Invalid value for \"{field}\".")
    try:
        signed = json.loads(urllib.parse.unquote(form.get("subject_token", "")))
    except json.JSONDecodeError:
        return oauth_error("invalid_grant", "The subject token is not a serialized AWS request.")
    problem = check_aws_subject(signed)
    if problem:
        return oauth_error("invalid_grant", problem)
    scopes = set(form.get("scope", "").split())
    token = "ya29.federated-" + secrets.token_urlsafe(24)
    with STATE.lock:
        STATE.tokens[token] = {"email": None, "scopes": scopes, "expires": time.time() + 3600, "federated": True}
        STATE.count("stsExchanges")
    return 200, {"access_token": token, "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
                 "token_type": "Bearer", "expires_in": 3600}


def check_aws_subject(signed):
    """Checks the serialized GetCallerIdentity request as Google STS would before sending it to AWS: shape,
    regional endpoint, target resource, freshness, and (here, offline) the SigV4 signature itself."""
    if set(signed) != {"url", "method", "headers"} or signed["method"] != "POST":
        return "The subject token must be {url, method: POST, headers}."
    match = re.fullmatch(r"https://sts\.([a-z0-9-]+)\.amazonaws\.com\?Action=GetCallerIdentity&Version=2011-06-15", signed["url"])
    if not match:
        return f"The subject token URL {signed['url']} is not a regional GetCallerIdentity request."
    region = match.group(1)
    headers = {}
    for entry in signed["headers"]:
        if set(entry) != {"key", "value"}:
            return "Every header must be {key, value}."
        headers[entry["key"]] = entry["value"]
    keys = [entry["key"] for entry in signed["headers"]]
    if keys != sorted(keys):
        return "Headers must be sorted by key."
    lower = {k.lower(): v for k, v in headers.items()}
    if lower.get("x-goog-cloud-target-resource") != AUDIENCE:
        return "The x-goog-cloud-target-resource header must be the pool provider."
    if lower.get("host") != f"sts.{region}.amazonaws.com":
        return "The host header must be the regional STS endpoint."
    authorization = lower.get("authorization", "")
    match = re.fullmatch(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([a-z0-9-]+)/sts/aws4_request, "
                         r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})", authorization)
    if not match:
        return "The Authorization header is not an AWS4-HMAC-SHA256 signature for sts."
    access_key, date, signed_region, signed_headers, signature = match.groups()
    if signed_region != region:
        return "The signature's region is not the endpoint's region."
    aws = STATE.aws
    if access_key != aws["accessKeyId"]:
        return "The AWS access key is unknown."
    if lower.get("x-amz-security-token") != aws["sessionToken"]:
        return "The x-amz-security-token header is missing or wrong."
    amz_date = lower.get("x-amz-date", "")
    try:
        signed_at = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return "The x-amz-date header is not YYYYMMDDTHHMMSSZ."
    if abs((datetime.datetime.now(datetime.timezone.utc) - signed_at).total_seconds()) > 900 or date != amz_date[:8]:
        return "The AWS request was signed more than 15 minutes ago (or in the future)."
    names = signed_headers.split(";")
    if "host" not in names or "x-amz-date" not in names:
        return "host and x-amz-date must be signed."
    # Recompute the signature with botocore over exactly the signed headers.
    request = AWSRequest(method="POST", url=signed["url"], data=b"",
                         headers={k: v for k, v in headers.items() if k.lower() in names})
    request.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(aws["accessKeyId"], aws["secretAccessKey"], aws["sessionToken"]), "sts", region)
    canonical = signer.canonical_request(request)
    expected = signer.signature(signer.string_to_sign(request, canonical), request)
    if not secrets.compare_digest(expected, signature):
        return "The AWS signature does not match."
    return None


def generate_access_token(email, headers, body):
    token = bearer(headers)
    if token is None or not token["federated"]:
        return rpc_error(401, "UNAUTHENTICATED", UNAUTHENTICATED)
    if not token["scopes"] & IAM_SCOPES:
        return rpc_error(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.")
    if email != STATE.impersonation_email:
        return rpc_error(403, "PERMISSION_DENIED", f"Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).")
    try:
        request = json.loads(body)
    except json.JSONDecodeError:
        return rpc_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
    unknown = set(request) - {"scope", "lifetime", "delegates"}
    if unknown:
        return rpc_error(400, "INVALID_ARGUMENT", f"Invalid JSON payload received. Unknown name \"{sorted(unknown)[0]}\": Cannot find field.")
    scopes = request.get("scope")
    if not isinstance(scopes, list) or not scopes:
        return rpc_error(400, "INVALID_ARGUMENT", "Scope is required.")
    lifetime = request.get("lifetime", "3600s")
    match = re.fullmatch(r"(\d+)s", lifetime)
    if not match or not 1 <= int(match.group(1)) <= 3600:
        return rpc_error(400, "INVALID_ARGUMENT", "The lifetime must be between 1s and 3600s.")
    expires = time.time() + int(match.group(1))
    access = "ya29.impersonated-" + secrets.token_urlsafe(24)
    with STATE.lock:
        STATE.tokens[access] = {"email": email, "scopes": set(scopes), "expires": expires, "federated": False}
        STATE.count(f"impersonations:{email}")
    expire_time = datetime.datetime.fromtimestamp(expires, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return 200, {"accessToken": access, "expireTime": expire_time}


def bearer(headers):
    value = headers.get("Authorization", "")
    if not value.startswith("Bearer "):
        return None
    with STATE.lock:
        token = STATE.tokens.get(value[len("Bearer "):])
    if token is None or token["expires"] < time.time():
        return None
    return token


# --- Data API -------------------------------------------------------------------------------------------------

def data_api(method, property_id, headers, body):
    token = bearer(headers)
    if token is None:
        return rpc_error(401, "UNAUTHENTICATED", UNAUTHENTICATED)
    if not token["scopes"] & ANALYTICS_SCOPES:
        return rpc_error(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.",
                         [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                           "domain": "googleapis.com"}])
    with STATE.lock:
        config = STATE.properties.get(property_id)
        STATE.count(f"{method}:{property_id}")
        fault = take_fault(property_id, method)
    if not re.fullmatch(r"\d+", property_id):
        return rpc_error(400, "INVALID_ARGUMENT", f"Invalid property ID: {property_id}. A numeric Property ID is required.")
    allowed = (config.allowed_emails if config and config.allowed_emails is not None else [STATE.impersonation_email]) if config else []
    if config is None or token["email"] not in allowed:
        return rpc_error(403, "PERMISSION_DENIED", NO_PROPERTY_ACCESS)
    if fault:
        status_name = {429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE", 403: "PERMISSION_DENIED",
                       400: "INVALID_ARGUMENT"}.get(fault["status"], "UNKNOWN")
        message = fault.get("message") or {429: "Exhausted concurrent requests quota.", 500: "Internal error encountered.",
                                           503: "The service is currently unavailable.", 403: NO_PROPERTY_ACCESS}.get(fault["status"], "error")
        return rpc_error(fault["status"], status_name, message)
    if method == "getMetadata":
        return 200, catalog.metadata(property_id)
    if method == "runReport":
        try:
            request = ga.RunReportRequest.from_json(body or b"{}")
        except ParseError as error:
            return invalid_payload(error)
        request_json = json.loads(ga.RunReportRequest.to_json(request, use_integers_for_enums=False,
                                                              always_print_fields_with_no_presence=False))
        if request_json.get("property") not in (None, f"properties/{property_id}"):
            return rpc_error(400, "INVALID_ARGUMENT", "The property in the body must match the URL.")
        return run_one(property_id, config, request_json, token)
    try:
        batch = ga.BatchRunReportsRequest.from_json(body or b"{}")
    except ParseError as error:
        return invalid_payload(error)
    batch_json = json.loads(ga.BatchRunReportsRequest.to_json(batch, use_integers_for_enums=False,
                                                              always_print_fields_with_no_presence=False))
    requests = batch_json.get("requests", [])
    if not 1 <= len(requests) <= 5:
        return rpc_error(400, "INVALID_ARGUMENT", "Batch requests are limited to 5 requests.")
    reports = []
    for request_json in requests:
        status, report = run_one(property_id, config, request_json, token)
        if status != 200:
            return status, report
        reports.append(report)
    return 200, {"reports": reports, "kind": "analyticsData#batchRunReports"}


def invalid_payload(error):
    text = str(error).splitlines()[0]
    match = re.search(r'has no field named "([^"]+)"', text)
    message = (f"Invalid JSON payload received. Unknown name \"{match.group(1)}\": Cannot find field."
               if match else f"Invalid JSON payload received. {text}")
    return rpc_error(400, "INVALID_ARGUMENT", message,
                     [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                       "fieldViolations": [{"description": message}]}])


def take_fault(property_id, method):
    queue = STATE.faults.get(property_id, [])
    for fault in queue:
        if fault.get("method", method) == method and fault.get("times", 1) > 0:
            fault["times"] = fault.get("times", 1) - 1
            return fault
    return None


def run_one(property_id, config, request, token):
    today = datetime.datetime.now(datetime.timezone.utc).date()
    try:
        headers, metrics, rows, aggregates, metadata = dataset.run_report(property_id, request, config, today)
    except dataset.InvalidArgument as error:
        return rpc_error(400, "INVALID_ARGUMENT", str(error))
    offset = int(request.get("offset", 0))
    limit = int(request.get("limit", 10000) or 10000)
    if limit < 0 or offset < 0:
        return rpc_error(400, "INVALID_ARGUMENT", "limit and offset must not be negative.")
    limit = min(limit, 250000)
    page = rows[offset:offset + limit]
    # Token cost grows with the rows returned; thresholded properties also spend that bucket.
    cost = 1 + len(page) // 1000
    with STATE.lock:
        remaining = STATE.quota.setdefault(property_id, dict(STANDARD_QUOTA))
        for bucket in ("tokensPerDay", "tokensPerHour", "tokensPerProjectPerHour"):
            if remaining[bucket] < cost:
                message = {"tokensPerDay": "Exhausted property tokens per day.",
                           "tokensPerHour": "Exhausted property tokens per hour.",
                           "tokensPerProjectPerHour": "Exhausted property tokens for a project per hour."}[bucket]
                return rpc_error(429, "RESOURCE_EXHAUSTED", message)
        for bucket in ("tokensPerDay", "tokensPerHour", "tokensPerProjectPerHour"):
            remaining[bucket] -= cost
        if config.thresholded:
            remaining["potentiallyThresholdedRequestsPerHour"] -= 1
        quota = {
            "tokensPerDay": {"consumed": cost, "remaining": remaining["tokensPerDay"]},
            "tokensPerHour": {"consumed": cost, "remaining": remaining["tokensPerHour"]},
            "concurrentRequests": {"remaining": remaining["concurrentRequests"]},
            "serverErrorsPerProjectPerHour": {"remaining": remaining["serverErrorsPerProjectPerHour"]},
            "potentiallyThresholdedRequestsPerHour": {"consumed": 1 if config.thresholded else 0,
                                                      "remaining": remaining["potentiallyThresholdedRequestsPerHour"]},
            "tokensPerProjectPerHour": {"consumed": cost, "remaining": remaining["tokensPerProjectPerHour"]},
        }
        for status in quota.values():
            if status.get("consumed") == 0:
                del status["consumed"]
    body = dataset.response_json(headers, metrics, page, len(rows), aggregates, metadata,
                                 quota if request.get("returnPropertyQuota") else None)
    if len(page) <= 2000:
        # Check the answer against the official response type too (unknown fields or wrong types fail here).
        ga.RunReportResponse.from_json(json.dumps(body))
    return 200, body


# --- control --------------------------------------------------------------------------------------------------

def control(method, path, body, raw_path):
    match = re.fullmatch(r"/control/properties/(\d+)", path)
    if match and method == "POST":
        spec = json.loads(body or b"{}")
        with STATE.lock:
            STATE.properties[match.group(1)] = dataset.PropertyConfig(spec)
            quota = dict(STANDARD_QUOTA)
            quota.update(spec.get("quota", {}))
            STATE.quota[match.group(1)] = quota
            STATE.faults[match.group(1)] = list(spec.get("faults", []))
        return 200, {"ok": True}
    match = re.fullmatch(r"/control/properties/(\d+)/quota", path)
    if match and method == "POST":
        with STATE.lock:
            STATE.quota.setdefault(match.group(1), dict(STANDARD_QUOTA)).update(json.loads(body or b"{}"))
        return 200, {"ok": True}
    if path == "/control/service-accounts" and method == "POST":
        # Registers another service account's public key, as creating a key in IAM would.
        spec = json.loads(body)
        public_key = serialization.load_pem_public_key(spec["publicKeyPem"].encode())
        with STATE.lock:
            STATE.service_accounts[spec["email"]] = (spec["keyId"], public_key)
        return 200, {"ok": True}
    match = re.fullmatch(r"/control/properties/(\d+)/faults", path)
    if match and method == "POST":
        with STATE.lock:
            STATE.faults.setdefault(match.group(1), []).extend(json.loads(body or b"[]"))
        return 200, {"ok": True}
    match = re.fullmatch(r"/control/properties/(\d+)/expected", path)
    if match and method == "POST":
        # The complete result of a request (all rows, no paging), for tests to compare against.
        with STATE.lock:
            config = STATE.properties[match.group(1)]
        request = json.loads(body)
        today = datetime.datetime.now(datetime.timezone.utc).date()
        headers, metrics, rows, aggregates, metadata = dataset.run_report(match.group(1), request, config, today)
        return 200, {"dimensionHeaders": headers, "metricHeaders": metrics,
                     "rows": [[*d, *[dataset.format_metric(n, v) for n, v in zip(metrics, m)]] for d, m in rows],
                     "metadata": metadata}
    if path == "/control/counters" and method == "GET":
        with STATE.lock:
            return 200, dict(STATE.counters)
    return rpc_error(404, "NOT_FOUND", f"unknown control endpoint {path}")


# --- start-up -------------------------------------------------------------------------------------------------

def write_private(path, data):
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def make_tls(state_dir):
    """A throw-away CA and a certificate for 127.0.0.1 signed by it; clients trust ca.pem only."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "GA4 test server CA")])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=2))
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False, key_agreement=False,
                                            encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
               .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    import ipaddress
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    with open(os.path.join(state_dir, "ca.pem"), "wb") as handle:
        handle.write(ca_cert.public_bytes(serialization.Encoding.PEM))
    write_private(os.path.join(state_dir, "server.pem"),
                  cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
                      serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(os.path.join(state_dir, "server.pem"))
    return context


def main():
    state_dir = sys.argv[1]
    context = make_tls(state_dir)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    STATE.port = port
    base = f"https://127.0.0.1:{port}"

    email = "ga4-ingest@pipeline-test.iam.gserviceaccount.com"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_id = secrets.token_hex(20)
    STATE.service_accounts[email] = (key_id, key.public_key())
    STATE.impersonation_email = email
    write_private(os.path.join(state_dir, "service-account.json"), json.dumps({
        "type": "service_account", "project_id": "pipeline-test", "private_key_id": key_id,
        "private_key": key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()).decode(),
        "client_email": email, "client_id": "100000000000000000001",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": f"{base}/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "universe_domain": "googleapis.com",
    }, indent=2).encode())
    with open(os.path.join(state_dir, "external-account.json"), "w") as handle:
        json.dump({
            "type": "external_account", "audience": AUDIENCE,
            "subject_token_type": "urn:ietf:params:aws:token-type:aws4_request",
            "token_url": f"{base}/sts/v1/token",
            "credential_source": {
                "environment_id": "aws1",
                "region_url": "http://169.254.169.254/latest/meta-data/placement/availability-zone",
                "url": "http://169.254.169.254/latest/meta-data/iam/security-credentials",
                "regional_cred_verification_url": "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15",
            },
            "service_account_impersonation_url":
                f"{base}/iamcredentials/v1/projects/-/serviceAccounts/{email}:generateAccessToken",
        }, handle, indent=2)
    STATE.aws = {"accessKeyId": "ASIA" + secrets.token_hex(8).upper(), "secretAccessKey": secrets.token_urlsafe(30),
                 "sessionToken": secrets.token_urlsafe(60)}
    write_private(os.path.join(state_dir, "aws.json"), json.dumps(STATE.aws).encode())
    with open(os.path.join(state_dir, "server.json.tmp"), "w") as handle:
        json.dump({"port": port, "baseURL": base}, handle)
    os.replace(os.path.join(state_dir, "server.json.tmp"), os.path.join(state_dir, "server.json"))
    server.serve_forever()


if __name__ == "__main__":
    main()
