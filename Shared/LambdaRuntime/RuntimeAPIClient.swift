#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Lambda Runtime API (version 2018-06-01) over HTTP: fetch the next event, post its response or
/// error, report an init failure.
struct RuntimeAPIClient: Sendable {
    /// An invocation as `/next` delivers it.
    struct Invocation: Sendable {
        let headers: [(String, String)]
        let event: Data

        func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveEquals(name) }?.1
        }
    }

    /// How the Runtime API took a response or error report.
    enum Outcome: Equatable, Sendable {
        case accepted
        /// 410: the invocation is no longer current (a newer attempt replaced it); continue with the next.
        case stale
        /// 413: the payload is over the limit.
        case tooLarge
        /// Another 4xx: this invocation cannot be answered; continue with the next.
        case rejected(status: Int, body: String)
    }

    private let connection: RuntimeAPIConnection
    private let basePath = "/2018-06-01/runtime"

    init(endpoint: String) throws(RuntimeAPIError) {
        do {
            connection = try RuntimeAPIConnection(endpoint: endpoint)
        } catch {
            throw .transport(error.description)
        }
    }

    /// Long-polls for the next event. No timeout: Lambda may freeze the process while it waits.
    func next() async throws(RuntimeAPIError) -> Invocation {
        let response = try send("GET", "invocation/next", headers: [], body: [])
        guard response.status == 200 else {
            throw .unexpectedStatus(path: "invocation/next", status: response.status, body: String(decoding: response.body, as: UTF8.self))
        }
        return Invocation(headers: response.headers, event: response.body)
    }

    func respond(requestID: String, invocationID: String?, body: Data) async throws(RuntimeAPIError) -> Outcome {
        try await post("invocation/\(requestID)/response", body: body, invocationID: invocationID, extraHeaders: [])
    }

    func reportError(requestID: String, invocationID: String?, report: ErrorReport) async throws(RuntimeAPIError) -> Outcome {
        try await post(
            "invocation/\(requestID)/error", body: Data(report.json.utf8), invocationID: invocationID,
            extraHeaders: [("Lambda-Runtime-Function-Error-Type", report.errorType), ("Content-Type", "application/json")])
    }

    func reportInitError(_ report: ErrorReport) async throws(RuntimeAPIError) -> Outcome {
        try await post(
            "init/error", body: Data(report.json.utf8), invocationID: nil,
            extraHeaders: [("Lambda-Runtime-Function-Error-Type", report.errorType), ("Content-Type", "application/json")])
    }

    private func post(_ path: String, body: Data, invocationID: String?, extraHeaders: [(String, String)]) async throws(RuntimeAPIError)
        -> Outcome
    {
        var headers = extraHeaders
        if let invocationID { headers.append(("Lambda-Runtime-Invocation-Id", invocationID)) }
        if !headers.contains(where: { $0.0 == "Content-Type" }) { headers.append(("Content-Type", "application/octet-stream")) }
        let response = try send("POST", path, headers: headers, body: [UInt8](body))
        switch response.status {
        case 200..<300: return .accepted
        case 410: return .stale
        case 413: return .tooLarge
        case 400..<500: return .rejected(status: response.status, body: String(decoding: response.body, as: UTF8.self))
        default:
            throw .unexpectedStatus(path: path, status: response.status, body: String(decoding: response.body, as: UTF8.self))
        }
    }

    private func send(_ method: String, _ path: String, headers: [(String, String)], body: [UInt8]) throws(RuntimeAPIError)
        -> RuntimeAPIConnection.Response
    {
        do {
            return try connection.send(method: method, path: "\(basePath)/\(path)", headers: headers, body: body)
        } catch {
            throw .transport(error.description)
        }
    }
}

/// The Runtime API itself failed: the execution environment is broken and the runtime should exit.
enum RuntimeAPIError: Error, CustomStringConvertible {
    case transport(String)
    case unexpectedStatus(path: String, status: Int, body: String)

    var description: String {
        switch self {
        case .transport(let error): return "Runtime API unreachable: \(error)"
        case .unexpectedStatus(let path, let status, let body):
            return "Runtime API answered \(status) on \(path): \(body.prefix(300))"
        }
    }
}
