import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Calls in the JSON protocols: JSON 1.1 (`POST /` + `X-Amz-Target`) and REST-JSON (`POST /<operation-path>`).
extension AWSClient {
    /// Sends a JSON 1.1 call and decodes its output.
    func jsonCall<Input: Encodable, Output: Decodable>(
        _ operation: String, _ input: Input, resource: String? = nil, as: Output.Type = Output.self
    ) async throws(AWSError) -> Output {
        guard case .json(let version, let targetPrefix) = service.wireProtocol else {
            preconditionFailure("\(service.id) does not speak JSON 1.1")
        }
        let body = try encode(operation, input, resource: resource)
        let response = try await send { _ in
            AWSCall(
                operation: operation, method: "POST", path: "/",
                headers: ["Content-Type": "application/x-amz-json-\(version)", "X-Amz-Target": "\(targetPrefix).\(operation)"],
                body: .bytes(body), resource: resource)
        }
        return try decode(operation, response, resource: resource)
    }

    /// Sends a REST-JSON call (`POST <path>` with a JSON body) and decodes its output.
    func restJSONCall<Input: Encodable, Output: Decodable>(
        _ operation: String, path: String, _ input: Input, resource: String? = nil, as: Output.Type = Output.self
    ) async throws(AWSError) -> Output {
        let body = try encode(operation, input, resource: resource)
        let response = try await send { _ in
            AWSCall(
                operation: operation, method: "POST", path: path, headers: ["Content-Type": "application/json"],
                body: .bytes(body), resource: resource)
        }
        return try decode(operation, response, resource: resource)
    }

    private func encode(_ operation: String, _ input: some Encodable, resource: String?) throws(AWSError) -> Data {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(input)
        } catch {
            throw AWSError(
                kind: .invalidRequest, service: service.id, operation: operation, code: "SerializationError",
                message: "\(error)", resource: resource)
        }
    }

    private func decode<Output: Decodable>(_ operation: String, _ response: HTTPResponse, resource: String?) throws(AWSError)
        -> Output
    {
        do {
            return try JSONDecoder().decode(Output.self, from: response.body.isEmpty ? Data("{}".utf8) : response.body)
        } catch {
            throw invalidResponse(
                operation, resource: resource, "\(error) in \(AWSErrorDecoder.excerpt(response.body))")
        }
    }
}

/// An output with no members the caller needs.
struct EmptyOutput: Decodable {}

/// Waits between polls of a long-running job and gives up after a deadline.
public struct PollingPolicy: Sendable {
    public var interval: Duration
    /// Upper bound of the interval as it grows (×1.5 per poll).
    public var maxInterval: Duration
    public var timeout: Duration

    public init(interval: Duration = .milliseconds(500), maxInterval: Duration = .seconds(5), timeout: Duration = .seconds(600)) {
        self.interval = interval
        self.maxInterval = maxInterval
        self.timeout = timeout
    }

    /// Calls `check` until it returns a value, sleeping between calls; nil when the deadline passed.
    func poll<T>(_ check: () async throws(AWSError) -> T?) async throws(AWSError) -> T? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var wait = interval
        while true {
            if let done = try await check() { return done }
            guard clock.now + wait < deadline else { return nil }
            do { try await Task.sleep(for: wait) } catch { return nil }
            wait = min(maxInterval, wait * 1.5)
        }
    }
}
