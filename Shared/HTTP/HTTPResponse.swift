#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A complete HTTP response. For a body written to a `HTTPResponseBodySink`, `body` is empty.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text, with invalid bytes replaced; for error messages and logs.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Receives a response body in pieces as it arrives, on the client's transfer thread.
/// Throwing aborts the transfer; the error is rethrown from `HTTPClient.execute`.
public protocol HTTPResponseBodySink: Sendable {
    /// Called once with the final status and headers before the first `write`, so a sink can tell an
    /// error body from the content it expects. The default does nothing.
    func responseStarted(status: Int, headers: HTTPHeaders) throws
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension HTTPResponseBodySink {
    public func responseStarted(status: Int, headers: HTTPHeaders) throws {}
}
