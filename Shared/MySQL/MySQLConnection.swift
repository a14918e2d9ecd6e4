/// One connection to a MySQL or MariaDB server (or RDS Proxy) over the client/server protocol: handshake v10, TLS
/// upgrade, mysql_native_password, caching_sha2_password (fast and full auth), mysql_clear_password (RDS IAM
/// tokens, TLS only), AuthSwitchRequest, and COM_QUERY with text result sets.
///
/// Blocking and not thread-safe: one connection serves one invocation, then `close()` (COM_QUIT). No prepared
/// statements, no compression, no multi-statements: each of those pins or breaks an RDS Proxy session. Statements
/// can be pipelined instead (`send(statement:)` several, then `result()` for each, oldest first).
public final class MySQLConnection {
    /// utf8mb4_general_ci: understood by MySQL 5.5+, 8.x and MariaDB (255, utf8mb4_0900_ai_ci, is MySQL-8 only).
    static let characterSet: UInt8 = 45
    static let maxPacketSize: UInt32 = 1 << 30

    public let serverVersion: MySQLServerVersion
    public let connectionID: UInt32
    /// "TLSv1.3", or nil without TLS.
    public let tlsVersion: String?
    /// The auth plugin that finally accepted the login ("mysql_native_password", "caching_sha2_password", ...).
    public private(set) var authenticatedWith: String
    /// The server's SERVER_STATUS_NO_BACKSLASH_ESCAPES flag as of the last OK packet: string literals must then
    /// escape only quotes.
    public private(set) var noBackslashEscapes = false

    private let socket: MySQLSocket
    let channel: PacketChannel
    let capabilities: CapabilityFlags
    private var isClosed = false
    /// Responses owed for statements sent by `send(statement:)` and not read yet, oldest first: the sequence id
    /// each response starts at (the server numbers a response on from its command's last packet).
    private var owedResponses: [UInt8] = []
    /// Whether the oldest owed response may be a LOCAL INFILE request (`sendLocalInfileStatement`).
    private var oldestMayAskForFile = false

    public init(_ configuration: MySQLConnectionConfiguration) throws(MySQLError) {
        socket = try MySQLSocket(
            host: configuration.host, port: configuration.port, timeoutMilliseconds: configuration.timeoutSeconds * 1000)
        channel = PacketChannel(socket: socket)
        do throws(MySQLError) {
            let handshake = try HandshakeV10(parsing: try channel.receive())
            serverVersion = MySQLServerVersion(handshake.serverVersion)
            connectionID = handshake.connectionID
            var wanted: CapabilityFlags = [
                .longPassword, .protocol41, .secureConnection, .pluginAuth, .pluginAuthLengthEncodedData,
                .transactions, .multiResults, .deprecateEOF,
            ]
            if configuration.database != nil { wanted.insert(.connectWithDatabase) }
            if configuration.localInfile { wanted.insert(.localFiles) }
            let required: CapabilityFlags = [.protocol41, .secureConnection, .pluginAuth]
            guard handshake.capabilities.isSuperset(of: required) else {
                throw MySQLError.unsupported("the server \(handshake.serverVersion) lacks protocol 4.1 plugin authentication")
            }
            var capabilities = handshake.capabilities.intersection(wanted)
            if configuration.tls != .disabled {
                guard handshake.capabilities.contains(.ssl) else {
                    throw MySQLError.tls("the server at \(configuration.host):\(configuration.port) does not offer TLS")
                }
                capabilities.insert(.ssl)
                try channel.send(Self.sslRequest(capabilities))
                guard !channel.hasUnreadBytes else { throw MySQLError.malformedPacket("data after the handshake before TLS") }
                switch configuration.tls {
                case .verified(let bundle): try socket.startTLS(host: configuration.host, caBundlePath: bundle, verify: true)
                case .unverified: try socket.startTLS(host: configuration.host, caBundlePath: nil, verify: false)
                case .disabled: break
                }
            }
            self.capabilities = capabilities
            tlsVersion = socket.tlsVersion
            authenticatedWith = handshake.authPluginName
            try authenticate(configuration, handshake: handshake)
        } catch {
            socket.close()
            throw error
        }
    }

    deinit {
        if !isClosed { socket.close() }
    }

    // MARK: Authentication

    private static func sslRequest(_ capabilities: CapabilityFlags) -> [UInt8] {
        var payload: [UInt8] = []
        payload.appendLittleEndian(capabilities.rawValue)
        payload.appendLittleEndian(maxPacketSize)
        payload.append(characterSet)
        payload.append(contentsOf: repeatElement(0, count: 23))
        return payload
    }

    private var isTLS: Bool { tlsVersion != nil }

