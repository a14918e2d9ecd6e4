import AWS
import Foundation
import MySQL
import RDSMySQL
import Testing
import TestSupport

/// The IAM token path end to end against the caching_sha2/IAM oracle (scripts/services/mysql-mimic.sh checks the
/// token's SigV4 signature with botocore), and a Secrets Manager secret in RDS format from moto to MariaDB.
@Suite struct RDSMySQLConnectorTests {
    static var mimicAvailable: Bool { TestEnvironment.available("PIPELINE_MIMIC_PORT", "PIPELINE_MIMIC_IAM_ACCESS_KEY_ID") }
    static var secretsAvailable: Bool {
        AWSTestEnvironment.isAvailable && TestEnvironment.available("PIPELINE_MYSQL_PORT", "PIPELINE_MYSQL_CA")
    }

    static func env(_ name: String) throws -> String { try #require(TestEnvironment.service(name), "\(name) is not set") }

    static func iamConfiguration(secret: String) throws -> AWSConfiguration {
        AWSConfiguration(
            credentials: AWSCredentials(
                accessKeyID: try env("PIPELINE_MIMIC_IAM_ACCESS_KEY_ID"), secretAccessKey: secret,
                sessionToken: try env("PIPELINE_MIMIC_IAM_SESSION_TOKEN")),
            region: "eu-west-1")
    }

    @Test(.enabled(if: mimicAvailable, "needs scripts/services/mysql-mimic.sh"))
    func iamTokenLogsInWithClearPasswordOverTLS() async throws {
        let connector = RDSMySQLConnector(
            host: "127.0.0.1", port: Int(try Self.env("PIPELINE_MIMIC_PORT"))!, user: try Self.env("PIPELINE_MIMIC_IAM_USER"),
            database: nil, credentials: .iamToken, tls: .verified(caBundlePath: try Self.env("PIPELINE_MIMIC_CA")))
        let aws = try Self.iamConfiguration(secret: try Self.env("PIPELINE_MIMIC_IAM_SECRET_ACCESS_KEY"))
        let configuration = try await connector.configuration(aws: aws, http: AWSTestEnvironment.http)
        #expect(configuration.password.hasPrefix("127.0.0.1:\(connector.port)/?Action=connect&DBUser=iamuser&"))
        #expect(!configuration.description.contains(configuration.password))
        #expect(!connector.description.contains("X-Amz-Signature"))
        let connection = try await connector.connect(aws: aws, http: AWSTestEnvironment.http)
        defer { connection.close() }
        #expect(connection.authenticatedWith == "mysql_clear_password")
        #expect(try connection.query("SELECT CURRENT_USER()").rows == [["iamuser"]])

        // A token signed with the wrong secret is refused by the server.
        let wrong = try Self.iamConfiguration(secret: "wrong/secret")
        await #expect(throws: RDSMySQLConnector.ConnectError.self) {
            try await connector.connect(aws: wrong, http: AWSTestEnvironment.http)
        }
    }

    @Test(.enabled(if: mimicAvailable, "needs scripts/services/mysql-mimic.sh"))
    func iamTokenIsNeverSentWithoutTLS() async throws {
        let connector = RDSMySQLConnector(
            host: "127.0.0.1", port: Int(try Self.env("PIPELINE_MIMIC_PORT"))!, user: try Self.env("PIPELINE_MIMIC_IAM_USER"),
            database: nil, credentials: .iamToken, tls: .disabled)
        let aws = try Self.iamConfiguration(secret: try Self.env("PIPELINE_MIMIC_IAM_SECRET_ACCESS_KEY"))
        do {
            _ = try await connector.connect(aws: aws, http: AWSTestEnvironment.http)
            Issue.record("connected without TLS")
        } catch {
            #expect(error.description.contains("without TLS"))
        }
    }

    @Test(.enabled(if: secretsAvailable, "needs scripts/services/moto.sh and mariadb.sh"))
    func secretsManagerSecretInRDSFormat() async throws {
        let aws = try AWSTestEnvironment.configuration()
        let name = "rds/\(AWSTestEnvironment.uniqueName("mysql"))"
        let password = try Self.env("PIPELINE_MYSQL_PASSWORD")
        let secretText = String(
            decoding: try JSONSerialization.data(withJSONObject: [
                "username": try Self.env("PIPELINE_MYSQL_USER"), "password": password, "engine": "mysql",
                "host": "127.0.0.1", "port": Int(try Self.env("PIPELINE_MYSQL_PORT"))!, "dbname": "pipeline",
            ]), as: UTF8.self)
        struct Create: Encodable { var Name: String; var SecretString: String }
        try await AWSTestEnvironment.json(.secretsManager, "CreateSecret", Create(Name: name, SecretString: secretText), configuration: aws)
        let connector = RDSMySQLConnector(
            host: "127.0.0.1", port: Int(try Self.env("PIPELINE_MYSQL_PORT"))!, user: nil, database: nil,
            credentials: .secretsManager(secretID: name), tls: .verified(caBundlePath: try Self.env("PIPELINE_MYSQL_CA")))
        let connection = try await connector.connect(aws: aws, http: AWSTestEnvironment.http)
        defer { connection.close() }
        #expect(try connection.query("SELECT CURRENT_USER(), DATABASE()").rows == [["app@%", "pipeline"]])

        try await AWSTestEnvironment.json(.secretsManager, "CreateSecret", Create(Name: name + "-bad", SecretString: "not json \(password)"), configuration: aws)
        let bad = RDSMySQLConnector(
            host: "127.0.0.1", port: connector.port, user: nil, database: nil, credentials: .secretsManager(secretID: name + "-bad"))
        do {
            _ = try await bad.connect(aws: aws, http: AWSTestEnvironment.http)
            Issue.record("a secret that is not RDS JSON was accepted")
        } catch {
            #expect(error.description.contains("is not RDS JSON"))
            #expect(!error.description.contains(password))
        }
    }
}
