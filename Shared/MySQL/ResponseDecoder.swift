/// Decodes the server's response to a command from its packets: an OK, an ERR (thrown), or a text result set
/// (column count, column definitions, [EOF], rows, terminator), then any further results the server announces
/// with SERVER_MORE_RESULTS_EXISTS, which are read and dropped. Pure: packets come from `next`, so the decoder is
/// fuzzed without a socket.
struct ResponseDecoder {
    /// Whether CLIENT_DEPRECATE_EOF was negotiated (result sets end in an OK packet starting with 0xFE).
    var deprecateEOF: Bool
    /// Guards against a hostile server announcing more results forever.
    var maxResults = 64
    /// Whether a LOCAL INFILE request (0xFB + file name) may answer the command: only for the statement
    /// `loadLocalInfile` sent, and only as the first packet.
    var acceptsLocalInfile = false

    enum Response: Equatable {
        case ok(OKPacket)
        case rows(MySQLResultSet, statusFlags: UInt16)
        /// The server asks for the file LOAD DATA LOCAL named (its name as the server sent it).
        case localInfile(fileName: [UInt8])

        var statusFlags: UInt16 {
            switch self {
            case .ok(let ok): ok.statusFlags
            case .rows(_, let flags): flags
            case .localInfile: 0
            }
        }
    }

    func decode(next: () throws(MySQLError) -> [UInt8]) throws(MySQLError) -> Response {
        var first: Response?
        for _ in 0..<maxResults {
            let packet = try next()
            let result: Response
            switch packet.first {
            case 0x00:
                result = .ok(try OKPacket(parsing: packet))
            case 0xFF:
                throw try ServerError.parse(packet, capabilities: [])
            case 0xFB:
                guard acceptsLocalInfile, first == nil else {
                    throw .malformedPacket("LOCAL INFILE request, which this client never enables")
                }
                return .localInfile(fileName: Array(packet.dropFirst()))
            case nil:
                throw .malformedPacket("empty response packet")
            default:
                result = try decodeResultSet(header: packet, next: next)
            }
            if first == nil { first = result }
            if result.statusFlags & OKPacket.serverMoreResultsExist == 0 { return first! }
        }
        throw .malformedPacket("more than \(maxResults) results for one command")
    }

    private func isTerminator(_ packet: [UInt8]) -> Bool {
        packet.first == 0xFE && (deprecateEOF ? packet.count < PacketFraming.maxPayload : packet.count < 9)
    }

    private func decodeResultSet(header: [UInt8], next: () throws(MySQLError) -> [UInt8]) throws(MySQLError) -> Response {
        var reader = PacketReader(header)
        guard let count = try reader.lengthEncodedInteger("result column count"), count > 0, count <= 4096 else {
            throw .malformedPacket("result column count is not in 1...4096")
        }
        var columns: [ColumnDefinition] = []
        columns.reserveCapacity(Int(count))
        for _ in 0..<count { columns.append(try ColumnDefinition(parsing: try next())) }
        if !deprecateEOF {
            guard try next().first == 0xFE else { throw .malformedPacket("missing EOF after column definitions") }
        }
        var rows: [[String?]] = []
        while true {
            let packet = try next()
            if isTerminator(packet) {
                return .rows(MySQLResultSet(columns: columns, rows: rows), statusFlags: try terminatorStatus(packet))
            }
            if packet.first == 0xFF { throw try ServerError.parse(packet, capabilities: []) }
            rows.append(try Self.parseTextRow(packet, columnCount: columns.count))
        }
    }

    private func terminatorStatus(_ packet: [UInt8]) throws(MySQLError) -> UInt16 {
        if deprecateEOF { return try OKPacket(parsing: packet).statusFlags }
        var reader = PacketReader(packet, offset: 1)
        _ = try reader.u16("EOF warnings")
        return try reader.u16("EOF status flags")
    }

    /// One text-protocol row: a length-encoded string per column, 0xFB for NULL.
    static func parseTextRow(_ packet: [UInt8], columnCount: Int) throws(MySQLError) -> [String?] {
        var reader = PacketReader(packet)
        var row: [String?] = []
        row.reserveCapacity(columnCount)
        for index in 0..<columnCount {
            row.append(try reader.lengthEncodedBytes("row value \(index + 1)").map { String(decoding: $0, as: UTF8.self) })
        }
        guard reader.isAtEnd else { throw .malformedPacket("row has \(reader.remaining) bytes after its \(columnCount) values") }
        return row
    }
}

/// The packet header arithmetic shared by the socket channel and the fuzz harness.
enum PacketFraming {
    static let maxPayload = 0xFF_FFFF
}
