/// Client capability flags used by this client (MySQL `CLIENT_*`).
struct CapabilityFlags: OptionSet, Sendable {
    let rawValue: UInt32
    static let longPassword = CapabilityFlags(rawValue: 0x1)
    static let foundRows = CapabilityFlags(rawValue: 0x2)
    static let connectWithDatabase = CapabilityFlags(rawValue: 0x8)
    /// CLIENT_LOCAL_FILES: the client answers LOAD DATA LOCAL's file request (offered only when configured).
    static let localFiles = CapabilityFlags(rawValue: 0x80)
    static let protocol41 = CapabilityFlags(rawValue: 0x200)
    static let ssl = CapabilityFlags(rawValue: 0x800)
    static let transactions = CapabilityFlags(rawValue: 0x2000)
    static let secureConnection = CapabilityFlags(rawValue: 0x8000)
    static let multiResults = CapabilityFlags(rawValue: 0x20000)
    static let pluginAuth = CapabilityFlags(rawValue: 0x80000)
    static let pluginAuthLengthEncodedData = CapabilityFlags(rawValue: 0x200000)
    static let deprecateEOF = CapabilityFlags(rawValue: 0x100_0000)
}

/// The server's first packet (Protocol::HandshakeV10).
struct HandshakeV10: Equatable {
    var serverVersion: String
    var connectionID: UInt32
    /// The first 20 bytes of the scramble (auth-plugin-data parts 1 and 2, without the trailing NUL).
    var nonce: [UInt8]
    var capabilities: CapabilityFlags
    var characterSet: UInt8
    var statusFlags: UInt16
    var authPluginName: String

    init(parsing payload: [UInt8]) throws(MySQLError) {
        var reader = PacketReader(payload)
        let version = try reader.u8("handshake protocol version")
        if version == 0xFF {
            // A server refusing the connection up front (too many connections, host blocked) sends ERR here.
            throw try ServerError.parse(payload, capabilities: [])
        }
        guard version == 10 else {
            throw .malformedPacket("handshake protocol version \(version); only version 10 is supported")
        }
        serverVersion = reader.nulTerminatedString()
        connectionID = try reader.u32("handshake connection id")
        var scramble = Array(try reader.bytes(8, "handshake auth-plugin-data part 1"))
        try reader.skip(1, "handshake filler")
        var caps = UInt32(try reader.u16("handshake capability flags"))
        characterSet = 0
        statusFlags = 0
        authPluginName = "mysql_native_password"
        if !reader.isAtEnd {
            characterSet = try reader.u8("handshake character set")
            statusFlags = try reader.u16("handshake status flags")
            caps |= UInt32(try reader.u16("handshake upper capability flags")) << 16
            let authDataLength = Int(try reader.u8("handshake auth-plugin-data length"))
            try reader.skip(10, "handshake reserved bytes")
            if caps & CapabilityFlags.secureConnection.rawValue != 0 {
                let part2 = max(13, authDataLength - 8)
                scramble += try reader.bytes(min(part2, reader.remaining), "handshake auth-plugin-data part 2")
            }
            if caps & CapabilityFlags.pluginAuth.rawValue != 0 {
                authPluginName = reader.nulTerminatedString()
            }
        }
        nonce = Array(scramble.prefix(20))
        capabilities = CapabilityFlags(rawValue: caps)
    }
}

/// An OK packet (or the OK-shaped EOF that ends a result set under CLIENT_DEPRECATE_EOF).
public struct OKPacket: Sendable, Equatable {
    public var affectedRows: UInt64
    public var lastInsertID: UInt64
    public var statusFlags: UInt16
    public var warnings: UInt16
    /// Human-readable info ("Records: 3  Duplicates: 1  Warnings: 0" after a multi-row INSERT).
    public var info: String

    static let serverMoreResultsExist: UInt16 = 0x0008
    static let noBackslashEscapes: UInt16 = 0x0200

