#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One HTTP/1.1 request.
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

    public init(
        method: String = "GET",
        url: String,
        headers: HTTPHeaders = [:],
        body: HTTPRequestBody = .none,
        timeout: Duration? = .seconds(60),
        connectTimeout: Duration = .seconds(10)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
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
