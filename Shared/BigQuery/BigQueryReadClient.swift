import GA4
import HTTP
import ProtocolBuffers

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The OAuth scope for BigQuery. The Storage Read API declares only this and `cloud-platform`; the current
/// discovery document has no `bigquery.readonly` scope any more.
public let bigQueryScope = "https://www.googleapis.com/auth/bigquery"

/// A client of the BigQuery Storage Read API (`google.cloud.bigquery.storage.v1.BigQueryRead`): gRPC over
/// libcurl's HTTP/2, messages written by hand (only the few this reader needs).
public final class BigQueryReadClient: Sendable {
    public struct Configuration: Sendable {
        /// `https://bigquerystorage.googleapis.com`, or `http://127.0.0.1:<port>` for a local emulator
        /// (plain-text HTTP/2).
        public var endpoint: String
        /// Backoff for UNAVAILABLE, RESOURCE_EXHAUSTED, broken streams and the like; attempts count per call
        /// and, for ReadRows, start over whenever rows arrive.
        public var retryPolicy: RetryPolicy
        public var createSessionTimeout: Duration
        /// Limit of one ReadRows call; nil for none (the stream is resumed from its offset if it breaks).
        public var readRowsTimeout: Duration?
        /// Bytes of a stream that may wait for the reader before the transfer pauses.
        public var streamBufferBytes: Int
        public var userAgent: String

        public init(
            endpoint: String = "https://bigquerystorage.googleapis.com",
            retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 6, initialDelay: .milliseconds(500), maxDelay: .seconds(32)),
            createSessionTimeout: Duration = .seconds(600), readRowsTimeout: Duration? = .seconds(86_400),
            streamBufferBytes: Int = 16 << 20, userAgent: String = "ga4-pipeline-bigquery/1"
        ) {
            self.endpoint = endpoint
            self.retryPolicy = retryPolicy
            self.createSessionTimeout = createSessionTimeout
            self.readRowsTimeout = readRowsTimeout
            self.streamBufferBytes = streamBufferBytes
            self.userAgent = userAgent
        }
    }

    static let service = "/google.cloud.bigquery.storage.v1.BigQueryRead/"

    public let configuration: Configuration
    let transport: GRPCTransport
    let tokens: any AccessTokenProvider

    /// - Parameter tokens: a provider asking for `bigQueryScope`.
    public init(http: HTTPClient, tokens: any AccessTokenProvider, configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.tokens = tokens
        transport = GRPCTransport(http: http, baseURL: configuration.endpoint, userAgent: configuration.userAgent)
    }

    /// Creates a read session over `table` in Avro format.
    /// - Parameters:
    ///   - billingProject: the project billed for the read (`projects/{billingProject}`).
    ///   - snapshotTime: the instant to read; pass the same one when re-creating an expired session.
    ///   - maxStreamCount: upper bound of streams (0 lets the service choose); the service may give fewer.
    public func createReadSession(
        billingProject: String, table: BigQueryTableReference, selectedFields: [String] = [], rowRestriction: String = "",
        snapshotTime: ProtobufTimestamp?, maxStreamCount: Int32, preferredMinStreamCount: Int32 = 0
    ) async throws(BigQueryReadError) -> ReadSession {
        let session = ReadSession(
            table: table.resourceName, dataFormat: .avro,
            readOptions: TableReadOptions(selectedFields: selectedFields, rowRestriction: rowRestriction), snapshotTime: snapshotTime)
        return try await createReadSession(
            CreateReadSessionRequest(
                parent: "projects/\(billingProject)", readSession: session, maxStreamCount: maxStreamCount,
                preferredMinStreamCount: preferredMinStreamCount))
    }

    public func createReadSession(_ request: CreateReadSessionRequest) async throws(BigQueryReadError) -> ReadSession {
        let table = request.readSession.table
        let bytes = try await unary(
            "CreateReadSession", resource: table, message: request.protobufBytes,
            routing: ("read_session.table", table), timeout: configuration.createSessionTimeout)
        do {
            return try ReadSession(protobuf: bytes)
        } catch {
            throw BigQueryReadError(kind: .badMessage(error), call: "CreateReadSession", resource: table)
        }
    }

    /// Splits a stream at `fraction` of its remaining rows; both halves are absent when it cannot be split.
    public func splitReadStream(name: String, fraction: Double) async throws(BigQueryReadError) -> SplitReadStreamResponse {
        let bytes = try await unary(
            "SplitReadStream", resource: name, message: SplitReadStreamRequest(name: name, fraction: fraction).protobufBytes,
            routing: ("name", name), timeout: configuration.createSessionTimeout)
        do {
            return try SplitReadStreamResponse(protobuf: bytes)
        } catch {
            throw BigQueryReadError(kind: .badMessage(error), call: "SplitReadStream", resource: name)
        }
    }

    /// The rows of `stream` from `offset` on, block by block. A broken stream is resumed at the rows consumed
    /// so far; the caller may stop at any block and later start again at `BigQueryRowStream.offset`.
    /// - Parameter expireTime: the session's expiry, so an expired session is reported as such without a call.
    public func readRows(stream: String, offset: Int64 = 0, expireTime: ProtobufTimestamp? = nil) -> BigQueryRowStream {
        BigQueryRowStream(client: self, stream: stream, offset: offset, expireTime: expireTime)
    }

    // MARK: calls

    private func unary(
        _ method: String, resource: String, message: [UInt8], routing: (String, String), timeout: Duration
    ) async throws(BigQueryReadError) -> [UInt8] {
        var attempts = 0
        var refreshedToken = false
        while true {
            attempts += 1
            let token = try await accessToken(call: method, resource: resource, offset: nil)
            do {
                return try await transport.unary(
                    path: Self.service + method, message: message, metadata: metadata(token: token, routing: routing), timeout: timeout)
            } catch {
                let decision = RetryDecision(error, refreshedToken: refreshedToken)
                switch decision {
                case .refreshToken:
                    refreshedToken = true
                    await tokens.invalidate(token)
                case .retry(let retryAfter) where attempts < configuration.retryPolicy.maxAttempts:
                    try await pause(configuration.retryPolicy.delay(afterAttempt: attempts, retryAfter: retryAfter),
                                    call: method, resource: resource, offset: nil, attempts: attempts)
                default:
                    throw BigQueryReadError(kind: Self.kind(of: error), call: method, resource: resource, attempts: attempts)
                }
            }
        }
    }

    func accessToken(call: String, resource: String, offset: Int64?) async throws(BigQueryReadError) -> AccessToken {
        guard HTTPClient.supportsHTTP2 else {
            throw BigQueryReadError(kind: .http2Unavailable(libcurl: HTTPClient.libcurlVersion ?? "(not loaded)"), call: call, resource: resource, offset: offset)
        }
        do {
            return try await tokens.accessToken()
        } catch {
            throw BigQueryReadError(kind: .authentication(error), call: call, resource: resource, offset: offset)
        }
    }

    /// gRPC metadata: the token and the routing header Google's front end uses to find the resource's region.
    func metadata(token: AccessToken, routing: (String, String)) -> HTTPHeaders {
        ["authorization": "Bearer \(token.value)", "x-goog-request-params": "\(routing.0)=\(Self.routingValue(routing.1))"]
    }

    /// Percent-encodes a routing value as Google's clients do (URL query encoding that keeps `/`).
    static func routingValue(_ value: String) -> String {
        FormURLEncoding.escape(value, keeping: [UInt8(ascii: "/")])
    }

    func pause(_ delay: Duration, call: String, resource: String, offset: Int64?, attempts: Int) async throws(BigQueryReadError) {
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw BigQueryReadError(kind: .transport(.cancelled(url: configuration.endpoint)), call: call, resource: resource, offset: offset, attempts: attempts)
        }
    }

    static func kind(of error: GRPCCallError) -> BigQueryReadError.Kind {
        switch error {
        case .status(let status): return SessionExpiry.matches(status) ? .sessionExpired(status) : .status(status)
        case .transport(let error): return .transport(error)
        case .protocolViolation(let detail): return .protocolViolation(detail)
        }
    }
}