    init(parsing payload: [UInt8]) throws(MySQLError) {
        var reader = PacketReader(payload)
        _ = try reader.u8("OK header")
        affectedRows = try reader.lengthEncodedInteger("OK affected rows") ?? 0
        lastInsertID = try reader.lengthEncodedInteger("OK last insert id") ?? 0
        statusFlags = try reader.u16("OK status flags")
        warnings = try reader.u16("OK warnings")
        // The protocol says the info is the rest of the packet unless CLIENT_SESSION_TRACK was negotiated, but
        // MariaDB length-prefixes it regardless ("&Records: 2  Duplicates: 0  Warnings: 0"): drop a prefix that
        // is exactly the length of what follows.
        var rest = reader.restOfPacket()
        if let first = rest.first, first < 0xFB, Int(first) == rest.count - 1 { rest = rest.dropFirst() }
        info = String(decoding: rest, as: UTF8.self)
    }

    /// Parses "Records: N  Duplicates: D  Warnings: W" into its numbers (nil for other texts).
    public var insertCounts: (records: UInt64, duplicates: UInt64)? {
        let numbers = infoNumbers
        guard let records = numbers["Records"], let duplicates = numbers["Duplicates"] else { return nil }
        return (records, duplicates)
    }

    /// Parses LOAD DATA's "Records: N  Deleted: D  Skipped: S  Warnings: W" (nil for other texts).
    public var loadCounts: (records: UInt64, skipped: UInt64)? {
        let numbers = infoNumbers
        guard let records = numbers["Records"], let skipped = numbers["Skipped"] else { return nil }
        return (records, skipped)
    }

    /// "Name: number" pairs of the info text.
    private var infoNumbers: [String: UInt64] {
        var numbers: [String: UInt64] = [:]
        let words = info.split(separator: " ")
        var i = 0
        while i + 1 < words.count {
            if words[i].hasSuffix(":"), let n = UInt64(words[i + 1]) { numbers[String(words[i].dropLast())] = n }
            i += 1
        }
        return numbers
    }
}

enum ServerError {
    /// ERR packet: 0xFF, code, ['#' SQLSTATE], message.
    static func parse(_ payload: [UInt8], capabilities: CapabilityFlags) throws(MySQLError) -> MySQLError {
        var reader = PacketReader(payload)
        _ = try reader.u8("ERR header")
        let code = try reader.u16("ERR code")
        var sqlState = "HY000"
        if reader.peek() == UInt8(ascii: "#") {
            try reader.skip(1, "ERR SQLSTATE marker")
            sqlState = String(decoding: try reader.bytes(5, "ERR SQLSTATE"), as: UTF8.self)
        }
        return .server(code: code, sqlState: sqlState, message: String(decoding: reader.restOfPacket(), as: UTF8.self))
    }
}

/// What a column of a text result set is (Protocol::ColumnDefinition41, the parts used here).
public struct ColumnDefinition: Sendable, Equatable {
    public var name: String
    public var table: String
    public var characterSet: UInt16
    public var columnLength: UInt32
    public var type: UInt8
    public var flags: UInt16
    public var decimals: UInt8

    init(parsing payload: [UInt8]) throws(MySQLError) {
        var reader = PacketReader(payload)
        _ = try reader.lengthEncodedString("column catalog")
        _ = try reader.lengthEncodedString("column schema")
        table = try reader.lengthEncodedString("column table")
        _ = try reader.lengthEncodedString("column original table")
        name = try reader.lengthEncodedString("column name")
        _ = try reader.lengthEncodedString("column original name")
        _ = try reader.lengthEncodedInteger("column fixed-length fields length")
        characterSet = try reader.u16("column character set")
        columnLength = try reader.u32("column length")
        type = try reader.u8("column type")
        flags = try reader.u16("column flags")
        decimals = try reader.u8("column decimals")
    }
}
