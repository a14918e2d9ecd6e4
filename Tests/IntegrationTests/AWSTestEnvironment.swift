import Foundation
import HTTP
import Testing

@testable import AWS

/// moto behind the signature-checking proxy, as `scripts/services/moto.sh` starts it.
///
/// Tests are skipped when the service is not running, unless `PIPELINE_REQUIRE_SERVICES=1` (as `make test` sets),
/// where a missing endpoint fails them.
enum AWSTestEnvironment {
    static let environment = ProcessInfo.processInfo.environment
    static let isAvailable = environment["PIPELINE_AWS_ENDPOINT"] != nil || environment["PIPELINE_REQUIRE_SERVICES"] == "1"

    static let http: HTTPClient = HTTPClient()

    /// A configuration for the proxy, read the way a function reads its own (`fromEnvironment`).
    static func configuration(maxAttempts: Int = 3, clockOffset: TimeInterval = 0) throws -> AWSConfiguration {
        let endpoint = try #require(environment["PIPELINE_AWS_ENDPOINT"], "PIPELINE_AWS_ENDPOINT is not set: start scripts/services/moto.sh")
        var configuration = try AWSConfiguration.fromEnvironment([
            "AWS_ACCESS_KEY_ID": try #require(environment["PIPELINE_AWS_ACCESS_KEY_ID"]),
            "AWS_SECRET_ACCESS_KEY": try #require(environment["PIPELINE_AWS_SECRET_ACCESS_KEY"]),
            "AWS_SESSION_TOKEN": try #require(environment["PIPELINE_AWS_SESSION_TOKEN"]),
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_MAX_ATTEMPTS": String(maxAttempts),
        ])
        if clockOffset != 0 { configuration.clock = { Date().addingTimeInterval(clockOffset) } }
        return configuration
    }

    static var proxyEndpoint: String { environment["PIPELINE_AWS_ENDPOINT"] ?? "" }

    /// A name no other test uses (S3 bucket names: lower-case, ≤ 63 characters).
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(13))"
    }

    // MARK: - setup calls the pipeline itself never makes, sent through the same signed client

    static func createBucket(_ name: String, configuration: AWSConfiguration) async throws {
        let client = AWSClient(service: .s3, configuration: configuration, http: http)
        _ = try await client.send { _ in AWSCall(operation: "CreateBucket", method: "PUT", path: "/\(name)") }
    }

    static func createTopic(_ name: String, configuration: AWSConfiguration) async throws -> String {
        let client = AWSClient(service: .sns, configuration: configuration, http: http)
        let body = Data(FormEncoding.encode([("Action", "CreateTopic"), ("Version", "2010-03-31"), ("Name", name)]).utf8)
        let response = try await client.send { _ in
            AWSCall(
                operation: "CreateTopic", method: "POST", path: "/",
                headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"], body: .bytes(body))
        }
        return try #require(try XMLElement.parse(response.body).child("CreateTopicResult")?.text(of: "TopicArn"))
    }

    struct Empty: Codable {}

    static func json<Input: Encodable>(_ service: AWSService, _ operation: String, _ input: Input, configuration: AWSConfiguration)
        async throws
    {
        let client = AWSClient(service: service, configuration: configuration, http: http)
        let _: EmptyOutput = try await client.jsonCall(operation, input)
    }

    /// Adds a fault rule to the proxy (see scripts/aws/sigv4_proxy.py).
    static func injectFaults(_ rule: [String: Any]) async throws {
        var request = HTTPRequest(method: "POST", url: proxyEndpoint + "/__proxy/faults")
        request.headers = ["Content-Type": "application/json"]
        request.body = .bytes(try JSONSerialization.data(withJSONObject: rule))
        let response = try await http.execute(request)
        #expect(response.status == 200)
    }

    static func proxyAdmin(_ route: String, body: [String: Any]? = nil) async throws -> [String: Any] {
        var request = HTTPRequest(method: body == nil ? "GET" : "POST", url: proxyEndpoint + "/__proxy/" + route)
        if let body {
            request.headers = ["Content-Type": "application/json"]
            request.body = .bytes(try JSONSerialization.data(withJSONObject: body))
        }
        let response = try await http.execute(request)
        return (try JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:]
    }

    /// How many faults the proxy injected for rules of that kind.
    static func injectedCount(kind: String) async throws -> Int {
        let stats = try await proxyAdmin("stats")
        let rules = stats["rules"] as? [[String: Any]] ?? []
        return rules.filter { $0["kind"] as? String == kind }.compactMap { $0["injected"] as? Int }.reduce(0, +)
    }
}

/// Collects a streamed body in memory, for comparing with what was uploaded.
final class CollectingSink: HTTPResponseBodySink, @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    var bytes: Data { lock.withLock { data } }
    func write(_ bytes: UnsafeRawBufferPointer) throws { lock.withLock { data.append(contentsOf: bytes) } }
}
