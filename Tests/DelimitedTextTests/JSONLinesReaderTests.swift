import Testing
@testable import DelimitedText

@Suite struct JSONLinesReaderTests {
    private func read(_ text: String, chunk: Int = 1 << 20) throws -> (rows: [[String?]], lines: [Int], invalid: [TextReadError], reader: JSONLinesReader) {
        let reader = JSONLinesReader(columns: ["id", "name", "amount"])
        var rows: [[String?]] = [], lines: [Int] = [], invalid: [TextReadError] = []
        let bytes = Array(text.utf8)
        var start = 0
        let collect: (TextRecord) -> Void = { record in
            rows.append((0..<record.count).map { record.isNull($0) ? nil : record.string($0) })
            lines.append(record.line)
        }
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try reader.read(Array(bytes[start..<end]), collect, onInvalid: { invalid.append($0) })
            start = end
        }
        try reader.finish(collect, onInvalid: { invalid.append($0) })
        return (rows, lines, invalid, reader)
    }

    @Test(arguments: [1, 7, 4096])
    func objectsBecomeRecordsInColumnOrder(chunk: Int) throws {
        let text = """
        {"amount": 12.50, "id": 9007199254740993, "name": "Zo\\u00eb"}
        {"id": 2, "name": null, "extra": {"a": [1]}}\r
        {"id": 3, "name": "x", "amount": [1, 2]}
        """
        let result = try read(text, chunk: chunk)
        #expect(result.rows == [["9007199254740993", "Zoë", "12.50"], ["2", nil, nil], ["3", "x", "[1, 2]"]])
        #expect(result.lines == [1, 2, 3])
        #expect(result.reader.extraKeys == ["extra"])
    }

    @Test func badLinesAreReportedAndReadingContinues() throws {
        let result = try read("{\"id\": 1}\n\n[1]\n{\"id\": 1, \"id\": 2}\n{\"id\": 5}\n")
        #expect(result.rows.map { $0[0] } == ["1", "5"])
        #expect(result.lines == [1, 5])
        #expect(result.invalid.map(\.line) == [2, 3, 4])
        #expect(result.invalid[2].kind == .duplicateKey("id"))
    }
}
