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

    /// Connects with a configuration fetched before (in async code).
    init(configuration: MySQLConnectionConfiguration, connector: RDSMySQLConnector, aws: AWSConfiguration, http: HTTPClient) throws(MySQLError) {
        connection = try MySQLConnection(configuration)
        self.connector = connector
        self.aws = aws
        self.http = http
    }

    /// For the upsert writer: a new connection after the old one was lost.
    var reconnect: () throws(MySQLError) -> MySQLConnection {
        { [connector, aws, http] () throws(MySQLError) -> MySQLConnection in
            let configuration: MySQLConnectionConfiguration
            do {
                configuration = try BlockingBridge.wait { () async throws(RDSMySQLConnector.ConnectError) -> MySQLConnectionConfiguration in
                    try await connector.configuration(aws: aws, http: http)
                }
            } catch {
                throw .connectionLost("reconnecting: \(error)")
            }
            return try MySQLConnection(configuration)
        }
    }

    /// After a writer reconnected, its connection is the session's.
    func adopt(_ replacement: MySQLConnection) {
        if replacement !== connection { connection = replacement }
    }

    func close() { connection.close() }
}
