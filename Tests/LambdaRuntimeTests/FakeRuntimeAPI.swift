import Foundation
import Synchronization
import TestSupport

/// A Runtime API for in-process tests of what the emulator cannot produce: 410 and 413 answers, a 500 on
/// `/next`, slow long-polls, chosen deadlines and headers. It serves the scripted invocations in order;
/// once they run out, `/next` answers 500, which ends the runtime loop.
final class FakeRuntimeAPI: Sendable {
    struct Invocation: Sendable {
        var requestID: String
        var event: Data
        var headers: [(String, String)] = []
        /// Delay before `/next` answers (a long-poll).
        var delay: Duration = .zero
        /// Status for this invocation's `/response` (202, or 410, 413, …).
        var responseStatus = 202
        /// Send the event with chunked transfer encoding, as Go's HTTP server does for large bodies.
        var chunked = false
    }

    struct Posted: Sendable {
        let path: String
        let headers: [(String, String)]
        let body: Data
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    private final class State: Sendable {
        let queue: Mutex<[Invocation]>
        let statuses = Mutex<[String: Int]>([:])
        init(_ invocations: [Invocation]) { queue = Mutex(invocations) }
    }

    let server: LoopbackHTTPServer

    init(_ invocations: [Invocation]) throws {
        let state = State(invocations)
        server = try LoopbackHTTPServer { request in
            let prefix = "/2018-06-01/runtime/"
            guard request.path.hasPrefix(prefix) else { return .respond(status: 404) }
            let path = String(request.path.dropFirst(prefix.count))
            if path == "invocation/next" {
                guard let next = state.queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else {
                    return .respond(status: 500, body: Data("{\"errorType\":\"Runtime.ExitError\"}".utf8))
                }
                state.statuses.withLock { $0[next.requestID] = next.responseStatus }
                var headers = [("Lambda-Runtime-Aws-Request-Id", next.requestID), ("Content-Type", "application/json")]
                headers += next.headers
                guard next.chunked else { return .respond(status: 200, headers: headers, body: next.event, delay: next.delay) }
                var body = Data()
                var offset = 0
                while offset < next.event.count {
                    let size = min(7_777, next.event.count - offset)
                    body += Data("\(String(size, radix: 16));ext=1\r\n".utf8) + next.event[offset..<offset + size] + Data("\r\n".utf8)
                    offset += size
                }
                body += Data("0\r\n\r\n".utf8)
                headers.append(("Transfer-Encoding", "chunked"))
                return .respond(status: 200, headers: headers, body: body, delay: next.delay)
            }
            if path.hasSuffix("/response") {
                let id = path.dropFirst("invocation/".count).dropLast("/response".count)
                let status = state.statuses.withLock { $0[String(id)] } ?? 202
                return .respond(status: status, body: Data("{\"status\":\"OK\"}".utf8))
            }
            return .respond(status: 202, body: Data("{\"status\":\"OK\"}".utf8))
        }
    }

    var endpoint: String { "127.0.0.1:\(server.port)" }

    /// Every POST the runtime made, in order.
    var posted: [Posted] {
        server.requests.filter { $0.method == "POST" }.map {
            Posted(path: String($0.path.dropFirst("/2018-06-01/runtime/".count)), headers: $0.headers, body: $0.body)
        }
    }

    var nextCalls: Int { server.requests.filter { $0.path.hasSuffix("/invocation/next") }.count }
}
