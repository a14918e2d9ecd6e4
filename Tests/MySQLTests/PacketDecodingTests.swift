import Testing

@testable import MySQL

struct PacketDecodingTests {
    /// A MariaDB 10.11 handshake: version, connection id, 20-byte scramble, caps 0x81fffffe-like, plugin.
    static func mariaDBHandshake(plugin: String = "mysql_native_password") -> [UInt8] {
        var p: [UInt8] = [10]
        p.appendNulTerminated("5.5.5-10.11.19-MariaDB-0+deb12u1")
        p.appendLittleEndian(UInt32(42))
        p.append(contentsOf: Array(UInt8(1)...UInt8(8)))
        p.append(0)
        p.appendLittleEndian(UInt16(0xFFFE))
        p.append(45)
        p.appendLittleEndian(UInt16(2))
        p.appendLittleEndian(UInt16(0x81FF))
        p.append(21)
        p.append(contentsOf: repeatElement(0, count: 10))
        p.append(contentsOf: Array(UInt8(9)...UInt8(20)))
        p.append(0)
        p.appendNulTerminated(plugin)
        return p
    }

    @Test func parsesHandshake() throws {
        let handshake = try HandshakeV10(parsing: Self.mariaDBHandshake())
        #expect(handshake.serverVersion == "5.5.5-10.11.19-MariaDB-0+deb12u1")
        #expect(handshake.connectionID == 42)
        #expect(handshake.nonce == Array(UInt8(1)...UInt8(20)))
        #expect(handshake.capabilities.contains(.ssl))
        #expect(handshake.capabilities.contains(.pluginAuth))
        #expect(!handshake.capabilities.contains(.longPassword))
        #expect(handshake.authPluginName == "mysql_native_password")
    }

