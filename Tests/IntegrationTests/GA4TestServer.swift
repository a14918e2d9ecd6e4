import Foundation
import GA4
import HTTP
import TestSupport

/// The GA4 test server started by `scripts/services/ga4.sh`: where it is, the credentials it issued, and its
/// control endpoints for setting up properties, faults and expectations.
struct GA4TestServer {
    static let variables = [
        "GA4_TEST_BASE_URL", "GA4_TEST_CA_BUNDLE", "GA4_TEST_SERVICE_ACCOUNT_FILE", "GA4_TEST_EXTERNAL_ACCOUNT_FILE",
        "GA4_TEST_AWS_ACCESS_KEY_ID", "GA4_TEST_AWS_SECRET_ACCESS_KEY", "GA4_TEST_AWS_SESSION_TOKEN",
    ]

    static var isConfigured: Bool { TestEnvironment.available("GA4_TEST_BASE_URL") }

    let baseURL: String
    let serviceAccountJSON: Data
    let externalAccountJSON: Data
    let awsAccessKeyID: String
    let awsSecretAccessKey: String
    let awsSessionToken: String
    let http: HTTPClient

    init() throws {
        baseURL = try TestEnvironment.require("GA4_TEST_BASE_URL")
        let caBundle = try TestEnvironment.require("GA4_TEST_CA_BUNDLE")
        serviceAccountJSON = try Data(contentsOf: URL(fileURLWithPath: try TestEnvironment.require("GA4_TEST_SERVICE_ACCOUNT_FILE")))
        externalAccountJSON = try Data(contentsOf: URL(fileURLWithPath: try TestEnvironment.require("GA4_TEST_EXTERNAL_ACCOUNT_FILE")))
        awsAccessKeyID = try TestEnvironment.require("GA4_TEST_AWS_ACCESS_KEY_ID")
        awsSecretAccessKey = try TestEnvironment.require("GA4_TEST_AWS_SECRET_ACCESS_KEY")
        awsSessionToken = try TestEnvironment.require("GA4_TEST_AWS_SESSION_TOKEN")
        // Trust only the server's own throw-away CA.
        http = HTTPClient(configuration: .init(caBundlePath: caBundle))
    }

    var serviceAccountEmail: String {
        let object = try? JSONSerialization.jsonObject(with: serviceAccountJSON) as? [String: Any]
        return object?["client_email"] as? String ?? ""
    }

    func tokenProvider() throws -> ServiceAccountTokenProvider {
        ServiceAccountTokenProvider(key: try ServiceAccountKey(json: serviceAccountJSON, source: "GA4_TEST_SERVICE_ACCOUNT_FILE"), http: http)
    }

    func client(
        tokens: (any AccessTokenProvider)? = nil, retry: RetryPolicy = RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(10), maxDelay: .milliseconds(50)),
        quota: QuotaPolicy = .standard, pageSize: Int64 = 100_000, onEvent: @escaping @Sendable (GA4DataClient.Event) -> Void = { _ in }
    ) throws -> GA4DataClient {
        try GA4DataClient(
            http: http, tokens: try tokens ?? tokenProvider(),
            configuration: .init(baseURL: baseURL, retry: retry, quota: quota, pageSize: pageSize), onEvent: onEvent)
    }

    /// Sets up a property of its own for one test (so parallel tests do not share quota or faults).
    func makeProperty(_ spec: [String: Any] = [:]) async throws -> PropertyID {
        let id = try PropertyID(String(UInt32.random(in: 100_000...4_000_000_000)))
        _ = try await control("/control/properties/\(id.number)", spec)
        return id
    }

    func setQuota(_ property: PropertyID, _ remaining: [String: Int]) async throws {
        _ = try await control("/control/properties/\(property.number)/quota", remaining)
    }

    func registerServiceAccount(email: String, keyID: String, publicKeyPEM: String) async throws {
        _ = try await control("/control/service-accounts", ["email": email, "keyId": keyID, "publicKeyPem": publicKeyPEM])
    }

    /// The complete expected result of a request, every row as its dimension values then formatted metric values.
    func expectedRows(_ property: PropertyID, _ request: RunReportRequest) async throws -> [[String]] {
        let body = try JSONEncoder().encode(request)
        let answer = try await post("/control/properties/\(property.number)/expected", body: body)
        let object = try JSONSerialization.jsonObject(with: answer) as! [String: Any]
        return object["rows"] as! [[String]]
    }

    func counters() async throws -> [String: Int] {
        let response = try await http.execute(HTTPRequest(url: baseURL + "/control/counters"))
        return try JSONSerialization.jsonObject(with: response.body) as! [String: Int]
    }

    private func control(_ path: String, _ object: Any) async throws -> Data {
        try await post(path, body: try JSONSerialization.data(withJSONObject: object))
    }

    private func post(_ path: String, body: Data) async throws -> Data {
        let response = try await http.execute(HTTPRequest(
            method: "POST", url: baseURL + path, headers: ["Content-Type": "application/json"], body: .bytes(body)))
        guard response.isSuccess else {
            throw MissingService("GA4 test server control call \(path) failed: \(response.status) \(response.bodyText)")
        }
        return response.body
    }
}

extension ReportRows {
    /// Row `index` as text: dimension values, then metric values as the API writes them.
    func textRow(_ index: Int) -> [String] {
        dimensions.map { $0[index] } + metrics.map { column in
            switch column {
            case .integer(let values): return String(values[index])
            case .double(let values):
                let value = values[index]
                return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
            }
        }
    }
}
