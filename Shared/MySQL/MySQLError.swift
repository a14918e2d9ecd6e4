/// Everything that can go wrong talking to a MySQL server. A server error keeps the server's code, SQLSTATE and
/// message; no case ever carries a password or token.
public enum MySQLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An ERR packet: `code` (1045, 1213, ...), `sqlState` ("28000", "40001", ...), the server's message.
    case server(code: UInt16, sqlState: String, message: String)
    /// Connecting, reading or writing failed, or the server closed the connection: the state of any statement in
    /// flight is unknown.
    case connectionLost(String)
    /// TLS could not be set up (no TLS on the server, certificate or host name verification failed).
    case tls(String)
    /// The server sent bytes that break the protocol.
    case malformedPacket(String)
    /// The client refused to continue (an auth method it does not support, clear text without TLS, ...).
    case unsupported(String)
    /// The server answered LOAD DATA LOCAL with a request for a file other than the one the statement named: the
    /// client sent no data (a hostile or compromised server could name any file).
    case unexpectedFileRequest(requested: String, expected: String)

    public var description: String {
        switch self {
        case .server(let code, let sqlState, let message): "MySQL error \(code) (\(sqlState)): \(message)"
        case .connectionLost(let detail): "MySQL connection lost: \(detail)"
        case .tls(let detail): "MySQL TLS: \(detail)"
        case .malformedPacket(let detail): "malformed MySQL packet: \(detail)"
        case .unsupported(let detail): "MySQL: \(detail)"
        case .unexpectedFileRequest(let requested, let expected):
            "MySQL: the server asked for the local file \"\(requested)\", not \"\(expected)\" that the statement named; no data was sent"
        }
    }

    /// The server code of a `.server` error, else nil.
    public var serverCode: UInt16? {
        if case .server(let code, _, _) = self { return code }
        return nil
    }

    /// InnoDB chose this transaction as a deadlock victim (1213) or a lock wait timed out (1205): retry the batch.
    public var isTransientLockError: Bool { serverCode == 1213 || serverCode == 1205 }

    /// The connection is gone (or the server closed it after an error such as ER_NET_PACKET_TOO_LARGE).
    public var isConnectionLost: Bool {
        if case .connectionLost = self { return true }
        return serverCode == 1153 || serverCode == 1927 || serverCode == 4031
    }
}
