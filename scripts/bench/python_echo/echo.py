"""The Python baseline for the runtime benchmarks: the same work as the Swift Echo example, run by
AWS's own Python runtime interface client (awslambdaric)."""


def handler(event, context):
    if "fail" in event:
        raise RuntimeError(event["fail"])
    message = event.get("message") or ""
    return {
        "message": message,
        "requestId": context.aws_request_id,
        "functionArn": context.invoked_function_arn,
        "remainingTimeMs": context.get_remaining_time_in_millis(),
    }