    @Test func handshakeThatIsAnErrorThrowsTheServerError() {
        var p: [UInt8] = [0xFF]
        p.appendLittleEndian(UInt16(1040))
        p.append(contentsOf: Array("Too many connections".utf8))
        #expect(throws: MySQLError.server(code: 1040, sqlState: "HY000", message: "Too many connections")) {
            try HandshakeV10(parsing: p)
        }
    }

    @Test func everyTruncatedHandshakeThrows() {
        let full = Self.mariaDBHandshake()
        for length in 0..<40 {
            #expect(throws: MySQLError.self) { try HandshakeV10(parsing: Array(full.prefix(length))) }
        }
    }

    @Test func okPacketWithInsertInfo() throws {
        var p: [UInt8] = [0x00, 5, 0]
        p.appendLittleEndian(UInt16(0x0202))
        p.appendLittleEndian(UInt16(0))
        p.append(contentsOf: Array("Records: 4  Duplicates: 1  Warnings: 0".utf8))
        let ok = try OKPacket(parsing: p)
        #expect(ok.affectedRows == 5)
        #expect(ok.statusFlags & OKPacket.noBackslashEscapes != 0)
        #expect(ok.insertCounts?.records == 4)
        #expect(ok.insertCounts?.duplicates == 1)
    }

    @Test func errorPacketKeepsCodeStateAndMessage() throws {
        var p: [UInt8] = [0xFF]
        p.appendLittleEndian(UInt16(1213))
        p.append(contentsOf: Array("#40001Deadlock found".utf8))
        let error = try ServerError.parse(p, capabilities: [])
        #expect(error == .server(code: 1213, sqlState: "40001", message: "Deadlock found"))
        #expect(error.isTransientLockError)
    }

    static func column(_ name: String) -> [UInt8] {
        var p: [UInt8] = []
        for part in ["def", "pipeline", "t", "t", name, name] { p.appendLengthEncoded(Array(part.utf8)) }
        p.append(0x0C)
        p.appendLittleEndian(UInt16(45))
        p.appendLittleEndian(UInt32(255))
        p.append(253)
        p.appendLittleEndian(UInt16(0))
        p.append(0)
        p.append(contentsOf: [0, 0])
        return p
    }

    static func okTerminator(status: UInt16 = 2) -> [UInt8] {
        var p: [UInt8] = [0xFE, 0, 0]
        p.appendLittleEndian(status)
        p.appendLittleEndian(UInt16(0))
        return p
    }

    @Test func decodesTextResultSetWithNullAndLongValues() throws {
        var row: [UInt8] = []
        row.appendLengthEncoded(Array("é'\\".utf8))
        row.append(0xFB)
        let long = [UInt8](repeating: 0x61, count: 70_000)
        row.appendLengthEncoded(long)
        var packets: [[UInt8]] = [[3], Self.column("a"), Self.column("b"), Self.column("c"), row, Self.okTerminator()]
        let response = try ResponseDecoder(deprecateEOF: true).decode { () throws(MySQLError) -> [UInt8] in
            packets.removeFirst()
        }
        guard case .rows(let set, _) = response else { Issue.record("expected rows"); return }
        #expect(set.columns.map(\.name) == ["a", "b", "c"])
        #expect(set.rows == [["é'\\", nil, String(repeating: "a", count: 70_000)]])
    }

    @Test func rowWithTooFewValuesThrows() {
        var row: [UInt8] = []
        row.appendLengthEncoded(Array("x".utf8))
        var packets: [[UInt8]] = [[2], Self.column("a"), Self.column("b"), row, Self.okTerminator()]
        #expect(throws: MySQLError.self) {
            try ResponseDecoder(deprecateEOF: true).decode { () throws(MySQLError) -> [UInt8] in packets.removeFirst() }
        }
    }

    @Test func localInfileRequestIsTakenOnlyAsTheFirstAnswerToLoadData() throws {
        let request: [UInt8] = [0xFB] + Array("mysqlupsert-batch-1.tsv".utf8)
        var decoder = ResponseDecoder(deprecateEOF: true)
        decoder.acceptsLocalInfile = true
        #expect(try decoder.decode { () throws(MySQLError) -> [UInt8] in request } == .localInfile(fileName: Array("mysqlupsert-batch-1.tsv".utf8)))
        // After a first result that announces more, a file request is a protocol error.
        var ok: [UInt8] = [0, 0, 0]
        ok.appendLittleEndian(OKPacket.serverMoreResultsExist)
        ok.appendLittleEndian(UInt16(0))
        var packets = [ok, request]
        #expect(throws: MySQLError.malformedPacket("LOCAL INFILE request, which this client never enables")) {
            try decoder.decode { () throws(MySQLError) -> [UInt8] in packets.removeFirst() }
        }
    }

    @Test func localInfileRequestIsRefusedWithoutReadingAnyFile() {
        // A server asking for a client file (0xFB + name) to any statement but LOAD DATA LOCAL (or with
        // CLIENT_LOCAL_FILES off): the request is a protocol error and no file is opened or sent.
        let request: [UInt8] = [0xFB] + Array("/etc/passwd".utf8)
        #expect(throws: MySQLError.malformedPacket("LOCAL INFILE request, which this client never enables")) {
            try ResponseDecoder(deprecateEOF: true).decode { () throws(MySQLError) -> [UInt8] in request }
        }
    }

    @Test func endlessMoreResultsAreCut() {
        var ok: [UInt8] = [0, 0, 0]
        ok.appendLittleEndian(OKPacket.serverMoreResultsExist)
        ok.appendLittleEndian(UInt16(0))
        #expect(throws: MySQLError.self) {
            try ResponseDecoder(deprecateEOF: true).decode { () throws(MySQLError) -> [UInt8] in ok }
        }
    }

    @Test func lengthEncodedIntegersRoundTrip() throws {
        for value: UInt64 in [0, 250, 251, 65_535, 65_536, 16_777_215, 16_777_216, UInt64.max] {
            var bytes: [UInt8] = []
            bytes.appendLengthEncodedInteger(value)
            var reader = PacketReader(bytes)
            #expect(try reader.lengthEncodedInteger("n") == value)
            #expect(reader.isAtEnd)
        }
    }

    @Test func serverVersionDecidesTheDialect() {
        #expect(MySQLServerVersion("5.5.5-10.11.19-MariaDB-0+deb12u1").upsertDialect == .valuesFunction)
        #expect(MySQLServerVersion("5.5.5-10.11.19-MariaDB-0+deb12u1").major == 10)
        #expect(MySQLServerVersion("8.0.19").upsertDialect == .rowAlias)
        #expect(MySQLServerVersion("8.0.36-mysql").upsertDialect == .rowAlias)
        #expect(MySQLServerVersion("8.0.18-log").upsertDialect == .valuesFunction)
        #expect(MySQLServerVersion("5.7.44").upsertDialect == .valuesFunction)
        #expect(MySQLServerVersion("9.1.0").upsertDialect == .rowAlias)
    }
}