    /// The response to `plugin`'s challenge, or nil when this client does not speak the plugin.
    private func authResponse(plugin: String, nonce: [UInt8], password: [UInt8]) throws(MySQLError) -> [UInt8]? {
        switch plugin {
        case "mysql_native_password": return AuthScramble.nativePassword(password, nonce: nonce)
        case "caching_sha2_password": return AuthScramble.cachingSHA2(password, nonce: nonce)
        case "mysql_clear_password":
            guard isTLS else {
                throw .unsupported("refusing to send a clear-text password or IAM token without TLS (mysql_clear_password)")
            }
            return password + [0]
        default: return nil
        }
    }

    private func authenticate(_ configuration: MySQLConnectionConfiguration, handshake: HandshakeV10) throws(MySQLError) {
        let password = Array(configuration.password.utf8)
        var plugin = handshake.authPluginName
        var nonce = handshake.nonce
        // A plugin this client does not know (ed25519, gssapi, ...): start with native and let the server switch.
        // mysql_clear_password is never sent in the first packet: it would go out before the server asked for it.
        var response: [UInt8]
        if plugin != "mysql_clear_password", let first = try authResponse(plugin: plugin, nonce: nonce, password: password) {
            response = first
        } else {
            plugin = "mysql_native_password"
            response = AuthScramble.nativePassword(password, nonce: nonce)
        }

        var payload: [UInt8] = []
        payload.appendLittleEndian(capabilities.rawValue)
        payload.appendLittleEndian(Self.maxPacketSize)
        payload.append(Self.characterSet)
        payload.append(contentsOf: repeatElement(0, count: 23))
        payload.appendNulTerminated(configuration.user)
        if capabilities.contains(.pluginAuthLengthEncodedData) {
            payload.appendLengthEncoded(response)
        } else {
            guard response.count < 256 else { throw .unsupported("auth response too long without lenenc client data") }
            payload.append(UInt8(response.count))
            payload.append(contentsOf: response)
        }
        if let database = configuration.database, capabilities.contains(.connectWithDatabase) {
            payload.appendNulTerminated(database)
        }
        payload.appendNulTerminated(plugin)
        try channel.send(payload)

        var askedForPublicKey = false
        for _ in 0..<8 {
            let packet = try channel.receive()
            switch packet.first {
            case 0x00:
                let ok = try OKPacket(parsing: packet)
                noBackslashEscapes = ok.statusFlags & OKPacket.noBackslashEscapes != 0
                authenticatedWith = plugin
                return
            case 0xFF:
                throw try ServerError.parse(packet, capabilities: capabilities)
            case 0xFE:
                // AuthSwitchRequest: plugin name, then its data (may be empty, may end in NUL).
                var reader = PacketReader(packet, offset: 1)
                plugin = reader.nulTerminatedString()
                let data = reader.restOfPacket()
                nonce = Array((data.last == 0 ? data.dropLast() : data).prefix(20))
                guard let switched = try authResponse(plugin: plugin, nonce: nonce, password: password) else {
                    throw .unsupported("the server asks for auth plugin \"\(plugin)\", which this client does not support")
                }
                askedForPublicKey = false
                try channel.send(switched)
            case 0x01:
                guard plugin == "caching_sha2_password" else {
                    throw .malformedPacket("AuthMoreData for plugin \(plugin)")
                }
                let data = Array(packet.dropFirst())
                if askedForPublicKey {
                    let pem = String(decoding: data, as: UTF8.self)
                    try channel.send(try AuthScramble.rsaEncryptedPassword(password, nonce: nonce, publicKeyPEM: pem))
                    askedForPublicKey = false
                } else if data == [0x03] {
                    continue  // fast auth succeeded; the OK packet follows
                } else if data == [0x04] {
                    if isTLS {
                        try channel.send(password + [0])
                    } else {
                        askedForPublicKey = true
                        try channel.send([0x02])
                    }
                } else {
                    throw .malformedPacket("caching_sha2_password: unexpected AuthMoreData \(data.prefix(4))")
                }
            default:
                throw .malformedPacket("unexpected packet 0x\(String(packet.first ?? 0, radix: 16)) during authentication")
            }
        }
        throw .malformedPacket("authentication did not finish after 8 exchanges")
    }

    // MARK: Commands

    func send(command: UInt8, _ body: some Collection<UInt8>) throws(MySQLError) {
        guard !isClosed else { throw .connectionLost("the connection is closed") }
        guard owedResponses.isEmpty else {
            throw .unsupported("a command was sent before the result of the statement in flight was read")
        }
        try sendPacket(command: command, body)
    }

    /// Frames and writes one command, leaving the channel's sequence at the id its response starts with.
    private func sendPacket(command: UInt8, _ body: some Collection<UInt8>) throws(MySQLError) {
        guard !isClosed else { throw .connectionLost("the connection is closed") }
        channel.resetSequence()
        var payload: [UInt8] = []
        payload.reserveCapacity(body.count + 1)
        payload.append(command)
        payload.append(contentsOf: body)
        try channel.send(payload)
    }

