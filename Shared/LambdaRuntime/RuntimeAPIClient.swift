import HTTP

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
        let headers: HTTPHeaders
        let event: Data
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

    let http: HTTPClient
    let baseURL: String

    init(http: HTTPClient, endpoint: String) {
        self.http = http
        let host = endpoint.hasPrefix("http://") ? String(endpoint.dropFirst(7)) : endpoint
        baseURL = "http://\(host)/2018-06-01/runtime"
    }

    /// Long-polls for the next event. No timeout: Lambda may freeze the process while it waits.
    func next() async throws(RuntimeAPIError) -> Invocation {
        let response = try await send(HTTPRequest(method: "GET", url: "\(baseURL)/invocation/next", timeout: nil))
        guard response.status == 200 else { throw .unexpectedStatus(path: "invocation/next", status: response.status, body: response.bodyText) }
        return Invocation(headers: response.headers, event: response.body)
    }

    func respond(requestID: String, invocationID: String?, body: Data) async throws(RuntimeAPIError) -> Outcome {
        try await post("invocation/\(requestID)/response", body: body, invocationID: invocationID, extraHeaders: [:])
    }

    func reportError(requestID: String, invocationID: String?, report: ErrorReport) async throws(RuntimeAPIError) -> Outcome {
        try await post(
            "invocation/\(requestID)/error", body: Data(report.json.utf8), invocationID: invocationID,
            extraHeaders: ["Lambda-Runtime-Function-Error-Type": report.errorType, "Content-Type": "application/json"])
    }

    func reportInitError(_ report: ErrorReport) async throws(RuntimeAPIError) -> Outcome {
        try await post(
            "init/error", body: Data(report.json.utf8), invocationID: nil,
            extraHeaders: ["Lambda-Runtime-Function-Error-Type": report.errorType, "Content-Type": "application/json"])
    }

    private func post(_ path: String, body: Data, invocationID: String?, extraHeaders: HTTPHeaders) async throws(RuntimeAPIError)
        -> Outcome
    {
        var headers = extraHeaders
        if let invocationID { headers.add("Lambda-Runtime-Invocation-Id", invocationID) }
        if !headers.contains("Content-Type") { headers.add("Content-Type", "application/octet-stream") }
        let response = try await send(
            HTTPRequest(method: "POST", url: "\(baseURL)/\(path)", headers: headers, body: .bytes(body), timeout: .seconds(60)))
        switch response.status {
        case 200..<300: return .accepted
        case 410: return .stale
        case 413: return .tooLarge
        case 400..<500: return .rejected(status: response.status, body: response.bodyText)
        default: throw .unexpectedStatus(path: path, status: response.status, body: response.bodyText)
        }
    }

    private func send(_ request: HTTPRequest) async throws(RuntimeAPIError) -> HTTPResponse {
        do {
            return try await http.execute(request)
        } catch {
            throw .transport(error)
        }
    }
}

/// The Runtime API itself failed: the execution environment is broken and the runtime should exit.
enum RuntimeAPIError: Error, CustomStringConvertible {
    case transport(HTTPError)
    case unexpectedStatus(path: String, status: Int, body: String)

    var description: String {
        switch self {
        case .transport(let error): return "Runtime API unreachable: \(error)"
        case .unexpectedStatus(let path, let status, let body):
            return "Runtime API answered \(status) on \(path): \(body.prefix(300))"
        }
    }
}
