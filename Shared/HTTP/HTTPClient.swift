import CCurl
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP client on libcurl (HTTP/1.1; HTTP/2 on request), safe to share between tasks.
///
/// All transfers of one client run on one dedicated thread through a libcurl multi handle: many requests
/// can be in flight at once (parallel S3 uploads), connections are kept alive and reused per host, and TLS
/// verifies servers against the system CA bundle.
public final class HTTPClient: Sendable {
    public struct Configuration: Sendable {
        /// CA bundle for TLS verification; by default the first of SSL_CERT_FILE, Amazon Linux's and
        /// Debian's bundle that exists.
        public var caBundlePath: String?
        /// Upper bound of parallel connections to one host.
        public var maxConnectionsPerHost: Int

        public init(caBundlePath: String? = nil, maxConnectionsPerHost: Int = 32) {
            self.caBundlePath = caBundlePath
            self.maxConnectionsPerHost = maxConnectionsPerHost
        }
    }

    private let configuration: Configuration
    /// Created on first use: loading libcurl and its libraries takes milliseconds that a function's init
    /// should not pay unless it makes a request.
    private let loopState = Mutex<CurlMultiLoop?>(nil)

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    deinit {
        loopState.withLock { $0?.stop() }
    }

    /// The libcurl version in use, once loaded.
    public static var libcurlVersion: String? { CurlLibrary.version }

    /// Whether the libcurl in use speaks HTTP/2 (was built with nghttp2); false when libcurl cannot load.
    public static var supportsHTTP2: Bool {
        CurlLibrary.loadError == nil && ccurl_supports_http2() != 0
    }

    /// Loads libcurl on a background thread, so the first request does not wait for it. The Lambda runtime
    /// calls this at start, while it waits for the first event.
    public static func prewarm() {
        var thread = pthread_t()
        if pthread_create(&thread, nil, { _ in
            _ = CurlLibrary.loadError
            return nil
        }, nil) == 0 {
            pthread_detach(thread)
        }
    }

    private func transferLoop() throws(HTTPError) -> CurlMultiLoop {
        let result: Result<CurlMultiLoop, HTTPError> = loopState.withLock { state in
            if let state { return .success(state) }
            let caBundle = configuration.caBundlePath
                ?? CurlLibrary.defaultCABundle(environment: ProcessInfo.processInfo.environment)
            do throws(HTTPError) {
                let loop = try CurlMultiLoop(caBundle: caBundle, maxConnectionsPerHost: configuration.maxConnectionsPerHost)
                state = loop
                return .success(loop)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Sends the request and returns the response, whatever its status.
    /// Transport failures throw `HTTPError`; cancelling the task aborts the transfer.
    public func execute(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        try await run(request, sink: nil)
    }

    /// Sends the request and streams the response body into `sink` as it arrives; the returned response
    /// has the status and headers and an empty body.
    public func execute(_ request: HTTPRequest, streamingBodyInto sink: any HTTPResponseBodySink) async throws(HTTPError)
        -> HTTPResponse
    {
        try await run(request, sink: sink)
    }

    private func run(_ request: HTTPRequest, sink: (any HTTPResponseBodySink)?) async throws(HTTPError) -> HTTPResponse {
        let loop = try transferLoop()
        let box = TransferBox()
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let transfer = CurlTransfer(request: request, sink: sink, continuation: continuation)
                    box.set(transfer)
                    if Task.isCancelled {
                        transfer.finish(.failure(.cancelled(url: request.url)))
                    } else {
                        loop.submit(transfer)
                    }
                }
            } onCancel: {
                if let transfer = box.get() { loop.cancel(transfer) }
            }
        } catch let error as HTTPError {
            throw error
        } catch {
            throw .transfer(url: request.url, detail: "\(error)")
        }
    }
}

/// Hands the transfer from the submitting closure to the cancellation handler.
private final class TransferBox: Sendable {
    private let transfer = Mutex<CurlTransfer?>(nil)
    func set(_ value: CurlTransfer) { transfer.withLock { $0 = value } }
    func get() -> CurlTransfer? { transfer.withLock { $0 } }
}
