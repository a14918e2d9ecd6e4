#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The protocol version a request asks for.
public enum HTTPVersion: Sendable, Equatable {
    case http1_1
    /// HTTP/2 negotiated by ALPN over TLS (`https://`); HTTP/1.1 when the server declines or for `http://`.
    case http2
    /// HTTP/2 without negotiation (h2c "prior knowledge"): for a plain-text server known to speak HTTP/2, such
    /// as a local gRPC emulator.
    case http2PriorKnowledge
}

/// One HTTP request.
public struct HTTPRequest: Sendable {
    public var method: String
    /// An absolute URL, already percent-encoded as it must go on the wire.
    public var url: String
    public var headers: HTTPHeaders
    public var body: HTTPRequestBody
    /// Limit for the whole exchange; nil waits for ever (the Runtime API's `/next` needs that).
    public var timeout: Duration?
    /// Limit for the TCP and TLS handshake.
    public var connectTimeout: Duration
    /// HTTP/1.1 unless a caller needs HTTP/2 (gRPC); `HTTPClient.supportsHTTP2` tells whether libcurl can.
    public var version: HTTPVersion

    public init(
        method: String = "GET",
        url: String,
        headers: HTTPHeaders = [:],
        body: HTTPRequestBody = .none,
        timeout: Duration? = .seconds(60),
        connectTimeout: Duration = .seconds(10),
        version: HTTPVersion = .http1_1
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.version = version
    }
}

/// What a request sends. Bodies are streamed to the socket; none is copied into libcurl.
public enum HTTPRequestBody: Sendable {
    case none
    case bytes(Data)
    /// A byte range of a file, read as it is sent (S3 multipart parts, large uploads).
    case file(path: String, offset: Int64, length: Int64)

    public var length: Int64 {
        switch self {
        case .none: return 0
        case .bytes(let data): return Int64(data.count)
        case .file(_, _, let length): return length
        }
    }
}
