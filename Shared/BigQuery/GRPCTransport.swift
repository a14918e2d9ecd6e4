import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a gRPC call did not deliver its messages.
public enum GRPCCallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server ended the call with a status other than OK (from trailers, a trailers-only response, or
    /// mapped from an HTTP status other than 200).
    case status(GRPCStatus)
    /// The connection failed or broke (including an HTTP/2 stream reset).
    case transport(HTTPError)
    /// The server's bytes do not follow the gRPC protocol (framing, content type, a body cut short).
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .status(let status): return status.description
        case .transport(let error): return error.description
        case .protocolViolation(let detail): return "gRPC protocol violation: \(detail)"
        }
    }

    /// The status code a caller acts on: transport failures count as UNAVAILABLE, protocol violations as
    /// INTERNAL, as gRPC clients report them.
    public var code: GRPCStatusCode {
        switch self {
        case .status(let status): return status.code
        case .transport(let error):
            if case .cancelled = error { return .cancelled }
            return .unavailable
        case .protocolViolation: return .internal
        }
    }
}

/// Unary and server-streaming gRPC calls over libcurl's HTTP/2: `https://` negotiates h2 by ALPN, `http://`
/// (a local emulator) uses h2 prior knowledge.
struct GRPCTransport: Sendable {
    let http: HTTPClient
    /// `https://host[:port]` or `http://127.0.0.1:port`, without a trailing slash.
    let baseURL: String
    let userAgent: String

    init(http: HTTPClient, baseURL: String, userAgent: String) {
        self.http = http
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.userAgent = userAgent
    }

    var httpVersion: HTTPVersion { baseURL.hasPrefix("http://") ? .http2PriorKnowledge : .http2 }

    /// The HTTP/2 request of one call: `POST /{service}/{method}` with one framed message.
    func request(path: String, message: [UInt8], metadata: HTTPHeaders, timeout: Duration?) -> HTTPRequest {
        var headers: HTTPHeaders = [
            "content-type": "application/grpc",
            "te": "trailers",
            "user-agent": userAgent,
        ]
        if let timeout {
            // grpc-timeout: at most 8 digits and a unit; whole seconds are enough for calls this long.
            let seconds = max(1, min(99_999_999, Int(timeout.components.seconds)))
            headers.add("grpc-timeout", "\(seconds)S")
        }
        for field in metadata { headers.add(field.name, field.value) }
        return HTTPRequest(
            method: "POST", url: baseURL + path, headers: headers, body: .bytes(Data(GRPCMessageFraming.frame(message))),
            timeout: timeout.map { $0 + .seconds(30) }, version: httpVersion)
    }

    /// A call with one response message.
    func unary(path: String, message: [UInt8], metadata: HTTPHeaders, timeout: Duration) async throws(GRPCCallError) -> [UInt8] {
        let response: HTTPResponse
        do {
            response = try await http.execute(request(path: path, message: message, metadata: metadata, timeout: timeout))
        } catch {
            throw .transport(error)
        }
        try Self.checkHead(status: response.status, headers: response.headers, trailersOnly: response.body.isEmpty ? response.headers : nil)
        var deframer = GRPCMessageDeframer()
        deframer.append(response.body)
        var messages: [[UInt8]] = []
        do {
            while let next = try deframer.next() { messages.append(next) }
        } catch {
            throw .protocolViolation(error.reason)
        }
        try Self.checkEnd(trailers: response.trailers, headers: response.headers, cutShort: deframer.hasPartialMessage)
        guard messages.count == 1 else {
            throw .protocolViolation("a unary call answered with \(messages.count) messages")
        }
        return messages[0]
    }

    /// Starts a server-streaming call; read its messages with `next()`.
    func serverStream(path: String, message: [UInt8], metadata: HTTPHeaders, timeout: Duration?, bufferLimit: Int) -> GRPCServerStream {
        GRPCServerStream(http.stream(request(path: path, message: message, metadata: metadata, timeout: timeout), bufferLimit: bufferLimit))
    }

    /// Refuses a response that is not a gRPC answer: an HTTP error status (mapped to its gRPC code) or a
    /// content type other than application/grpc. A trailers-only error response passes here; its status is
    /// read at the end.
    static func checkHead(status: Int, headers: HTTPHeaders, trailersOnly: HTTPHeaders?) throws(GRPCCallError) {
        if status != 200 {
            if let grpc = GRPCStatus.from(headers), grpc.code != .ok { throw .status(grpc) }
            throw .status(GRPCStatus(code: .forHTTPStatus(status), message: "HTTP status \(status)"))
        }
        if let trailersOnly, GRPCStatus.from(trailersOnly) != nil { return }
        let type = headers["content-type"] ?? ""
        guard type == "application/grpc" || type.hasPrefix("application/grpc+") || type.hasPrefix("application/grpc;") else {
            throw .protocolViolation("content-type is \"\(type)\", not application/grpc")
        }
        if let encoding = headers["grpc-encoding"], encoding != "identity" {
            throw .protocolViolation("grpc-encoding \(encoding) was not asked for")
        }
    }

    /// The call's final status from the trailers, or from the headers of a trailers-only response.
    static func checkEnd(trailers: HTTPHeaders, headers: HTTPHeaders, cutShort: Bool) throws(GRPCCallError) {
        guard let status = GRPCStatus.from(trailers) ?? GRPCStatus.from(headers) else {
            throw .protocolViolation("the response ended without grpc-status")
        }
        guard status.code == .ok else { throw .status(status) }
        if cutShort { throw .protocolViolation("the body ended inside a message") }
    }
}

/// The messages of a server-streaming call as they arrive; memory stays bounded by the HTTP stream's buffer
/// and the largest message.
final class GRPCServerStream: @unchecked Sendable {
    // Used by one reader at a time (the owning row stream), never concurrently.
    private let body: HTTPResponseStream
    private var deframer = GRPCMessageDeframer()
    private var checkedHead = false
    private var ended = false

    init(_ body: HTTPResponseStream) { self.body = body }

    deinit { body.cancel() }

    /// The next message; nil after the last when the call ended with OK. Throws the call's status otherwise.
    func next() async throws(GRPCCallError) -> [UInt8]? {
        while true {
            do {
                if let message = try deframer.next() { return message }
            } catch {
                body.cancel()
                throw .protocolViolation(error.reason)
            }
            if ended { return nil }
            let piece: [UInt8]?
            do {
                if !checkedHead {
                    let head = try await body.head()
                    checkedHead = true
                    // A trailers-only error has no body: its status is in the headers, read at the end below.
                    if head.status != 200 || head.headers["grpc-status"] == nil {
                        try GRPCTransport.checkHead(status: head.status, headers: head.headers, trailersOnly: nil)
                    }
                }
                piece = try await body.next()
            } catch let error as GRPCCallError {
                body.cancel()
                throw error
            } catch let error as HTTPError {
                throw .transport(error)
            } catch {
                throw .protocolViolation("\(error)")
            }
            if let piece {
                deframer.append(piece)
                continue
            }
            let final: HTTPResponse
            do {
                final = try await body.response()
            } catch {
                throw .transport(error)
            }
            try GRPCTransport.checkEnd(trailers: final.trailers, headers: final.headers, cutShort: deframer.hasPartialMessage)
            ended = true
        }
    }

    func cancel() { body.cancel() }
}