    /// Runs a statement that returns no rows (INSERT, UPDATE, SET, COMMIT, ...) and returns its OK packet.
    @discardableResult
    public func execute(_ sql: String) throws(MySQLError) -> OKPacket {
        try execute(utf8: Array(sql.utf8))
    }

    /// `execute` for a statement already encoded as UTF-8 (large generated statements skip a copy).
    @discardableResult
    public func execute(utf8 sql: [UInt8]) throws(MySQLError) -> OKPacket {
        try send(command: 0x03, sql)
        guard case .ok(let ok) = try readResult() else {
            throw .unsupported("execute() got a result set; use query()")
        }
        return ok
    }

    /// Sends a statement that returns no rows and returns at once, so the caller can prepare the next one while the
    /// server executes this one; `result()` reads its OK packet. Statements may follow before the results are
    /// read (the server runs them one after another and answers in order; the protocol has no request ids, so
    /// results are read oldest first). The caller decides what may follow a statement whose outcome is not known
    /// yet: a transaction that is committed only after every result was read, for instance.
    public func send(statement sql: [UInt8]) throws(MySQLError) {
        try sendPacket(command: 0x03, sql)
        owedResponses.append(channel.sequence)
    }

    /// The OK packet of the oldest statement `send(statement:)` sent (its ERR is thrown; a lost connection owes
    /// nothing more).
    public func result() throws(MySQLError) -> OKPacket {
        guard case .ok(let ok) = try nextOwedResponse(acceptsLocalInfile: false) else {
            throw .unsupported("send(statement:) got a result set; use query()")
        }
        return ok
    }

    /// How many statements sent by `send(statement:)` still owe their result.
    public var statementsInFlight: Int { owedResponses.count }

    /// Whether a statement sent by `send(statement:)` still owes its result.
    public var hasStatementInFlight: Bool { !owedResponses.isEmpty }

    /// Reads the oldest owed response.
    func nextOwedResponse(acceptsLocalInfile: Bool) throws(MySQLError) -> ResponseDecoder.Response {
        guard let sequence = owedResponses.first else { throw .unsupported("result() without a statement in flight") }
        let mayAskForFile = oldestMayAskForFile
        owedResponses.removeFirst()
        oldestMayAskForFile = false
        channel.sequence = sequence
        do throws(MySQLError) {
            return try readResult(acceptsLocalInfile: acceptsLocalInfile && mayAskForFile)
        } catch where error.isConnectionLost {
            owedResponses.removeAll()
            throw error
        }
    }

    /// Queues `sql` as a statement that may answer with a LOCAL INFILE request (see `answerFileRequest`).
    func sendLocalInfileStatement(_ sql: [UInt8]) throws(MySQLError) {
        try send(statement: sql)
        oldestMayAskForFile = owedResponses.count == 1
    }

    /// Owes, first in line, the response that follows a LOCAL INFILE reply just sent.
    func oweResponseAfterFile() {
        owedResponses.insert(channel.sequence, at: 0)
    }

    /// Reads and drops every owed response (errors included), answering a file request with an empty file: the
    /// connection can take commands again. A lost connection is closed.
    public func discardOwedResults() {
        while !owedResponses.isEmpty {
            do throws(MySQLError) {
                if case .localInfile = try nextOwedResponse(acceptsLocalInfile: true) {
                    try channel.sendFileContents([])
                    oweResponseAfterFile()
                }
            } catch where error.isConnectionLost {
                close()
                return
            } catch {}
        }
    }

    /// Runs a query and returns its text result set (every value as text or nil for NULL).
    public func query(_ sql: String) throws(MySQLError) -> MySQLResultSet {
        try send(command: 0x03, Array(sql.utf8))
        switch try readResult() {
        case .ok: return MySQLResultSet(columns: [], rows: [])
        case .rows(let result, _): return result
        case .localInfile: throw .malformedPacket("LOCAL INFILE request to a query")
        }
    }

    /// COM_PING: true when the server answers.
    public func ping() throws(MySQLError) {
        try send(command: 0x0E, [])
        _ = try readResult()
    }

    /// Sends COM_QUIT and closes the socket. Safe to call twice.
    public func close() {
        guard !isClosed else { return }
        owedResponses.removeAll()
        try? sendPacket(command: 0x01, [])
        isClosed = true
        socket.close()
    }

    /// Cuts the connection without COM_QUIT (tests of lost connections).
    public func abort() { socket.shutdown() }

    func readResult(acceptsLocalInfile: Bool = false) throws(MySQLError) -> ResponseDecoder.Response {
        var decoder = ResponseDecoder(deprecateEOF: capabilities.contains(.deprecateEOF))
        decoder.acceptsLocalInfile = acceptsLocalInfile
        let response = try decoder.decode {
            () throws(MySQLError) -> [UInt8] in try channel.receive()
        }
        noBackslashEscapes = response.statusFlags & OKPacket.noBackslashEscapes != 0
        return response
    }
}
