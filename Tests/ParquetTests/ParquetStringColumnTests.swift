import Testing
@testable import Parquet

@Suite struct ParquetStringColumnTests {
    private let schema = try! ParquetSchema([ParquetColumn("text", .string), ParquetColumn("n", .int32, optional: false)])

    private func written(_ columns: [ParquetColumnValues], options: ParquetWriterOptions = ParquetWriterOptions()) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        try writer.write(columns: columns)
        try writer.close()
        return sink.bytes
    }

    private func column(_ values: [String?]) -> ParquetStringColumn {
        var column = ParquetStringColumn()
        for value in values {
            if let value { column.append(value) } else { column.appendNull() }
        }
        return column
    }

    @Test func buildsArrowLayoutWithABitmapOnlyOnceANullArrives() {
        var strings = ParquetStringColumn()
        strings.append("ab")
        strings.append("")
        #expect(strings.validity == nil)
        for _ in 0..<7 { strings.append("x") }
        strings.appendNull()
        strings.append("é")
        #expect(strings.count == 11)
        #expect(strings.offsets == [0, 2, 2, 3, 4, 5, 6, 7, 8, 9, 9, 11])
        #expect(strings.bytes == Array("abxxxxxxxé".utf8))
        // Values 0-8 present, 9 null, 10 present.
        #expect(strings.validity == [0xFF, 0b0000_0101])
        #expect((0..<11).map(strings.isPresent) == Array(repeating: true, count: 9) + [false, true])
    }

    @Test func writesTheSameBytesAsStringArrays() throws {
        var generator = SeededGenerator(seed: 7)
        let words = ["page_view", "click", "", "é", "日本語", "https://example.com/a?b=c"]
        let values: [String?] = (0..<20_000).map { index in
            if Int.random(in: 0..<10, using: &generator) == 0 { return nil }
            let word = words.randomElement(using: &generator)!
            return index % 3 == 0 ? "\(word)-\(Int.random(in: 0..<500, using: &generator))" : word
        }
        let numbers: [Int32?] = (0..<values.count).map { Int32($0) }
        var options = ParquetWriterOptions(compression: .snappy)
        options.dataPageByteLimit = 4096
        let expected = try written([.strings(values), .int32s(numbers)], options: options)
        #expect(try written([.utf8Column(column(values)), .int32s(numbers)], options: options) == expected)
        // The same buffers handed over whole.
        let built = column(values)
        let handed = try ParquetStringColumn(bytes: built.bytes, offsets: built.offsets, validity: built.validity)
        #expect(try written([.utf8Column(handed), .int32s(numbers)], options: options) == expected)
    }

    @Test func plainColumnsWriteTheSameBytesAsStringArrays() throws {
        // Unique values: the column drops its dictionary and goes PLAIN.
        let values: [String?] = (0..<70_000).map { "event-\($0 * 7_919)" }
        let numbers: [Int32?] = (0..<values.count).map { _ in 1 }
        #expect(try written([.utf8Column(column(values)), .int32s(numbers)])
            == (try written([.strings(values), .int32s(numbers)])))
    }

    @Test func rejectsBadUTF8NamingTheRowAndByte() throws {
        var strings = ParquetStringColumn()
        strings.append("ok")
        strings.appendNull()
        ([0x61, 0xC3, 0x28] as [UInt8]).withUnsafeBytes { strings.append(utf8: $0) }
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, sink: sink)
        try writer.write(row: [.string("first"), .int32(0)])
        #expect(throws: ParquetError.invalidUTF8(column: "text", row: 3, byteOffset: 1)) {
            try writer.write(columns: [.utf8Column(strings), .int32s([1, 2, 3])])
        }
        // The rejected batch left nothing behind.
        #expect(writer.rowCount == 1)
    }

    @Test func rejectsAValueStartingInsideAMultiByteSequence() throws {
        // "é" cut in two: the text as a whole is well-formed, each value is not.
        let strings = try ParquetStringColumn(bytes: [0x61, 0xC3, 0xA9], offsets: [0, 2, 3])
        #expect(throws: ParquetError.invalidUTF8(column: "text", row: 0, byteOffset: 1)) {
            _ = try written([.utf8Column(strings), .int32s([1, 2])])
        }
    }

    @Test func bytesUnderANullAreNotChecked() throws {
        let strings = try ParquetStringColumn(bytes: [0x61, 0xFF, 0x62], offsets: [0, 1, 2, 3], validity: [0b101])
        let bytes = try written([.utf8Column(strings), .int32s([1, 2, 3])])
        #expect(bytes == (try written([.strings(["a", nil, "b"]), .int32s([1, 2, 3])])))
    }

    @Test func nullInARequiredColumnNamesTheRow() throws {
        let required = try ParquetSchema([ParquetColumn("id", .string, optional: false)])
        let writer = try ParquetWriter(schema: required, sink: MemorySink())
        #expect(throws: ParquetError.nullInRequiredColumn(column: "id", row: 2)) {
            try writer.write(columns: [.utf8Column(column(["a", "b", nil]))])
        }
    }

    @Test func handedBuffersAreChecked() {
        #expect(throws: ParquetError.batchMismatch("string column offsets must start with 0")) {
            _ = try ParquetStringColumn(bytes: [0x61], offsets: [1, 1])
        }
        #expect(throws: ParquetError.batchMismatch("string column offsets end at 1, the bytes hold 2")) {
            _ = try ParquetStringColumn(bytes: [0x61, 0x62], offsets: [0, 1])
        }
        #expect(throws: ParquetError.batchMismatch("string column offset 2 (1) is below the one before it")) {
            _ = try ParquetStringColumn(bytes: [0x61, 0x62], offsets: [0, 2, 1, 2])
        }
        #expect(throws: ParquetError.batchMismatch(
            "string column validity bitmap of 1 bytes covers fewer than 9 values")) {
            _ = try ParquetStringColumn(bytes: [], offsets: Array(repeating: 0, count: 10), validity: [0xFF])
        }
        #expect(throws: ParquetError.self) { _ = try ParquetStringColumn(bytes: [], offsets: []) }
    }

    @Test func emptyColumnWritesNoRows() throws {
        let bytes = try written([.utf8Column(ParquetStringColumn()), .int32s([])])
        #expect(bytes == (try written([.strings([]), .int32s([])])))
    }
}
