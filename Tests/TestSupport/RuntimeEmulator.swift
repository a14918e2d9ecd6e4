import Foundation
import HTTP

/// AWS's Runtime Interface Emulator running one bootstrap, on free loopback ports, for integration tests.
/// The function's logs (and the emulator's START/END/REPORT lines) are collected in `logs`.
public final class RuntimeEmulator: @unchecked Sendable {
    public let invokeURL: String
    private let process: Process
    private let logFile: URL
    private let http: HTTPClient

    /// - Parameters:
    ///   - bootstrap: the function executable.
    ///   - environment: added to the test's own environment (function configuration, endpoints).
    public init(bootstrap: URL, environment: [String: String] = [:], timeoutSeconds: Int = 60) throws {
        let rie = try TestEnvironment.require("PIPELINE_RIE_BINARY")
        guard FileManager.default.isExecutableFile(atPath: bootstrap.path) else {
            throw MissingService("the bootstrap \(bootstrap.path) (build it first)")
        }
        let invokePort = try TestEnvironment.freePort()
        let apiPort = try TestEnvironment.freePort()
        invokeURL = "http://127.0.0.1:\(invokePort)/2015-03-31/functions/function/invocations"
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("rie-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: logFile)

        process = Process()
        process.executableURL = URL(fileURLWithPath: rie)
        // Explicit loopback addresses: given no address the emulator listens on every interface.
        process.arguments = [
            "--log-level", "error",
            "--runtime-interface-emulator-address", "127.0.0.1:\(invokePort)",
            "--runtime-api-address", "127.0.0.1:\(apiPort)",
            bootstrap.path,
        ]
        var merged = ProcessInfo.processInfo.environment
        merged["AWS_LAMBDA_FUNCTION_TIMEOUT"] = String(timeoutSeconds)
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        process.standardOutput = output
        process.standardError = output
        try process.run()
        http = HTTPClient()
        try waitForPort(invokePort)
    }

    deinit { stop() }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Invokes the function once; the emulator answers 200 for function errors too (with the error JSON).
    public func invoke(_ event: Data, headers: HTTPHeaders = [:]) async throws -> HTTPResponse {
        var headers = headers
        headers.add("Content-Type", "application/json")
        return try await http.execute(HTTPRequest(method: "POST", url: invokeURL, headers: headers, body: .bytes(event),
                                                  timeout: .seconds(300)))
    }

    public func invoke(json: String) async throws -> (status: Int, object: [String: Any]) {
        let response = try await invoke(Data(json.utf8))
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        return (response.status, object)
    }

    public var logs: String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    private func waitForPort(_ port: Int) throws {
        for _ in 0..<200 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if connected == 0 { return }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw MissingService("the Runtime Interface Emulator on port \(port) (it did not start: \(logs))")
    }
}
