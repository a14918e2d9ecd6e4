/// Why an HTTP exchange failed, in words a user can act on. Every case names the URL.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libcurl could not be loaded (missing library or symbol).
    case clientUnavailable(String)
    /// The host name did not resolve.
    case dns(url: String, detail: String)
    /// TCP connection refused, unreachable or reset before a response.
    case connect(url: String, detail: String)
    /// TLS handshake or certificate verification failed.
    case tls(url: String, detail: String)
    /// The request exceeded its timeout.
    case timeout(url: String, detail: String)
    /// The connection broke while sending or receiving.
    case transfer(url: String, detail: String)
    /// A body source or sink failed (file not readable, sink threw).
    case body(url: String, detail: String)
    /// The request itself is malformed (bad URL, bad header).
    case invalidRequest(url: String, detail: String)
    /// The server answered with a status the caller did not accept.
    case status(url: String, status: Int, body: String)
    case cancelled(url: String)

    public var description: String {
        switch self {
        case .clientUnavailable(let detail): return "HTTP client unavailable: \(detail)"
        case .dns(let url, let detail): return "DNS lookup failed for \(url): \(detail)"
        case .connect(let url, let detail): return "cannot connect to \(url): \(detail)"
        case .tls(let url, let detail): return "TLS failure talking to \(url): \(detail)"
        case .timeout(let url, let detail): return "request to \(url) timed out: \(detail)"
        case .transfer(let url, let detail): return "connection to \(url) broke: \(detail)"
        case .body(let url, let detail): return "request body or response sink failed for \(url): \(detail)"
        case .invalidRequest(let url, let detail): return "invalid request to \(url): \(detail)"
        case .status(let url, let status, let body):
            let excerpt = body.count > 512 ? String(body.prefix(512)) + "…" : body
            return "HTTP \(status) from \(url): \(excerpt)"
        case .cancelled(let url): return "request to \(url) was cancelled"
        }
    }

    /// True for failures where a retry may succeed (connection trouble, timeouts).
    public var isTransient: Bool {
        switch self {
        case .connect, .timeout, .transfer, .dns: return true
        default: return false
        }
    }
}
