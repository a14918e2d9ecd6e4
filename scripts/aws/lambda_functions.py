"""Lambda's Invoke API for functions running under the Runtime Interface Emulator, served by the signing proxy.

The emulator answers its own invoke URL, but not as the Lambda service does: it takes any path, and a function
error comes back as 200 with the error document and no `X-Amz-Function-Error` header. This maps function names
(registered through the proxy's admin API) to emulator URLs and answers `POST
/2015-03-31/functions/<name>/invocations` as Lambda documents it: 200 with `X-Amz-Function-Error: Unhandled`
for a function error (told, as SAM CLI's local Lambda service tells it, by a body that is exactly an error
document), 202 for `Event` invocations (run in the background), 204 for `DryRun`, 404
`ResourceNotFoundException` for an unknown function.
"""

import http.client
import json
import threading
from urllib.parse import unquote, urlsplit

INVOKE_PREFIX = "/2015-03-31/functions/"
INVOKE_SUFFIX = "/invocations"
ERROR_KEYS = ({"errorMessage", "errorType"}, {"errorMessage", "errorType", "stackTrace"})


class LambdaFunctions:
    def __init__(self):
        self.lock = threading.Lock()
        self.urls = {}
        self.invocations = {}

    def register(self, name, invoke_url):
        with self.lock:
            if invoke_url:
                self.urls[name] = invoke_url
            else:
                self.urls.pop(name, None)

    def stats(self):
        with self.lock:
            return {"functions": sorted(self.urls), "invocations": dict(self.invocations)}

    @staticmethod
    def handles(path):
        return path.startswith(INVOKE_PREFIX) and path.endswith(INVOKE_SUFFIX)

    @staticmethod
    def function_name(path):
        """`name`, `name:qualifier` or an ARN in the path; the name is what functions are registered under."""
        reference = unquote(path[len(INVOKE_PREFIX):-len(INVOKE_SUFFIX)])
        if reference.startswith("arn:"):
            parts = reference.split(":")
            return parts[6] if len(parts) >= 7 else reference
        return reference.split(":")[0]

    def invoke(self, path, headers, body):
        name = self.function_name(path)
        with self.lock:
            url = self.urls.get(name)
        if url is None:
            return _error(404, "ResourceNotFoundException", f"Function not found: {name}")
        kind = headers.get("X-Amz-Invocation-Type", "RequestResponse")
        if kind == "DryRun":
            return 204, {"x-amzn-RequestId": "dry-run"}, b""
        if kind == "Event":
            threading.Thread(target=self._call, args=(name, url, body), daemon=True).start()
            return 202, {"x-amzn-RequestId": "event"}, b""
        if kind != "RequestResponse":
            return _error(400, "InvalidParameterValueException", f"unknown invocation type {kind}")
        status, payload = self._call(name, url, body)
        if status != 200:
            return _error(502, "ServiceException", f"the emulator answered {status}: {payload[:300]!r}")
        answer = {"Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST"}
        try:
            document = json.loads(payload)
        except ValueError:
            document = None
        if isinstance(document, dict) and set(document) in ERROR_KEYS:
            answer["X-Amz-Function-Error"] = "Unhandled"
        return 200, answer, payload

    def _call(self, name, url, body):
        target = urlsplit(url)
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=900)
        try:
            connection.request("POST", target.path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            payload = response.read()
            with self.lock:
                self.invocations[name] = self.invocations.get(name, 0) + 1
            return response.status, payload
        finally:
            connection.close()


def _error(status, code, message):
    return status, {"Content-Type": "application/json", "x-amzn-ErrorType": code}, \
        json.dumps({"Type": "User", "message": message}).encode()
