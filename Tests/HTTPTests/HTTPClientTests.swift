import Foundation
import HTTP
import TestSupport
import Testing

@Suite("HTTPClient against a loopback server")
struct HTTPClientTests {
    let client = HTTPClient()

    @Test func getReturnsStatusHeadersAndBody() async throws {
        let server = try LoopbackHTTPServer { _ in
            .respond(status: 200, headers: [("X-Answer", "42"), ("Content-Type", "text/plain")], body: Data("hello".utf8))
        }
        let response = try await client.execute(HTTPRequest(url: "\(server.baseURL)/path?q=1"))
        #expect(response.status == 200)
        #expect(response.headers["x-answer"] == "42")
        #expect(response.headers["Content-Type"] == "text/plain")
        #expect(response.bodyText == "hello")
        #expect(server.requests.first?.method == "GET")
        #expect(server.requests.first?.path == "/path?q=1")
    }

    @Test func postSendsTheBodyWithLengthAndNoImplicitHeaders() async throws {
        let server = try LoopbackHTTPServer { request in .respond(status: 201, body: request.body) }
        let body = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let response = try await client.execute(
            HTTPRequest(method: "POST", url: server.baseURL, headers: ["X-Empty": ""], body: .bytes(body)))
        #expect(response.status == 201)
        #expect(response.body == body)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.header("Content-Length") == "3000000")
        #expect(request.header("Content-Type") == nil, "libcurl's form Content-Type must not be added")
        #expect(request.header("Expect") == nil, "no 100-continue round trip")
        #expect(request.header("X-Empty") == "")
    }

