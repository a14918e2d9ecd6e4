import Testing
@testable import DelimitedText

/// Reads `text` in chunks of `chunk` bytes and returns (line, fields) per record.
func readAll(_ text: String, dialect: DelimitedDialect = .csv, chunk: Int = 1 << 20) throws -> (rows: [(Int, [String])], reader: DelimitedTextReader) {
    try readAll(Array(text.utf8), dialect: dialect, chunk: chunk)
}

func readAll(_ bytes: [UInt8], dialect: DelimitedDialect = .csv, chunk: Int = 1 << 20) throws -> (rows: [(Int, [String])], reader: DelimitedTextReader) {
    let reader = DelimitedTextReader(dialect: dialect)
    var rows: [(Int, [String])] = []
    var start = 0
    while start < bytes.count {
        let end = min(start + chunk, bytes.count)
        try reader.read(Array(bytes[start..<end])) { rows.append(($0.line, $0.strings)) }
        start = end
    }
    try reader.finish { rows.append(($0.line, $0.strings)) }
    return (rows, reader)
}

@Suite struct DelimitedTextReaderTests {
    @Test(arguments: [1, 2, 3, 5, 64])
    func quotedFieldsWithDelimitersQuotesAndNewlinesAtAnyChunkSize(chunk: Int) throws {
        let text = "id,text,n\r\n1,\"a,b\",2\r\n2,\"say \"\"hi\"\"\",3\n3,\"line one\r\nline two\",4\n4,,\n"
        let result = try readAll(text, chunk: chunk)
        #expect(result.reader.header == ["id", "text", "n"])
        #expect(result.rows.map(\.0) == [2, 3, 4, 6])
        #expect(result.rows.map(\.1) == [
            ["1", "a,b", "2"], ["2", "say \"hi\"", "3"], ["3", "line one\r\nline two", "4"], ["4", "", ""],
        ])
    }

    @Test func byteOrderMarkIsRemovedFromTheFirstColumnName() throws {
        let result = try readAll([0xEF, 0xBB, 0xBF] + Array("id,name\n1,x\n".utf8), chunk: 2)
        #expect(result.reader.header == ["id", "name"])
        #expect(result.reader.hadByteOrderMark)
    }

    @Test func quotedEmptyIsToldFromUnquotedEmpty() throws {
        let reader = DelimitedTextReader(dialect: .csv)
        var flags: [[Bool]] = []
        try reader.read(Array("a,b\n\"\",\n".utf8)) { record in flags.append((0..<record.count).map { record.isQuoted($0) }) }
        try reader.finish { _ in }
        #expect(flags == [[true, false]])
    }

    @Test func raggedRowsAreDeliveredAsTheyAre() throws {
        let result = try readAll("a,b,c\n1,2\n3,4,5,6\n")
        #expect(result.rows.map(\.1.count) == [2, 4])
        #expect(result.reader.expectedFieldCount == 3)
    }

    @Test func characterAfterClosingQuoteNamesLineAndField() {
        #expect(throws: TextReadError(kind: .characterAfterClosingQuote, line: 3, field: 2, offset: 13)) {
            try readAll("a,b\n1,2\n3,\"x\"y\n")
        }
    }

    @Test func unterminatedQuoteNamesWhereItOpened() {
        #expect(throws: TextReadError(kind: .unterminatedQuote, line: 2, field: 2, offset: 4)) {
            try readAll("a,b\n1,\"open\n\nstill open")
        }
    }

    @Test func invalidUTF8IsAnErrorWithItsLine() throws {
        #expect(throws: TextReadError(kind: .invalidUTF8, line: 2, field: 1, offset: 6)) {
            try readAll([UInt8]("a,b\n1,".utf8) + [0xC0, 0xAF] + Array("\n".utf8))
        }
        // A multi-byte character split across chunks is fine.
        #expect(try readAll("a\né\n", chunk: 3).rows.map(\.1) == [["é"]])
    }

    @Test func strayQuotesInUnquotedFieldsAreDataAndCounted() throws {
        let result = try readAll("a,b\n1,5\"7\n")
        #expect(result.rows.map(\.1) == [["1", "5\"7"]])
        #expect(result.reader.strayQuoteCount == 1)
        #expect(result.reader.firstStrayQuote?.line == 2)
    }

    @Test func blankLinesAreSkippedAndCounted() throws {
        let result = try readAll("a,b\n\n1,2\n\r\n3,4")
        #expect(result.rows.map(\.1) == [["1", "2"], ["3", "4"]])
        #expect(result.rows.map(\.0) == [3, 5])
        #expect(result.reader.blankLineCount == 2)
        // In a one-column file an empty line is an empty value.
        #expect(try readAll("a\n\n1\n").rows.map(\.1) == [[""], ["1"]])
    }

    @Test func loneCarriageReturnIsDataUnlessTheDialectSaysOtherwise() throws {
        #expect(try readAll("a\nx\ry\n", chunk: 3).rows.map(\.1) == [["x\ry"]])
        var dialect = DelimitedDialect.csv
        dialect.loneCarriageReturnEndsLine = true
        #expect(try readAll("a\rx\ry\r", dialect: dialect).rows.map(\.1) == [["x"], ["y"]])
    }

    @Test func redshiftEscapedTextKeepsEscapedDelimitersAndNewlines() throws {
        let text = "1|a\\|b|c\n2|line\\\nnext|\\\\\n3||\n"
        let result = try readAll(text, dialect: .redshiftEscaped, chunk: 4)
        #expect(result.rows.map(\.1) == [["1", "a|b", "c"], ["2", "line\nnext", "\\"], ["3", "", ""]])
        #expect(result.rows.map(\.0) == [1, 2, 4])
    }

    @Test(arguments: [1, 3, 64])
    func escapedFieldsAreFlagged(chunk: Int) throws {
        // `\N` (a null marker) reads as `N` with the escape flag; the data `N` has none; `\\N` is the text `\N`.
        let bytes = Array("\\N|N|\\\\N|a\\|b\n".utf8)
        let reader = DelimitedTextReader(dialect: .redshiftEscaped)
        var seen: [(String, Bool)] = []
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try reader.read(Array(bytes[start..<end])) { record in
                for index in 0..<record.count { seen.append((record.string(index), record.isEscaped(index))) }
            }
            start = end
        }
        try reader.finish { _ in }
        #expect(seen.map(\.0) == ["N", "N", "\\N", "a|b"])
        #expect(seen.map(\.1) == [true, false, true, true])
    }

    @Test func recordSizeIsBounded() {
        let reader = DelimitedTextReader(dialect: .csv, maximumRecordBytes: 16)
        #expect(throws: TextReadError(kind: .recordTooLong, line: 1, field: 1, offset: 0)) {
            try reader.read(Array("\"\(String(repeating: "x", count: 40))".utf8)) { _ in }
        }
    }
}
