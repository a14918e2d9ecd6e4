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

/// The state of one request while libcurl runs it. Created on the caller's task, then touched only by the
/// transfer thread until `finish` resumes the caller.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let sink: (any HTTPResponseBodySink)?
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private let finished = Mutex(false)
    /// Set by the caller's cancellation; the transfer thread checks it when it picks the transfer up, so a
    /// cancellation that overtakes the submission is not lost.
    let cancelRequested = Atomic<Bool>(false)

    var handle: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    private var responseHeaders = HTTPHeaders()
    /// Header lines after the blank line that ends the final header block are trailers.
    private var headerBlockEnded = false
    private var responseTrailers = HTTPHeaders()
    /// How a sink that paused the transfer resumes it; set by the transfer loop before the transfer starts.
    var control = HTTPTransferControl(resume: {})
    /// The status of the last status line seen, and whether the sink has been told about it.
    private var responseStatus = 0
    private var sinkStarted = false
    private var responseBody = Data()
    /// An error raised inside a callback (sink threw, file unreadable); reported instead of curl's code.
    private var callbackError: HTTPError?

    private var bodyData: Data?
    private var bodyOffset = 0
    private var bodyFile: UnsafeMutablePointer<FILE>?
    private var bodyFileRemaining: Int64 = 0

    init(request: HTTPRequest, sink: (any HTTPResponseBodySink)?, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        self.request = request
        self.sink = sink
        self.continuation = continuation
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        if let headerList { ccurl_slist_free_all(headerList) }
        if let bodyFile { fclose(bodyFile) }
        errorBuffer.deallocate()
    }

    /// Sets every option on a fresh (or reset) easy handle. Throws for requests that cannot be sent.
    func configure(_ handle: UnsafeMutableRawPointer, caBundle: String?) throws(HTTPError) {
        self.handle = handle
        let url = request.url
        var failed: CURLcode = CURLE_OK
        func check(_ code: CURLcode) { if code != CURLE_OK && failed == CURLE_OK { failed = code } }

        check(url.withCString { ccurl_setopt_pointer(handle, CURLOPT_URL, $0) })
        check(ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        check(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        check(ccurl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1))
        check(ccurl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        switch request.version {
        case .http1_1: check(ccurl_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1))
        case .http2: check(ccurl_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS))
        case .http2PriorKnowledge:
            check(ccurl_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE))
            // libcurl before 8.0 fails every request after the first on a reused prior-knowledge connection
            // ("Error in the HTTP2 framing layer", curl/curl#10634): one connection per request. Only plain-text
            // local servers use prior knowledge; TLS (ALPN) connections are reused normally.
            check(ccurl_setopt_long(handle, CURLOPT_FRESH_CONNECT, 1))
            check(ccurl_setopt_long(handle, CURLOPT_FORBID_REUSE, 1))
        }
        if request.version != .http1_1 {
            // Wait for a connection that can multiplex rather than opening a second one to the same host.
            check(ccurl_setopt_long(handle, CURLOPT_PIPEWAIT, 1))
        }
        if sink != nil {
            // Streamed bodies (gRPC streams of many MB): larger reads, fewer callbacks.
            check(ccurl_setopt_long(handle, CURLOPT_BUFFERSIZE, 512 * 1024))
        }
        check(ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        check(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)))
        check(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.timeout.map(Self.milliseconds) ?? 0))
        if let caBundle {
            check(caBundle.withCString { ccurl_setopt_pointer(handle, CURLOPT_CAINFO, $0) })
        }

        let context = Unmanaged.passUnretained(self).toOpaque()
        check(ccurl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, curlWriteBody))
        check(ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        check(ccurl_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader))
        check(ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))

        var headers = request.headers
        try configureMethodAndBody(handle, headers: &headers, check: check)
        for field in headers {
            guard !field.name.utf8.contains(where: { $0 == 10 || $0 == 13 || $0 == 58 }),
                !field.value.utf8.contains(where: { $0 == 10 || $0 == 13 })
            else {
                throw .invalidRequest(url: url, detail: "header \(field.name) contains a line break or colon")
            }
            // "Name;" is curl's way to send a header with an empty value; "Name:" removes a default header.
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            headerList = ccurl_slist_append(headerList, line)
        }
        check(ccurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList))
        if failed != CURLE_OK {
            throw .invalidRequest(url: url, detail: String(cString: ccurl_easy_strerror(failed)))
        }
    }

    private func configureMethodAndBody(
        _ handle: UnsafeMutableRawPointer,
        headers: inout HTTPHeaders,
        check: (CURLcode) -> Void
    ) throws(HTTPError) {
        let method = request.method.uppercased()
        switch request.body {
        case .none:
            bodyData = nil
        case .bytes(let data):
            bodyData = data
        case .file(let path, let offset, let length):
            guard let file = fopen(path, "rb") else {
                throw .body(url: request.url, detail: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            bodyFile = file
            bodyFileRemaining = length
            if fseeko(file, off_t(offset), SEEK_SET) != 0 {
                throw .body(url: request.url, detail: "cannot seek to \(offset) in \(path)")
            }
        }
        let sendsBody = request.body.length > 0 || ["POST", "PUT", "PATCH"].contains(method)
        if method == "HEAD" {
            check(ccurl_setopt_long(handle, CURLOPT_NOBODY, 1))
        } else if sendsBody {
            // UPLOAD streams the body through the read callback with a Content-Length; unlike POSTFIELDS
            // it adds no form-encoded Content-Type, and the method is set explicitly.
            check(ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1))
            check(ccurl_setopt_offset(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.body.length)))
            check(ccurl_setopt_read_function(handle, curlReadBody))
            check(ccurl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(self).toOpaque()))
            if method != "PUT" { check(method.withCString { ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, $0) }) }
            // Without this, curl waits up to a second for "100 Continue" before sending bodies over 1 MB.
            if !headers.contains("Expect") { headerList = ccurl_slist_append(headerList, "Expect:") }
        } else if method != "GET" {
            check(method.withCString { ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, $0) })
        } else {
            check(ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        }
    }

    // MARK: callbacks (transfer thread)

    fileprivate func receiveBody(_ pointer: UnsafeRawPointer, count: Int) -> Int {
        if let sink {
            do {
                if !sinkStarted {
                    sinkStarted = true
                    try sink.responseStarted(status: responseStatus, headers: responseHeaders)
                }
                if try !sink.offer(UnsafeRawBufferPointer(start: pointer, count: count), control: control) {
                    return Int(CURL_WRITEFUNC_PAUSE)  // libcurl keeps the bytes and offers them again on resume
                }
            } catch {
                callbackError = .body(url: request.url, detail: "response sink failed: \(error)")
                return 0  // any count other than the one given aborts the transfer
            }
        } else {
            if responseBody.isEmpty, let length = responseHeaders["Content-Length"].flatMap(Int.init), length > 0 {
                responseBody.reserveCapacity(length)
            }
            responseBody.append(pointer.assumingMemoryBound(to: UInt8.self), count: count)
        }
        return count
    }

    fileprivate func receiveHeaderLine(_ pointer: UnsafeRawPointer, count: Int) -> Int {
        let bytes = UnsafeRawBufferPointer(start: pointer, count: count)
        if bytes.starts(with: "HTTP/".utf8) {
            // A new status line: an interim 100 Continue or a redirect came first; start over.
            responseHeaders = HTTPHeaders()
            responseTrailers = HTTPHeaders()
            headerBlockEnded = false
            let fields = bytes.split(separator: 32, maxSplits: 2)
            if fields.count >= 2 { responseStatus = Int(String(decoding: fields[1], as: UTF8.self)) ?? 0 }
            return count
        }
        guard let colon = bytes.firstIndex(of: 58) else {
            if responseStatus != 0, bytes.allSatisfy({ $0 == 10 || $0 == 13 }) { headerBlockEnded = true }
            return count
        }
        // Trim on bytes: in Swift "\r\n" is one Character, so trimming Characters would miss it.
        var start = colon + 1
        var end = bytes.endIndex
        while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
        while end > start, [10, 13, 32, 9].contains(bytes[end - 1]) { end -= 1 }
        let name = String(decoding: bytes[..<colon], as: UTF8.self)
        let value = String(decoding: bytes[start..<end], as: UTF8.self)
        if headerBlockEnded {
            responseTrailers.add(name, value)
        } else {
            responseHeaders.add(name, value)
        }
        return count
    }

    fileprivate func sendBody(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        if let data = bodyData {
            let count = min(capacity, data.count - bodyOffset)
            guard count > 0 else { return 0 }
            data.withUnsafeBytes { source in
                buffer.copyMemory(from: source.baseAddress! + bodyOffset, byteCount: count)
            }
            bodyOffset += count
            return count
        }
        if let file = bodyFile {
            let wanted = Int(min(Int64(capacity), bodyFileRemaining))
            guard wanted > 0 else { return 0 }
            let read = fread(buffer, 1, wanted, file)
            if read < wanted {
                callbackError = .body(url: request.url, detail: "file ended \(bodyFileRemaining - Int64(read)) bytes early")
                return Int(CURL_READFUNC_ABORT)
            }
            bodyFileRemaining -= Int64(read)
            return read
        }
        return 0
    }

    // MARK: completion

    /// Turns curl's result into a response or an error and resumes the caller. Runs once.
    func complete(code: CURLcode) {
        guard let handle else { return }
        if code == CURLE_OK {
            var status = 0
            ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            finish(.success(HTTPResponse(status: status, headers: responseHeaders, body: responseBody, trailers: responseTrailers)))
        } else {
            finish(.failure(error(for: code)))
        }
    }

    func finish(_ result: Result<HTTPResponse, HTTPError>) {
        let first = finished.withLock { done in
            defer { done = true }
            return !done
        }
        guard first, let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result.mapError { $0 as any Error })
    }

    private func error(for code: CURLcode) -> HTTPError {
        if let callbackError { return callbackError }
        let url = request.url
        let detail = errorBuffer.pointee != 0 ? String(cString: errorBuffer) : String(cString: ccurl_easy_strerror(code))
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns(url: url, detail: detail)
        case CURLE_COULDNT_CONNECT:
            return .connect(url: url, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(url: url, detail: detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED:
            return .tls(url: url, detail: detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            return .invalidRequest(url: url, detail: detail)
        case CURLE_READ_ERROR, CURLE_WRITE_ERROR, CURLE_ABORTED_BY_CALLBACK:
            return .body(url: url, detail: detail)
        default:
            return .transfer(url: url, detail: detail)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

private func transfer(_ userdata: UnsafeMutableRawPointer?) -> CurlTransfer {
    Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
}

private let curlWriteBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    pointer, size, count, userdata in
    transfer(userdata).receiveBody(UnsafeRawPointer(pointer!), count: size * count)
}

private let curlWriteHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    pointer, size, count, userdata in
    transfer(userdata).receiveHeaderLine(UnsafeRawPointer(pointer!), count: size * count)
}

private let curlReadBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    buffer, size, count, userdata in
    transfer(userdata).sendBody(into: UnsafeMutableRawPointer(buffer!), capacity: size * count)
}
