import LambdaRuntime

/// `{"message": "hi"}` → `{"message": "hi", "requestId": …}`. Test hooks: `fail` makes the invocation throw,
/// `responseBytes` asks for a response of about that size (to exercise the 6 MB limit).
struct EchoRequest: Decodable, Sendable {
    var message: String?
    var fail: String?
    var responseBytes: Int?
}

struct EchoResponse: Encodable, Sendable {
    var message: String
    var requestId: String
    var functionArn: String
    var remainingTimeMs: Int64
    var padding: String?
}

struct EchoError: LambdaReportableError {
    let errorType = "EchoRequestedFailure"
    let errorMessage: String
}

struct EchoHandler: LambdaHandler {
    let configuration: EchoConfiguration

    func handle(_ event: EchoRequest, context: LambdaContext) async throws -> EchoResponse {
        if let failure = event.fail {
            throw EchoError(errorMessage: failure)
        }
        let message = configuration.prefix + (event.message ?? "")
        guard message.utf8.count <= configuration.maxMessageBytes else {
            throw EchoError(errorMessage: "message is \(message.utf8.count) bytes, over ECHO_MAX_MESSAGE_BYTES (\(configuration.maxMessageBytes))")
        }
        context.logger.debug("echoing", ["bytes": .int(message.utf8.count)])
        let remaining = context.remainingTime.components
        return EchoResponse(
            message: message,
            requestId: context.requestID,
            functionArn: context.invokedFunctionARN,
            remainingTimeMs: remaining.seconds * 1000 + remaining.attoseconds / 1_000_000_000_000_000,
            padding: event.responseBytes.map { String(repeating: "x", count: max(0, $0)) })
    }
}
