import Foundation
import HTTP
import TestSupport
import Testing

@Suite("HTTPResponseStream against a loopback server")
struct HTTPResponseStreamTests {
    @Test func aSlowReaderGetsEveryByteInOrderWhileTheTransferPauses() async throws {
        let body = Data((0..<6_000_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 11) })
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, headers: [("X-Kind", "big")], body: body) }
        defer { server.stop() }
        // A buffer far smaller than the body: the transfer must pause and resume many times.
        let stream = HTTPClient().stream(HTTPRequest(url: server.baseURL), bufferLimit: 64 * 1024)
        let head = try await stream.head()
        #expect(head.status == 200)
        #expect(head.headers["x-kind"] == "big")
        var received = Data()
        var pieces = 0
        while let piece = try await stream.next() {
            received.append(contentsOf: piece)
            pieces += 1
            if pieces % 16 == 0 { try await Task.sleep(for: .milliseconds(1)) }
        }
        #expect(received == body)
        #expect(try await stream.response().status == 200)
    }

    @Test func aFailureBeforeTheHeadIsThrownToTheReader() async throws {
        let server = try LoopbackHTTPServer { _ in .drop }
        defer { server.stop() }
        let stream = HTTPClient().stream(HTTPRequest(url: server.baseURL, timeout: .seconds(5)))
        await #expect(throws: HTTPError.self) { try await stream.head() }
        await #expect(throws: HTTPError.self) { try await stream.next() }
    }

    @Test func anEmptyBodyEndsAtOnce() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 204) }
        defer { server.stop() }
        let stream = HTTPClient().stream(HTTPRequest(url: server.baseURL))
        #expect(try await stream.next() == nil)
        #expect(try await stream.head().status == 204)
        #expect(try await stream.trailers().isEmpty)
    }
}