/// What to do after a failed call.
enum RetryDecision {
    case retry(retryAfter: Duration?)
    case refreshToken
    case fail

    /// Retried as Google's own reader retries (UNAVAILABLE, UNKNOWN, INTERNAL naming RST_STREAM), plus
    /// RESOURCE_EXHAUSTED and DEADLINE_EXCEEDED with backoff, broken connections, and a body cut short.
    /// UNAUTHENTICATED gets one fresh token.
    init(_ error: GRPCCallError, refreshedToken: Bool) {
        switch error {
        case .status(let status):
            switch status.code {
            case .unauthenticated: self = refreshedToken ? .fail : .refreshToken
            case .unavailable, .unknown, .resourceExhausted, .deadlineExceeded, .aborted:
                self = SessionExpiry.matches(status) ? .fail : .retry(retryAfter: nil)
            case .internal: self = status.message.contains("RST_STREAM") ? .retry(retryAfter: nil) : .fail
            default: self = .fail
            }
        case .transport(let error):
            switch error {
            case .cancelled, .clientUnavailable, .invalidRequest, .tls: self = .fail
            default: self = .retry(retryAfter: nil)
            }
        case .protocolViolation(let detail):
            // A stream cut inside a message is a broken connection; anything else will not mend itself.
            self = detail.contains("ended") ? .retry(retryAfter: nil) : .fail
        }
    }
}

/// How BigQuery reports a session past its `expire_time` (FAILED_PRECONDITION or NOT_FOUND naming the
/// expiry; the exact text is not documented, so the word is what is matched).
enum SessionExpiry {
    static func matches(_ status: GRPCStatus) -> Bool {
        [.failedPrecondition, .notFound, .invalidArgument].contains(status.code) && status.message.lowercased().contains("expired")
    }
}
