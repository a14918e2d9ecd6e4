import AWS
import HTTP
import MySQL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Opens the one MySQL connection an invocation uses, to RDS MySQL directly or through RDS Proxy, with the
/// credentials the deployment chose:
/// - `.iamToken`: a fresh RDS IAM authentication token for `user` at `host:port` (the proxy endpoint and port; a
///   custom DNS name does not work), sent with mysql_clear_password over TLS only;
/// - `.secretsManager`: a secret in the RDS JSON format (`username`, `password`, optionally `host`, `port`,
///   `dbname`), read once per connect so a rotated password takes effect.
/// TLS is verified against the system store by default (RDS Proxy's ACM certificates chain to Amazon's public
/// roots) or against a configured CA bundle (the RDS CA bundle, for direct instance connections).
public struct RDSMySQLConnector: Sendable, CustomStringConvertible {
    public enum Credentials: Sendable, Equatable {
        case iamToken
        case secretsManager(secretID: String)
    }

    public var host: String
    public var port: Int
    /// The database user for IAM; with Secrets Manager the secret's `username` wins when present.
    public var user: String?
    public var database: String?
    public var credentials: Credentials
    public var tls: MySQLConnectionConfiguration.TLSMode
    public var timeoutSeconds: Int

    public init(
        host: String, port: Int = 3306, user: String?, database: String?, credentials: Credentials,
        tls: MySQLConnectionConfiguration.TLSMode = .verified(caBundlePath: nil), timeoutSeconds: Int = 30
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.credentials = credentials
        self.tls = tls
        self.timeoutSeconds = timeoutSeconds
    }

    public var description: String {
        "RDSMySQLConnector(\(user ?? "?")@\(host):\(port)/\(database ?? ""), \(credentials), tls: \(tls))"
    }

    /// The secret's fields in the RDS format; its description never shows the password.
    public struct RDSSecret: Decodable, Sendable, CustomStringConvertible {
        public var username: String
        public var password: String
        public var host: String?
        public var port: Int?
        public var dbname: String?
        public var engine: String?

        enum CodingKeys: String, CodingKey { case username, password, host, port, dbname, engine }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            username = try c.decode(String.self, forKey: .username)
            password = try c.decode(String.self, forKey: .password)
            host = try c.decodeIfPresent(String.self, forKey: .host)
            dbname = try c.decodeIfPresent(String.self, forKey: .dbname)
            engine = try c.decodeIfPresent(String.self, forKey: .engine)
            // RDS writes the port as a number; hand-made secrets often have it as text.
            if let number = try? c.decodeIfPresent(Int.self, forKey: .port) {
                port = number
            } else if let text = try c.decodeIfPresent(String.self, forKey: .port) {
                port = Int(text)
            }
        }

        public var description: String { "RDSSecret(\(username)@\(host ?? "?"), password: <redacted>)" }
    }

    public enum ConnectError: Error, CustomStringConvertible {
        case secret(String)
        case aws(AWSError)
        case mysql(MySQLError)

        public var description: String {
            switch self {
            case .secret(let message): message
            case .aws(let error): "\(error)"
            case .mysql(let error): error.description
            }
        }
    }

    /// The connection configuration for this moment (a new IAM token, or the secret's current password).
    public func configuration(aws: AWSConfiguration, http: HTTPClient) async throws(ConnectError) -> MySQLConnectionConfiguration {
        switch credentials {
        case .iamToken:
            guard let user, !user.isEmpty else { throw .secret("IAM authentication needs a database user") }
            let token: String
            do {
                token = try RDSAuthToken.generate(host: host, port: port, user: user, configuration: aws)
            } catch {
                throw .aws(error)
            }
            return MySQLConnectionConfiguration(
                host: host, port: port, user: user, password: token, database: database, tls: tls, timeoutSeconds: timeoutSeconds)
        case .secretsManager(let secretID):
            let value: SecretValue
            do {
                value = try await SecretsManagerClient(configuration: aws, http: http).getSecretValue(secretID)
            } catch {
                throw .aws(error)
            }
            guard let text = value.SecretString else { throw .secret("secret \(secretID) has no SecretString") }
            let secret: RDSSecret
            do {
                secret = try JSONDecoder().decode(RDSSecret.self, from: Data(text.utf8))
            } catch {
                // The decoding error may quote the secret's text: name only the secret and the expected shape.
                throw .secret("secret \(secretID) is not RDS JSON with string fields \"username\" and \"password\"")
            }
            return MySQLConnectionConfiguration(
                host: host, port: port, user: secret.username, password: secret.password,
                database: database ?? secret.dbname, tls: tls, timeoutSeconds: timeoutSeconds)
        }
    }

    /// Connects (blocking for the handshake). The caller closes the connection at the end of the invocation.
    public func connect(aws: AWSConfiguration, http: HTTPClient) async throws(ConnectError) -> MySQLConnection {
        let configuration = try await configuration(aws: aws, http: http)
        do {
            return try MySQLConnection(configuration)
        } catch {
            throw .mysql(error)
        }
    }
}