    @Test func emptyPostSendsContentLengthZero() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 200) }
        _ = try await client.execute(HTTPRequest(method: "POST", url: server.baseURL))
        #expect(server.requests.first?.header("Content-Length") == "0")
    }

    @Test func putStreamsAByteRangeOfAFile() async throws {
        let server = try LoopbackHTTPServer { request in .respond(status: 200, body: request.body) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("http-range-\(UUID()).bin").path
        let content = Data((0..<1_000_000).map { UInt8(truncatingIfNeeded: $0) })
        try content.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let response = try await client.execute(
            HTTPRequest(method: "PUT", url: server.baseURL, body: .file(path: path, offset: 1000, length: 500_000)))
        #expect(response.body == content[1000..<501_000])
        #expect(server.requests.first?.method == "PUT")
    }

    @Test func aFileShorterThanDeclaredFailsWithABodyError() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 200) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("http-short-\(UUID()).bin").path
        try Data(count: 10).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect {
            _ = try await client.execute(HTTPRequest(method: "PUT", url: server.baseURL, body: .file(path: path, offset: 0, length: 100)))
        } throws: { error in
            guard case .body(_, let detail) = error as? HTTPError else { return false }
            return detail.contains("early")
        }
    }

    @Test func headAndDeleteUseTheirMethods() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 204, headers: [("Content-Length", "0")]) }
        _ = try await client.execute(HTTPRequest(method: "HEAD", url: server.baseURL))
        _ = try await client.execute(HTTPRequest(method: "DELETE", url: server.baseURL))
        #expect(server.requests.map(\.method) == ["HEAD", "DELETE"])
    }

    @Test func streamsTheResponseIntoAFile() async throws {
        let payload = Data((0..<2_500_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, body: payload) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("http-sink-\(UUID()).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try FileSink(path: path)
        let response = try await client.execute(HTTPRequest(url: server.baseURL), streamingBodyInto: sink)
        sink.close()
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(sink.bytesWritten == Int64(payload.count))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == payload)
    }

    @Test func errorStatusesAreResponsesNotErrors() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 503, body: Data("SlowDown".utf8)) }
        let response = try await client.execute(HTTPRequest(url: server.baseURL))
        #expect(response.status == 503)
        #expect(!response.isSuccess)
        #expect(response.bodyText == "SlowDown")
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, body: Data("ok".utf8)) }
        for _ in 0..<20 { _ = try await client.execute(HTTPRequest(url: server.baseURL)) }
        #expect(server.requests.count == 20)
        #expect(server.connectionsAccepted == 1)
    }

    @Test func manyConcurrentRequestsAllComplete() async throws {
        let server = try LoopbackHTTPServer { request in
            .respond(status: 200, body: Data(request.path.utf8), delay: .milliseconds(20))
        }
        let paths = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<64 {
                group.addTask { (index, try await client.execute(HTTPRequest(url: "\(server.baseURL)/\(index)")).bodyText) }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        #expect(paths.count == 64)
        #expect(paths.allSatisfy { $0.value == "/\($0.key)" })
    }

    @Test func timeoutIsReportedAsTimeout() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, delay: .seconds(3)) }
        await #expect {
            _ = try await client.execute(HTTPRequest(url: server.baseURL, timeout: .milliseconds(200)))
        } throws: { error in
            guard case .timeout(let url, _) = error as? HTTPError else { return false }
            return url == server.baseURL
        }
    }

    @Test func refusedConnectionIsReportedAsConnect() async throws {
        let port = try TestEnvironment.freePort()
        await #expect {
            _ = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
        } throws: { error in
            guard let error = error as? HTTPError, case .connect = error else { return false }
            return error.isTransient && error.description.contains("127.0.0.1:\(port)")
        }
    }

    @Test func unknownHostIsReportedAsDNS() async throws {
        await #expect {
            _ = try await client.execute(HTTPRequest(url: "http://no-such-host.invalid/", timeout: .seconds(10)))
        } throws: { error in
            if case .dns = error as? HTTPError { return true }
            return false
        }
    }

    @Test func tlsToAPlainServerIsReportedAsTLS() async throws {
        // A plain-HTTP server answers the TLS ClientHello with HTTP text: the handshake must fail as TLS.
        let server = try LoopbackHTTPServer(greeting: Data("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8)) { _ in
            .drop
        }
        await #expect {
            _ = try await client.execute(HTTPRequest(url: "https://127.0.0.1:\(server.port)/"))
        } throws: { error in
            if case .tls = error as? HTTPError { return true }
            return false
        }
    }

    @Test func droppedConnectionIsReportedAsTransfer() async throws {
        let server = try LoopbackHTTPServer { _ in .drop }
        await #expect {
            _ = try await client.execute(HTTPRequest(url: server.baseURL))
        } throws: { error in
            guard let error = error as? HTTPError, case .transfer = error else { return false }
            return error.isTransient
        }
    }

    @Test func headerInjectionIsRefused() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 200) }
        await #expect {
            _ = try await client.execute(HTTPRequest(url: server.baseURL, headers: ["X-Bad": "a\r\nX-Injected: 1"]))
        } throws: { error in
            if case .invalidRequest = error as? HTTPError { return true }
            return false
        }
        #expect(server.requests.isEmpty)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, delay: .seconds(5)) }
        let task = Task { try await client.execute(HTTPRequest(url: server.baseURL, timeout: nil)) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        await #expect {
            _ = try await task.value
        } throws: { error in
            // Had the transfer run on, the server's answer would have arrived as a 200 instead.
            if case .cancelled = error as? HTTPError { return true }
            return false
        }
    }
}

@Suite struct HTTPHeadersTests {
    @Test func lookupIsCaseInsensitiveAndOrderIsKept() {
        var headers: HTTPHeaders = ["Content-Type": "a", "x-amz-meta-one": "1"]
        headers.add("X-Amz-Meta-One", "2")
        #expect(headers["content-type"] == "a")
        #expect(headers.values(for: "X-AMZ-META-ONE") == ["1", "2"])
        headers.set("x-amz-meta-one", "3")
        #expect(headers.values(for: "x-amz-meta-one") == ["3"])
        headers.remove("CONTENT-TYPE")
        #expect(!headers.contains("content-type"))
        #expect(headers.fields.map(\.name) == ["x-amz-meta-one"])
    }
}
