import LambdaRuntime
import MySQL
import RDSMySQL
import Testing

@testable import MySQLUpsert

@Suite struct MySQLUpsertConfigurationTests {
    static let routes = #"{"routes":[{"prefix":"unload/orders/","table":"orders","columns":["id","name"]}]}"#
    static let base = ["UPSERT_ROUTES": routes, "DB_HOST": "proxy.proxy-abc.eu-west-1.rds.amazonaws.com", "DB_USER": "loader", "DB_NAME": "app"]

    func configuration(_ overrides: [String: String?]) throws(ConfigurationError) -> MySQLUpsertConfiguration {
        var values = Self.base
        for (name, value) in overrides { values[name] = value }
        return try MySQLUpsertConfiguration(environment: LambdaEnvironment(values))
    }

    @Test func defaults() throws {
        let configuration = try configuration([:])
        #expect(configuration.connector.credentials == .iamToken)
        #expect(configuration.connector.port == 3306 && configuration.connector.user == "loader" && configuration.connector.database == "app")
        #expect(configuration.connector.tls == .verified(caBundlePath: nil))
        #expect(configuration.rejectsPrefix == "mysql-rejects/" && configuration.rejectsBucket == nil)
        #expect(configuration.writerOptions.maxRowsPerBatch == 10_000 && configuration.writerOptions.maxAttempts == 5)
        #expect(configuration.writerOptions.maxStatementBytes == 1 << 20)
        #expect(configuration.chunkBytes == 8 << 20 && configuration.maxRejectedRows == 100_000)
        #expect(configuration.routes.route(for: "unload/orders/0000_part_00")?.table == "orders")
        #expect(configuration.metricsNamespace == "Pipeline/MySQLUpsert")
        #expect(configuration.writerOptions.method == .onDuplicateKeyUpdate)
    }

    @Test func stagedMethodIsOptIn() throws {
        #expect(try configuration(["UPSERT_METHOD": "staged"]).writerOptions.method == .staged)
        #expect(try configuration(["UPSERT_METHOD": "odku"]).writerOptions.method == .onDuplicateKeyUpdate)
    }

    @Test func secretsManagerCredentials() throws {
        let configuration = try configuration(["DB_AUTH": "secret", "DB_SECRET_ID": "rds/app", "DB_USER": nil])
        #expect(configuration.connector.credentials == .secretsManager(secretID: "rds/app"))
    }

    @Test(arguments: [
        (["DB_HOST": nil], "DB_HOST: is not set"),
        (["DB_AUTH": "password"], "DB_AUTH: \"password\" is not one of iam, secret"),
        (["DB_USER": nil], "DB_USER: is not set"),
        (["DB_AUTH": "secret"], "DB_SECRET_ID: is not set"),
        (["DB_CA_BUNDLE": "/nonexistent/ca.pem"], "DB_CA_BUNDLE: no file at /nonexistent/ca.pem"),
        (["REJECTS_PREFIX": "unload/orders/rejects/"], "REJECTS_PREFIX: unload/orders/rejects/ overlaps the route prefix unload/orders/"),
        (["BATCH_ROWS": "0"], "BATCH_ROWS: 0 is outside 1...100000"),
        (["UPSERT_METHOD": "load-data"], "UPSERT_METHOD: \"load-data\" is not one of odku, staged"),
        (["SNS_TOPIC_ARN": "topic"], "SNS_TOPIC_ARN: \"topic\" is not an SNS topic ARN"),
        (["UPSERT_ROUTES": nil], "UPSERT_ROUTES: is not set (nor UPSERT_ROUTES_FILE)"),
        (["UPSERT_ROUTES_FILE": "routes.json"], "UPSERT_ROUTES: set only one of UPSERT_ROUTES and UPSERT_ROUTES_FILE"),
        (["UPSERT_ROUTES": #"{"routes":[{"prefix":"u/","table":"t"}]}"#], "UPSERT_ROUTES: routes[0] (u/): the files have no header"),
    ] as [([String: String?], String)])
    func badSettingsNameTheirVariable(overrides: [String: String?], expected: String) {
        do {
            _ = try configuration(overrides)
            Issue.record("accepted \(overrides)")
        } catch {
            #expect(error.errorMessage.hasPrefix(expected), "\(error.errorMessage)")
        }
    }

    @Test func routesFromABundledFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mysql-upsert-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.routes.utf8).write(to: directory.appendingPathComponent("routes.json"))
        let configuration = try configuration(["UPSERT_ROUTES": nil, "UPSERT_ROUTES_FILE": "routes.json", "LAMBDA_TASK_ROOT": directory.path])
        #expect(configuration.routes.routes.map(\.table) == ["orders"])
        #expect(throws: ConfigurationError.self) {
            try self.configuration(["UPSERT_ROUTES": nil, "UPSERT_ROUTES_FILE": "missing.json", "LAMBDA_TASK_ROOT": directory.path])
        }
    }
}

import Foundation
