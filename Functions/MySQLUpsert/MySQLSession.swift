import AWS
import HTTP
import MySQL
import RDSMySQL

/// The one MySQL connection an invocation holds (RDS Proxy pins it anyway: upsert statements exceed 16 KB), and
/// how to open a new one when it drops: a fresh IAM token or the secret's current password each time. Lives on
/// the load's own thread (see `BlockingBridge`).
final class MySQLSession {
    private(set) var connection: MySQLConnection
    private let connector: RDSMySQLConnector
    private let aws: AWSConfiguration
    private let http: HTTPClient
    /// Whether connections offer CLIENT_LOCAL_FILES (the staged upsert method), reconnects included.
    private let localInfile: Bool

    /// Connects with a configuration fetched before (in async code).
    init(configuration: MySQLConnectionConfiguration, connector: RDSMySQLConnector, aws: AWSConfiguration, http: HTTPClient) throws(MySQLError) {
        connection = try MySQLConnection(configuration)
        self.connector = connector
        self.aws = aws
        self.http = http
        localInfile = configuration.localInfile
    }

    /// For the upsert writer: a new connection after the old one was lost.
    var reconnect: () throws(MySQLError) -> MySQLConnection {
        { [connector, aws, http, localInfile] () throws(MySQLError) -> MySQLConnection in
            var configuration: MySQLConnectionConfiguration
            do {
                configuration = try BlockingBridge.wait { () async throws(RDSMySQLConnector.ConnectError) -> MySQLConnectionConfiguration in
                    try await connector.configuration(aws: aws, http: http)
                }
            } catch {
                throw .connectionLost("reconnecting: \(error)")
            }
            configuration.localInfile = localInfile
            return try MySQLConnection(configuration)
        }
    }

    /// After a writer reconnected, its connection is the session's.
    func adopt(_ replacement: MySQLConnection) {
        if replacement !== connection { connection = replacement }
    }

    func close() { connection.close() }
}
