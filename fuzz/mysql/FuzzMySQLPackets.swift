// libFuzzer entry point for the MySQL module's decoders of untrusted server bytes: the handshake, OK/ERR packets,
// column definitions, text rows, whole command responses (packets framed as on the wire) and version strings.
// Built by `make fuzz-mysql` together with the decoder sources; a crash or hang is a bug, thrown errors are fine.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMySQLPackets(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = bytes.first else { return 0 }
    let body = Array(bytes.dropFirst())
    switch mode % 7 {
    case 0: _ = try? HandshakeV10(parsing: body)
    case 1:
        if let ok = try? OKPacket(parsing: body) { _ = ok.insertCounts }
    case 2: _ = try? ColumnDefinition(parsing: body)
    case 3: _ = try? ResponseDecoder.parseTextRow(Array(body.dropFirst()), columnCount: Int(body.first ?? 0))
    case 4, 5:
        // Split the body into wire packets: 3-byte length, sequence id, payload.
        var packets: [[UInt8]] = []
        var offset = 0
        while offset + 4 <= body.count {
            let length = Int(body[offset]) | Int(body[offset + 1]) << 8 | Int(body[offset + 2]) << 16
            let start = offset + 4
            let end = min(body.count, start + length)
            packets.append(Array(body[start..<end]))
            offset = end
        }
        var index = 0
        var decoder = ResponseDecoder(deprecateEOF: mode % 7 == 4)
        // As after LOAD DATA LOCAL: a file request may be the first answer.
        decoder.acceptsLocalInfile = mode & 0x80 != 0
        _ = try? decoder.decode { () throws(MySQLError) -> [UInt8] in
            guard index < packets.count else { throw .connectionLost("end of input") }
            defer { index += 1 }
            return packets[index]
        }
    default:
        let version = MySQLServerVersion(String(decoding: body, as: UTF8.self))
        _ = version.upsertDialect
        _ = try? ServerError.parse(body, capabilities: [])
    }
    return 0
}
