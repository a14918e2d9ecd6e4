import Crypto
import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One call as the service clients describe it; turned into a signed HTTP request on every attempt.
struct AWSCall: Sendable {
    var operation: String
    var method: String
    /// The wire path after the endpoint's base path, percent-encoded (`/bucket/a%20b.json`).
    var path: String
    /// The wire query without `?`.
    var query: String = ""
    var headers: HTTPHeaders = [:]
    var body: HTTPRequestBody = .none
    /// Hex SHA-256 of the body or `UNSIGNED-PAYLOAD`; computed from the body when nil.
    var payloadHash: String?
    /// What the call is about, for error messages (bucket/key, stream name).
    var resource: String?
    /// Overrides the endpoint host (S3 virtual-hosted style).
    var host: String?
    var timeout: Duration = .seconds(60)
}

/// Sends calls to one service: signs each attempt afresh, retries by the standard mode, corrects clock skew,
/// and turns error responses into `AWSError`.
public final class AWSClient: Sendable {
    public let service: AWSService
    public let configuration: AWSConfiguration
    public let endpoint: AWSEndpoint
    let http: HTTPClient
    let retry: RetryStrategy
    private let skew = ClockSkew()
    private let signer: SigV4Signer

    public init(service: AWSService, configuration: AWSConfiguration, http: HTTPClient, retry: RetryStrategy? = nil) {
        self.service = service
        self.configuration = configuration
        self.endpoint = configuration.endpoint(for: service)
        self.http = http
        self.retry = retry ?? RetryStrategy(maxAttempts: configuration.maxAttempts)
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: service.signingName)
    }

    /// The time to sign with: the configured clock corrected by the skew learned from the service.
    var signingDate: Date { configuration.clock().addingTimeInterval(skew.seconds) }

    var rules: SigV4Signer.Rules { service.usesS3SigningRules ? .s3 : .standard }

    /// Sends a call and returns its 2xx response.
    ///
    /// - Parameters:
    ///   - makeCall: builds the call for attempt n (1-based); most calls ignore n.
    ///   - sink: streams a 2xx body there instead of into memory.
    ///   - embeddedError: inspects a 2xx response for an error inside it (S3 CopyObject and
    ///     CompleteMultipartUpload answer 200 with an `<Error>` body); such an error is retried like a 500.
    func send(
        sink: (any HTTPResponseBodySink)? = nil,
        embeddedError: (@Sendable (HTTPResponse) -> AWSErrorDecoder.Decoded?)? = nil,
        _ makeCall: (Int) throws(AWSError) -> AWSCall
    ) async throws(AWSError) -> HTTPResponse {
        var attempt = 0
        var lastRetryWasTimeout: Bool?
        while true {
            attempt += 1
            let call = try makeCall(attempt)
            let request = try signedRequest(call)
            let failure: AWSError
            let reason: RetryStrategy.Reason?
            switch await perform(request, sink: sink) {
            case .success(var response):
                if !response.isSuccess, response.body.isEmpty, let capturing = sink as? any CapturesErrorBody {
                    response.body = capturing.capturedErrorBody
                }
                if response.isSuccess {
                    if let embeddedError, let decoded = embeddedError(response) {
                        failure = error(call, status: response.status, decoded: decoded, attempts: attempt)
                        reason = .transient
                    } else {
                        retry.recordSuccess(retriedWithTimeout: lastRetryWasTimeout)
                        return response
                    }
                } else {
                    let decoded = AWSErrorDecoder.decode(response, wireProtocol: service.wireProtocol)
                    failure = error(call, status: response.status, decoded: decoded, attempts: attempt)
                    var classified = RetryStrategy.classify(status: response.status, code: decoded.code)
                    if classified == .clockSkew {
                        let serverDate = response.headers["Date"].flatMap(AWSDateFormat.parseHTTPDate)
                        let corrected = serverDate.map { skew.update(serverDate: $0, localDate: configuration.clock()) } ?? false
                        classified = corrected ? .clockSkew : nil
                    }
                    reason = classified
                }
            case .failure(let transportError):
                failure = AWSError(
                    kind: .transport, service: service.id, operation: call.operation, code: "TransportError",
                    message: transportError.description, resource: call.resource, transport: transportError,
                    attempts: attempt)
                reason = RetryStrategy.classify(transportError)
            }

            guard let reason, attempt < retry.maxAttempts, !Task.isCancelled else { throw failure }
            if reason != .clockSkew {
                let isTimeout: Bool
                if case .timeout = failure.transport { isTimeout = true } else { isTimeout = false }
                guard retry.acquireRetryToken(isTimeout: isTimeout) else {
                    var exhausted = failure
                    exhausted.message += " (retry quota exhausted)"
                    throw exhausted
                }
                lastRetryWasTimeout = isTimeout
                do {
                    try await Task.sleep(for: retry.backoff(retry: attempt))
                } catch {
                    throw failure
                }
            }
        }
    }

    private func perform(_ request: HTTPRequest, sink: (any HTTPResponseBodySink)?) async -> Result<HTTPResponse, HTTPError> {
        do throws(HTTPError) {
            if let sink { return .success(try await http.execute(request, streamingBodyInto: sink)) }
            return .success(try await http.execute(request))
        } catch {
            return .failure(error)
        }
    }

    /// Builds and signs the HTTP request for one attempt.
    func signedRequest(_ call: AWSCall) throws(AWSError) -> HTTPRequest {
        var host = endpoint.hostHeader
        if let virtualHost = call.host { host = endpoint.port.map { "\(virtualHost):\($0)" } ?? virtualHost }
        let path = endpoint.basePath + (call.path.isEmpty ? "/" : call.path)
        var headers = call.headers
        headers.set("Host", host)
        let payloadHash: String
        if let given = call.payloadHash {
            payloadHash = given
        } else {
            payloadHash = try Self.payloadHash(call.body, operation: call.operation, service: service.id)
        }
        let signed = signer.signHeaders(
            method: call.method, path: path, query: call.query, headers: headers, payloadHash: payloadHash,
            date: signingDate, rules: rules)
        let url = "\(endpoint.scheme)://\(host)\(path)\(call.query.isEmpty ? "" : "?" + call.query)"
        return HTTPRequest(method: call.method, url: url, headers: signed.headers, body: call.body, timeout: call.timeout)
    }

    /// Hex SHA-256 of a body; a file range is read in 1 MiB pieces so memory stays flat.
    static func payloadHash(_ body: HTTPRequestBody, operation: String, service: String) throws(AWSError) -> String {
        switch body {
        case .none:
            return SigV4Signer.emptyPayloadHash
        case .bytes(let data):
            return SigV4Signer.sha256Hex(data)
        case .file(let path, let offset, let length):
            do {
                return try FileHashing.sha256Hex(path: path, offset: offset, length: length)
            } catch {
                throw AWSError(
                    kind: .invalidRequest, service: service, operation: operation, code: "UnreadableBody",
                    message: error.description, resource: path)
            }
        }
    }

    func error(_ call: AWSCall, status: Int, decoded: AWSErrorDecoder.Decoded, attempts: Int) -> AWSError {
        AWSError(
            kind: .service, service: service.id, operation: call.operation, status: status, code: decoded.code,
            message: decoded.message, requestID: decoded.requestID, resource: call.resource, attempts: attempts)
    }

    func invalidResponse(_ operation: String, resource: String? = nil, _ detail: String) -> AWSError {
        AWSError(kind: .invalidResponse, service: service.id, operation: operation, code: "InvalidResponse", message: detail, resource: resource)
    }
}
