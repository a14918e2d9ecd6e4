"""A Lambda runtime that does no work: it takes each event from the Runtime API and answers an empty partial
batch response at once, without parsing the event. Run under the emulator beside the real functions, it
measures the floor every function pays for a given event (the emulator receiving, relaying and answering
it), so the benchmark can show what each function adds above it."""

import http.client
import os


def main():
    host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
    connection = http.client.HTTPConnection(host, int(port))
    while True:
        connection.request("GET", "/2018-06-01/runtime/invocation/next")
        response = connection.getresponse()
        response.read()
        request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
        connection.request("POST", f"/2018-06-01/runtime/invocation/{request_id}/response",
                           body=b'{"batchItemFailures":[]}', headers={"Content-Type": "application/json"})
        connection.getresponse().read()


if __name__ == "__main__":
    main()
