import GA4
import HTTP
import ProtocolBuffers

/// A failed Storage Read API call, naming the call, the table or stream, and the stream offset.
public struct BigQueryReadError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The service answered with this gRPC status (after the retries the status allows).
        case status(GRPCStatus)
        /// The read session expired (6 hours on BigQuery): create a new session with the same snapshot time
        /// and continue each stream from its offset.
        case sessionExpired(GRPCStatus?)
        /// The connection failed or broke, after the retries.
        case transport(HTTPError)
        /// The service's bytes are not a valid gRPC exchange.
        case protocolViolation(String)
        /// A response message that does not decode.
        case badMessage(ProtobufReader.Problem)
        /// No access token.
        case authentication(GA4Error)
        /// The libcurl in use cannot speak HTTP/2: read through the REST API (`BigQueryTablesClient`) instead.
        case http2Unavailable(libcurl: String)
    }

    public var kind: Kind
    /// `CreateReadSession`, `ReadRows` or `SplitReadStream`.
    public var call: String
    /// The table (CreateReadSession) or stream name.
    public var resource: String
    /// For ReadRows: the offset the stream had reached (the resume point).
    public var offset: Int64?
    /// Attempts made, the first included.
    public var attempts: Int

    public init(kind: Kind, call: String, resource: String, offset: Int64? = nil, attempts: Int = 1) {
        self.kind = kind
        self.call = call
        self.resource = resource
        self.offset = offset
        self.attempts = attempts
    }

    /// The gRPC code, when the service gave one.
    public var statusCode: GRPCStatusCode? {
        switch kind {
        case .status(let status): status.code
        case .sessionExpired(let status): status?.code
        default: nil
        }
    }

    public var isSessionExpired: Bool {
        if case .sessionExpired = kind { return true }
        return false
    }

    public var description: String {
        var place = "\(call) of \(resource)"
        if let offset { place += " at offset \(offset)" }
        let tries = attempts > 1 ? " (after \(attempts) attempts)" : ""
        switch kind {
        case .status(let status): return "\(place) failed\(tries): \(status)"
        case .sessionExpired(let status):
            return "\(place): the read session expired\(status.map { " (\($0))" } ?? ""); create a new session with the same snapshot time"
        case .transport(let error): return "\(place) failed\(tries): \(error)"
        case .protocolViolation(let detail): return "\(place) failed\(tries): gRPC protocol violation: \(detail)"
        case .badMessage(let problem): return "\(place): the response does not decode: \(problem)"
        case .authentication(let error): return "\(place): no access token: \(error)"
        case .http2Unavailable(let libcurl):
            return "\(place): libcurl \(libcurl) has no HTTP/2 (built without nghttp2); use the REST API instead"
        }
    }
}
