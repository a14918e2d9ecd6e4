"""Checks the checker: the proxy must pass correctly signed requests and reject wrong ones, or the Swift
integration tests behind it would prove nothing. Starts moto and the proxy with scripts/services/moto.sh."""

import os
import subprocess
import tempfile
import urllib.request

import pytest
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def services():
    state = tempfile.mkdtemp(prefix="aws-proxy-test-")
    script = os.path.join(ROOT, "scripts/services/moto.sh")
    out = subprocess.run(["bash", script, "start", state], check=True, capture_output=True, text=True).stdout
    env = {}
    for line in out.splitlines():
        name, _, value = line[len("export "):].partition("=")
        env[name] = value.strip("'")
    yield env
    subprocess.run(["bash", script, "stop", state], check=False)


def send(env, method, path, body=b"", secret=None, service="s3", tamper=None, headers=None, after=None):
    credentials = Credentials(env["PIPELINE_AWS_ACCESS_KEY_ID"], secret or env["PIPELINE_AWS_SECRET_ACCESS_KEY"],
                              env["PIPELINE_AWS_SESSION_TOKEN"])
    request = AWSRequest(method=method, url=env["PIPELINE_AWS_ENDPOINT"] + path, data=body, headers=headers or {})
    (S3SigV4Auth if service == "s3" else SigV4Auth)(credentials, service, "us-east-1").add_auth(request)
    prepared = request.prepare()
    url = prepared.url if tamper is None else prepared.url.replace(tamper[0], tamper[1])
    # urllib would add a form Content-Type to bodies, which makes moto store them empty.
    final = {"Content-Type": "application/octet-stream", **dict(prepared.headers), **(after or {})}
    outgoing = urllib.request.Request(url, data=body or None, method=method, headers=final)
    try:
        with urllib.request.urlopen(outgoing) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_correct_signatures_pass(services):
    assert send(services, "PUT", "/proxy-check")[0] == 200
    status, _ = send(services, "PUT", "/proxy-check/a%20b%2Bc%3D%C3%BC.txt", body=b"hello")
    assert status == 200
    status, body = send(services, "GET", "/proxy-check/a%20b%2Bc%3D%C3%BC.txt")
    assert (status, body) == (200, b"hello")


def test_wrong_secret_is_rejected(services):
    status, body = send(services, "GET", "/proxy-check/x", secret="not-the-secret")
    assert status == 403 and b"SignatureDoesNotMatch" in body


def test_path_changed_after_signing_is_rejected(services):
    status, body = send(services, "GET", "/proxy-check/a%20b", tamper=("a%20b", "a+b"))
    assert status == 403 and b"SignatureDoesNotMatch" in body


def test_body_not_matching_its_hash_is_rejected(services):
    # A body swapped after signing: the declared hash no longer matches what arrives.
    status, body = send(services, "PUT", "/proxy-check/y", body=b"data",
                        after={"X-Amz-Content-SHA256": "0" * 64})
    assert status == 400 and b"XAmzContentSHA256Mismatch" in body


def test_appflow_input_is_validated_against_the_model(services):
    status, body = send(services, "POST", "/start-flow", body=b'{"flowName": 5}', service="appflow",
                        headers={"Content-Type": "application/json"})
    assert status == 400 and b"ValidationException" in body
    status, body = send(services, "POST", "/create-flow", body=b'{"flowName": "x", "bogus": 1}', service="appflow",
                        headers={"Content-Type": "application/json"})
    assert status == 400 and b"Unknown parameter" in body
