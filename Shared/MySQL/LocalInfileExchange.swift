/// LOAD DATA LOCAL INFILE with the "file" in memory: the client sends a statement naming a file, the server answers
/// with 0xFB + the file name it wants, the client sends the file's bytes in packets and an empty packet, and the
/// server answers OK or ERR (MySQL protocol, "COM_QUERY Response" / "LOCAL INFILE Request").
///
/// The client never opens a local file. It sends `contents` only when the server asks for exactly `fileName`, the
/// name this statement used; for any other name (a hostile or compromised server can name any file) it sends the
/// empty packet alone, reads the server's answer, and throws `unexpectedFileRequest`. Needs CLIENT_LOCAL_FILES,
/// which the client offers only when `MySQLConnectionConfiguration.localInfile` is set.
extension MySQLConnection {
    /// Whether this connection can run LOAD DATA LOCAL: the client offered CLIENT_LOCAL_FILES and the server
    /// announced it (a server with local_infile off may announce it and refuse the statement all the same).
    public var offersLocalInfile: Bool { capabilities.contains(.localFiles) }

    /// Runs `statement` (a LOAD DATA LOCAL INFILE naming `fileName`) and answers the server's file request with
    /// `contents`; returns the OK packet ("Records: N  Deleted: 0  Skipped: 0  Warnings: W").
    @discardableResult
    public func loadLocalInfile(_ statement: [UInt8], fileName: String, contents: [UInt8]) throws(MySQLError) -> OKPacket {
        if let answered = try sendLoadLocalInfile(statement, fileName: fileName, contents: contents) { return answered }
        return try result()
    }

    /// Sends `statement` (a LOAD DATA LOCAL INFILE naming `fileName`), waits for the server's file request and sends
    /// `contents`; the load's OK is then owed like a statement's (`result()`), so the caller can queue statements
    /// behind it while the server loads. Returns the OK instead when the server answered without asking for the
    /// file (nothing is owed then). A server that refuses the statement (local_infile off) throws here. No other
    /// statement may be in flight: the file request must be the next response.
    public func sendLoadLocalInfile(_ statement: [UInt8], fileName: String, contents: [UInt8]) throws(MySQLError) -> OKPacket? {
        guard offersLocalInfile else {
            throw .unsupported("LOAD DATA LOCAL needs CLIENT_LOCAL_FILES, which this connection did not negotiate")
        }
        guard !hasStatementInFlight else {
            throw .unsupported("LOAD DATA LOCAL was sent before the result of the statement in flight was read")
        }
        try sendLocalInfileStatement(statement)
        switch try nextOwedResponse(acceptsLocalInfile: true) {
        case .ok(let ok):
            return ok
        case .rows:
            throw .malformedPacket("LOAD DATA LOCAL answered with a result set")
        case .localInfile(let requested):
            guard requested == Array(fileName.utf8) else {
                try channel.sendFileContents([])
                oweResponseAfterFile()
                // Whatever the server makes of an empty file, the statement failed.
                _ = try? result()
                throw .unexpectedFileRequest(
                    requested: String(decoding: requested.prefix(200), as: UTF8.self), expected: fileName)
            }
            try channel.sendFileContents(contents)
            oweResponseAfterFile()
            return nil
        }
    }
}
