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
    /// Fields sent after the body (HTTP/2 trailers, HTTP/1.1 chunked trailers): gRPC puts its status there.
    public var trailers: HTTPHeaders

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), trailers: HTTPHeaders = [:]) {
        self.status = status
        self.headers = headers
        self.body = body
        self.trailers = trailers
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
    /// Like `write`, but the sink may decline the bytes for now (back-pressure): returning false pauses the
    /// transfer and libcurl keeps the bytes; it offers them again after `control.resume()`. The default
    /// takes every byte through `write`.
    func offer(_ bytes: UnsafeRawBufferPointer, control: HTTPTransferControl) throws -> Bool
}

extension HTTPResponseBodySink {
    public func responseStarted(status: Int, headers: HTTPHeaders) throws {}

    public func offer(_ bytes: UnsafeRawBufferPointer, control: HTTPTransferControl) throws -> Bool {
        try write(bytes)
        return true
    }
}

/// Resumes a transfer that a sink paused. Safe to call from any thread, and after the transfer ended.
public struct HTTPTransferControl: Sendable {
    private let resumeAction: @Sendable () -> Void

    init(resume: @escaping @Sendable () -> Void) { resumeAction = resume }

    public func resume() { resumeAction() }
}
