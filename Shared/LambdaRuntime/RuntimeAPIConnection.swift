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

/// A blocking HTTP/1.1 connection to the Runtime API, on a plain socket.
///
/// The Runtime API is unencrypted HTTP on a loopback address, and a function serves one invocation at a
/// time, so this needs none of libcurl: keeping libcurl (and the 30-odd libraries it pulls in) out of the
/// path to the first `/next` is most of a cold start. The connection is kept alive across invocations
/// and reopened once if the peer closed it.
final class RuntimeAPIConnection: @unchecked Sendable {
    struct Response {
        let status: Int
        let headers: [(String, String)]
        let body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveEquals(name) }?.1
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case badEndpoint(String)
        case connect(String, Int32)
        case io(String, Int32)
        case malformed(String)

        var description: String {
            switch self {
            case .badEndpoint(let endpoint): return "AWS_LAMBDA_RUNTIME_API is not host:port: \(endpoint)"
            case .connect(let endpoint, let code): return "cannot connect to \(endpoint): \(String(cString: strerror(code)))"
            case .io(let what, let code): return "\(what) failed: \(String(cString: strerror(code)))"
            case .malformed(let detail): return "malformed response: \(detail)"
            }
        }
    }

    let endpoint: String
    private let host: String
    private let port: UInt16
    private var socketFD: Int32 = -1
    private var buffer: [UInt8] = []
    private var bufferStart = 0

    init(endpoint: String) throws(Failure) {
        var text = endpoint
        if text.hasPrefix("http://") { text.removeFirst(7) }
        while text.hasSuffix("/") { text.removeLast() }
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw .badEndpoint(endpoint)
        }
        self.endpoint = text
        host = String(text[..<colon])
        self.port = port
        buffer.reserveCapacity(64 * 1024)
    }

    deinit { disconnect() }

    /// Sends one request and reads the whole response. Retries once on a fresh connection when a kept-alive
    /// one turns out to be closed before any response byte arrived.
    func send(method: String, path: String, headers: [(String, String)], body: [UInt8]) throws(Failure) -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(endpoint)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method != "GET" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let reused = socketFD >= 0
        do {
            return try exchange(Array(head.utf8), body)
        } catch {
            disconnect()
            guard reused else { throw error }
            return try exchange(Array(head.utf8), body)
        }
    }

    private func exchange(_ head: [UInt8], _ body: [UInt8]) throws(Failure) -> Response {
        if socketFD < 0 { try connect() }
        try writeAll(head)
        if !body.isEmpty { try writeAll(body) }
        return try readResponse()
    }

    private func connect() throws(Failure) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &results) == 0, let first = results else {
            throw .connect(endpoint, EHOSTUNREACH)
        }
        defer { freeaddrinfo(results) }
        var lastError: Int32 = ECONNREFUSED
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                if systemConnect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    var one: Int32 = 1
                    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    socketFD = fd
                    buffer.removeAll(keepingCapacity: true)
                    bufferStart = 0
                    return
                }
                lastError = errno
                close(fd)
            }
            candidate = info.pointee.ai_next
        }
        throw .connect(endpoint, lastError)
    }

    private func disconnect() {
        if socketFD >= 0 { close(socketFD) }
        socketFD = -1
        buffer.removeAll(keepingCapacity: true)
        bufferStart = 0
    }

    private func writeAll(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                systemSend(socketFD, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .io("write to \(endpoint)", errno)
            }
            offset += written
        }
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws(Failure) -> Bool {
        if bufferStart > 0 && bufferStart == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            bufferStart = 0
        }
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: 65536))
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in recv(socketFD, raw.baseAddress! + oldCount, 65536, 0) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                buffer.removeLast(65536)
                throw .io("read from \(endpoint)", errno)
            }
            buffer.removeLast(65536 - count)
            return count > 0
        }
    }

    private func readLine() throws(Failure) -> String {
        while true {
            if let newline = buffer[bufferStart...].firstIndex(of: 10) {
                var end = newline
                if end > bufferStart && buffer[end - 1] == 13 { end -= 1 }
                let line = String(decoding: buffer[bufferStart..<end], as: UTF8.self)
                bufferStart = newline + 1
                return line
            }
            guard try fill() else { throw .malformed("connection closed inside the headers") }
        }
    }

    /// A response body being received: one malloc'd block that grows as chunks arrive and becomes the
    /// returned `Data` without a copy, so a 6 MB event lands once, straight in the buffer the handler reads.
    private struct BodyBuffer {
        var storage: UnsafeMutableRawPointer?
        var count = 0
        var capacity = 0

        mutating func reserve(_ more: Int) {
            guard count + more > capacity else { return }
            capacity = max(count + more, capacity * 2)
            guard let grown = realloc(storage, capacity) else { fatalError("out of memory for a \(capacity)-byte body") }
            storage = grown
        }

        consuming func data() -> Data {
            guard let storage, count > 0 else {
                free(storage)
                return Data()
            }
            return Data(bytesNoCopy: storage, count: count, deallocator: .free)
        }
    }

    /// Appends the next `count` body bytes: those already buffered, then straight from the socket.
    private func readBody(_ count: Int, into body: inout BodyBuffer) throws(Failure) {
        guard count > 0 else { return }
        body.reserve(count)
        let buffered = min(count, buffer.count - bufferStart)
        let destination = body.storage! + body.count
        buffer.withUnsafeBytes { raw in destination.copyMemory(from: raw.baseAddress! + bufferStart, byteCount: buffered) }
        bufferStart += buffered
        var received = buffered
        while received < count {
            let got = recv(socketFD, destination + received, count - received, 0)
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                body.count += received
                if got < 0 { throw .io("read from \(endpoint)", errno) }
                throw .malformed("connection closed after \(received) of \(count) body bytes")
            }
            received += got
        }
        body.count += count
    }

    private func readResponse() throws(Failure) -> Response {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw .malformed("status line \"\(statusLine.prefix(80))\"")
        }
        var headers: [(String, String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            var value = line[line.index(after: colon)...]
            while value.first == " " || value.first == "\t" { value.removeFirst() }
            while value.last == " " || value.last == "\t" { value.removeLast() }
            headers.append((String(line[..<colon]), String(value)))
        }
        let response = Response(status: status, headers: headers, body: Data())
        var body = BodyBuffer()
        defer { free(body.storage) }
        if response.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
                    throw .malformed("chunk size \"\(sizeLine.prefix(40))\"")
                }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    break
                }
                try readBody(size, into: &body)
                _ = try readLine()
            }
        } else if let length = response.header("Content-Length").flatMap(Int.init) {
            try readBody(length, into: &body)
        } else if status == 204 || status == 304 || (100..<200).contains(status) {
            // No body.
        } else {
            // No length: the body runs to the end of the connection.
            while try fill() {}
            try readBody(buffer.count - bufferStart, into: &body)
            disconnect()
        }
        if response.header("Connection")?.lowercased() == "close" { disconnect() }
        let data = body.data()
        body = BodyBuffer()  // handed over to `data`; the deferred free sees nothing
        return Response(status: status, headers: headers, body: data)
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}

// The module imports Glibc, Musl or Darwin; these name the system calls unambiguously next to the methods.
@inline(__always)
private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
    connect(fd, address, length)
}

@inline(__always)
private func systemSend(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    return send(fd, pointer, count, 0)
    #else
    return send(fd, pointer, count, Int32(MSG_NOSIGNAL))
    #endif
}
