import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What Invoke returned. A function that threw still answers 200: `functionError` (the
/// `X-Amz-Function-Error` header, `Unhandled` or `Handled`) tells, and `payload` holds its error document.
public struct LambdaInvocationResult: Sendable, Equatable {
    public var statusCode: Int
    public var functionError: String?
    public var payload: Data
    public var executedVersion: String?

    public var succeeded: Bool { functionError == nil && (200..<300).contains(statusCode) }
}

/// AWS Lambda's Invoke (REST-JSON): hands an event to a function, synchronously or as an asynchronous event.
public struct LambdaClient: Sendable {
    public enum InvocationType: String, Sendable {
        case requestResponse = "RequestResponse"
        case event = "Event"
        case dryRun = "DryRun"
    }

    public let client: AWSClient

    public init(configuration: AWSConfiguration, http: HTTPClient) {
        client = AWSClient(service: .lambda, configuration: configuration, http: http)
    }

    /// Function names, ARNs and `name:qualifier` forms as the API accepts them: letters, digits, `-`, `_`,
    /// `:` and the ARN's characters, at most 170; anything else would change the request path.
    static func isValidFunctionName(_ name: String) -> Bool {
        (1...170).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
        }
    }

    /// Invokes a function with `payload` (a JSON document). Synchronous invocations wait for the function;
    /// `.event` returns once Lambda queued the event (status 202).
    public func invoke(function: String, payload: Data, type: InvocationType = .requestResponse, timeout: Duration = .seconds(900))
        async throws(AWSError) -> LambdaInvocationResult
    {
        guard Self.isValidFunctionName(function) else {
            throw AWSError(
                kind: .invalidRequest, service: client.service.id, operation: "Invoke", code: "InvalidParameterValueException",
                message: "\"\(function)\" is not a function name or ARN", resource: "function \(function)")
        }
        let encodedName = function.replacing(":", with: "%3A")
        let response = try await client.send { _ in
            AWSCall(
                operation: "Invoke", method: "POST", path: "/2015-03-31/functions/\(encodedName)/invocations",
                headers: ["Content-Type": "application/json", "X-Amz-Invocation-Type": type.rawValue],
                body: .bytes(payload), resource: "function \(function)", timeout: timeout)
        }
        return LambdaInvocationResult(
            statusCode: response.status, functionError: response.headers["X-Amz-Function-Error"], payload: response.body,
            executedVersion: response.headers["X-Amz-Executed-Version"])
    }
}
