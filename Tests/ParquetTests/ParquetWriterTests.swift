import Testing
@testable import Parquet

@Suite struct ParquetWriterTests {
    private func write(
        _ schema: ParquetSchema, options: ParquetWriterOptions = ParquetWriterOptions(), rows: [[ParquetValue?]]
    ) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        for row in rows { try writer.write(row: row) }
        try writer.close()
        return sink.bytes
    }

    @Test func reproducesTheGoldenFileByteForByte() throws {
        let schema = try ParquetSchema([
            ParquetColumn("event_type", .string, encoding: .dictionary),
            ParquetColumn("duration", .int32, optional: false, encoding: .plain),
            ParquetColumn("ts", .timestamp(.milliseconds), encoding: .plain),
        ])
        var options = ParquetWriterOptions(compression: .uncompressed)
        options.createdBy = "minipq version 0.1.0 (build golden)"
        let bytes = try write(schema, options: options, rows: [
            [.string("click"), .int32(10), .timestamp(1_735_689_600_000)],
            [nil, .int32(20), .timestamp(1_735_689_601_000)],
            [.string("view"), .int32(30), nil],
        ])
        #expect(bytes.count == GoldenTinyFile.bytes.count)
        if let first = zip(bytes, GoldenTinyFile.bytes).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("first difference at byte \(first.offset)")
        }
        #expect(bytes == GoldenTinyFile.bytes)
        _ = try walkPages(bytes)
    }

    @Test func columnBatchesWriteTheSameBytesAsRows() throws {
        let schema = try ParquetSchema([
            ParquetColumn("name", .string), ParquetColumn("n", .int64, optional: false), ParquetColumn("ok", .boolean),
        ])
        let names: [String?] = ["a", nil, "é", "a", ""]
        let numbers: [Int64?] = [1, -2, .max, .min, 0]
        let flags: [Bool?] = [true, false, nil, true, true]
        let rows: [[ParquetValue?]] = (0..<5).map { index in
            [names[index].map { .string($0) }, numbers[index].map { .int64($0) }, flags[index].map { .boolean($0) }]
        }
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, sink: sink)
        try writer.write(columns: [.strings(names), .int64s(numbers), .booleans(flags)])
        try writer.close()
        #expect(sink.bytes == (try write(schema, rows: rows)))
    }

    @Test func footerDescribesSchemaTypesAndMetadata() throws {
        let schema = try ParquetSchema([
            ParquetColumn("s", .string), ParquetColumn("d", .date), ParquetColumn("t_us", .timestamp(.microseconds)),
            ParquetColumn("m9", .decimal(precision: 9, scale: 2)), ParquetColumn("m18", .decimal(precision: 18, scale: 4)),
            ParquetColumn("m38", .decimal(precision: 38, scale: 10)), ParquetColumn("x", .double),
        ])
        var options = ParquetWriterOptions(compression: .zstd())
        options.keyValueMetadata = [ParquetKeyValue("pipeline.table", "events")]
        let bytes = try write(schema, options: options, rows: [
            [.string("a"), .date(daysSinceEpoch: 20_089), .timestamp(1), .decimal(unscaled: 12_345),
             .decimal(unscaled: -1), .decimal(unscaled: Int128(10).power(37)), .double(1.5)],
        ])
        let footer = try parquetFooter(bytes)
        #expect(footer[1]?.int == 1)
        #expect(footer[3]?.int == 1)
        #expect(footer[6]?.string == ParquetWriterOptions.defaultCreatedBy)
        #expect(footer[5]?.list?.first?[1]?.string == "pipeline.table")
        #expect(footer[5]?.list?.first?[2]?.string == "events")
        #expect(footer[7]?.list?.count == 7)
        let elements = footer[2]!.list!
        #expect(elements[0][4]?.string == "schema" && elements[0][5]?.int == 7)
        #expect(elements[2][1]?.int == 1 && elements[2][6]?.int == 6)  // DATE
        #expect(elements[3][1]?.int == 2 && elements[3][6]?.int == 10)  // TIMESTAMP_MICROS
        #expect(elements[3][10]?[8]?[2]?[2] != nil)  // TimeUnit MICROS
        #expect(elements[4][1]?.int == 1 && elements[4][7]?.int == 2 && elements[4][8]?.int == 9)
        #expect(elements[5][1]?.int == 2 && elements[5][10]?[5]?[1]?.int == 4)
        #expect(elements[6][1]?.int == 7 && elements[6][2]?.int == 16)  // FLBA(16) for 38 digits
        let chunks = footer[4]!.list![0][1]!.list!
        #expect(chunks.allSatisfy { $0[3]?[4]?.int == 6 })  // ZSTD
        #expect(chunks[6][3]?[12]?[9]?.int == 0)  // nan_count for DOUBLE
        // 10^37 as 16 big-endian bytes.
        let expected: [UInt8] = [0x07, 0x85, 0xEE, 0x10, 0xD5, 0xDA, 0x46, 0xD9, 0x00, 0xF4, 0x36, 0xA0, 0x00, 0x00, 0x00, 0x00]
        #expect(chunks[5][3]?[12]?[6]?.bytes == expected.map { $0 })
    }

    @Test func stringStatisticsUseUnsignedByteOrder() throws {
        let schema = try ParquetSchema([ParquetColumn("s", .string)])
        for encoding in [ColumnEncoding.dictionary, .plain] {
            let column = try ParquetSchema([ParquetColumn("s", .string, encoding: encoding)])
            let bytes = try write(column, rows: [[.string("abc")], [.string("zebra")], [.string("é")], [nil],
                                                 [.string("ab")], [.string("Zulu")]])
            let statistics = try parquetFooter(bytes)[4]!.list![0][1]!.list![0][3]![12]!
            #expect(statistics[3]?.int == 1)
            #expect(statistics[6]?.string == "Zulu")
            #expect(statistics[5]?.string == "é")  // 0xC3 sorts after every ASCII byte
            #expect(statistics[1] == nil && statistics[2] == nil)  // no signed legacy fields for text
        }
        let prefixes = try write(schema, rows: [[.string("abc")], [.string("")], [.string("ab")]])
        let statistics = try parquetFooter(prefixes)[4]!.list![0][1]!.list![0][3]![12]!
        #expect(statistics[6]?.bytes == [])
        #expect(statistics[5]?.string == "abc")
        let same = try write(schema, rows: [[.string("x")], [.string("x")]])
        #expect(try parquetFooter(same)[4]!.list![0][1]!.list![0][3]![12]![1]?.string == "x")
    }

    @Test func doubleStatisticsSkipNaNAndWidenZeros() throws {
        let schema = try ParquetSchema([ParquetColumn("x", .double, encoding: .plain)])
        let bytes = try write(schema, rows: [[.double(.nan)], [.double(0.0)], [.double(-0.0)], [nil], [.double(.nan)]])
        let statistics = try parquetFooter(bytes)[4]!.list![0][1]!.list![0][3]![12]!
        #expect(statistics[9]?.int == 2)
        #expect(statistics[6]?.bytes == (-0.0 as Double).bitPattern.littleEndianBytes)
        #expect(statistics[5]?.bytes == (0.0 as Double).bitPattern.littleEndianBytes)
        let onlyNaN = try write(schema, rows: [[.double(.nan)]])
        let nanStatistics = try parquetFooter(onlyNaN)[4]!.list![0][1]!.list![0][3]![12]!
        #expect(nanStatistics.fieldIDs == [3, 9])
    }

    @Test func allNullChunksHaveOnlyANullCount() throws {
        let schema = try ParquetSchema([ParquetColumn("s", .string), ParquetColumn("n", .int32)])
        let bytes = try write(schema, rows: Array(repeating: [nil, nil], count: 10))
        let chunks = try parquetFooter(bytes)[4]!.list![0][1]!.list!
        for chunk in chunks {
            #expect(chunk[3]![12]!.fieldIDs == [3])
            #expect(chunk[3]![12]![3]?.int == 10)
            #expect(chunk[3]![11] == nil)  // no dictionary page for an empty dictionary
        }
        _ = try walkPages(bytes)
    }

    @Test func rowGroupsCloseAtTheRowLimitAndOffsetsHold() throws {
        let schema = try ParquetSchema([
            ParquetColumn("event", .string), ParquetColumn("n", .int64, optional: false, encoding: .plain),
            ParquetColumn("flag", .boolean),
        ])
        var options = ParquetWriterOptions(compression: .snappy)
        options.rowGroupRowLimit = 1000
        options.dataPageByteLimit = 1024
        let rows: [[ParquetValue?]] = (0..<3500).map { (index: Int) -> [ParquetValue?] in
            let event: ParquetValue? = index % 7 == 0 ? nil : .string("event-\(index % 13)")
            let flag: ParquetValue? = index % 5 == 0 ? nil : .boolean(index % 3 == 0)
            return [event, .int64(Int64(index) * 1_000_003), flag]
        }
        let bytes = try write(schema, options: options, rows: rows)
        let footer = try parquetFooter(bytes)
        #expect(footer[3]?.int == 3500)
        #expect(footer[4]?.list?.map { $0[3]!.int! } == [1000, 1000, 1000, 500])
        #expect(footer[4]?.list?.map { $0[7]!.int! } == [0, 1, 2, 3])
        let pages = try walkPages(bytes)
        #expect(pages[0][1].count > 2, "small page limit gives several data pages")
        for page in pages[0][1] { #expect(try SnappyDecompressor.decompress(page.body).count == Int(page.header[2]!.int!)) }
    }

    @Test func rowGroupsCloseAtTheByteLimitSoMemoryStaysBounded() throws {
        let schema = try ParquetSchema([ParquetColumn("id", .string, encoding: .plain)])
        var options = ParquetWriterOptions(compression: .uncompressed)
        options.rowGroupByteLimit = 64 << 10
        options.dataPageByteLimit = 8 << 10
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        var largestBuffer = 0
        for index in 0..<20_000 {
            try writer.write(row: [.string("row-\(index)-padding-to-make-it-longer")])
            largestBuffer = max(largestBuffer, writer.bufferedBytes)
        }
        try writer.close()
        let groups = try parquetFooter(sink.bytes)[4]!.list!
        #expect(groups.count > 8)
        #expect(largestBuffer < 2 * options.rowGroupByteLimit)
        #expect(groups.reduce(0) { $0 + $1[3]!.int! } == 20_000)
    }

    @Test func numericDictionaryFallsBackToPlainMidChunk() throws {
        let schema = try ParquetSchema([ParquetColumn("n", .int32)])
        var options = ParquetWriterOptions(compression: .snappy)
        options.dictionaryPageByteLimit = 1024
        options.dataPageByteLimit = 512
        let bytes = try write(schema, options: options, rows: (0..<3000).map { [.int32(Int32($0 / 2))] })
        let pages = try walkPages(bytes)
        #expect(pages.count == 1)
        // 257 entries pass 1024 bytes at row 512: dictionary pages up to there, PLAIN pages after.
        #expect(pages[0][0].first?.type == 2 && pages[0][0].first?.valueCount == 257)
        let encodings = pages[0][0].dropFirst().map(\.encoding)
        #expect(encodings.first == 8 && encodings.last == 0)
        #expect(encodings.drop { $0 == 8 }.allSatisfy { $0 == 0 }, "once PLAIN, always PLAIN")
        #expect(try parquetFooter(bytes)[4]!.list![0][1]!.list![0][3]![2]?.list?.map { $0.int! } == [0, 3, 8])
    }

    @Test func stringDictionaryFullBeforeItsFirstPageMakesTheColumnPlain() throws {
        let schema = try ParquetSchema([ParquetColumn("s", .string)])
        var options = ParquetWriterOptions(compression: .snappy)
        options.dictionaryPageByteLimit = 1024
        options.rowGroupRowLimit = 1000
        let bytes = try write(schema, options: options, rows: (0..<3000).map { [.string("value-\($0 / 2)")] })
        for rowGroup in try walkPages(bytes) {
            #expect(rowGroup[0].allSatisfy { $0.type == 0 && $0.encoding == 0 })
        }
    }

    @Test func stringDictionaryFullAfterPagesUsedItClosesTheRowGroup() throws {
        // Strings are dictionary-encoded in every page of the file or in none, so an overflow after the
        // first page ends the row group and the next one starts a new dictionary.
        let schema = try ParquetSchema([ParquetColumn("s", .string), ParquetColumn("n", .int64, encoding: .plain)])
        var options = ParquetWriterOptions(compression: .snappy)
        options.dictionaryPageByteLimit = 4096
        options.dataPageByteLimit = 64
        let rows: [[ParquetValue?]] = (0..<6000).map { [.string("value-\($0 / 6)"), .int64(Int64($0))] }
        let bytes = try write(schema, options: options, rows: rows)
        let groups = try parquetFooter(bytes)[4]!.list!
        #expect(groups.count >= 3)
        #expect(groups.reduce(0) { $0 + $1[3]!.int! } == 6000)
        for rowGroup in try walkPages(bytes) {
            #expect(rowGroup[0].first?.type == 2)
            #expect(rowGroup[0].dropFirst().allSatisfy { $0.encoding == 8 })
        }
    }

    @Test func nearlyUniqueColumnsAbandonTheirDictionary() throws {
        let schema = try ParquetSchema([ParquetColumn("id", .string), ParquetColumn("ts", .timestamp(.milliseconds)),
                                        ParquetColumn("kind", .string)])
        let count = DictionaryPolicy.probeValueCount + 10
        let ids: [String?] = (0..<count).map { "id-\($0)" }
        let times: [Int64?] = (0..<count).map { 1_735_689_600_000 + Int64($0) }
        let kinds: [String?] = (0..<count).map { ["a", "b", "c"][$0 % 3] }
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, sink: sink)
        try writer.write(columns: [.strings(ids), .timestamps(times), .strings(kinds)])
        try writer.close()
        let chunks = try parquetFooter(sink.bytes)[4]!.list![0][1]!.list!
        #expect(chunks[0][3]![11] == nil && chunks[0][3]![2]?.list?.map { $0.int! } == [0, 3])
        #expect(chunks[1][3]![11] == nil)
        #expect(chunks[2][3]![11] != nil && chunks[2][3]![2]?.list?.map { $0.int! } == [0, 3, 8])
    }

    @Test func zeroRowsMakeAFileWithSchemaAndNoRowGroups() throws {
        let schema = try ParquetSchema([ParquetColumn("s", .string), ParquetColumn("n", .int64, optional: false)])
        let bytes = try write(schema, rows: [])
        let footer = try parquetFooter(bytes)
        #expect(footer[3]?.int == 0)
        #expect(footer[4]?.list?.isEmpty == true)
        #expect(footer[2]?.list?.count == 3)
    }

    @Test func misuseNamesTheColumnAndRowAndLeavesTheWriterUsable() throws {
        let schema = try ParquetSchema([
            ParquetColumn("user_id", .string, optional: false), ParquetColumn("amount", .decimal(precision: 5, scale: 2)),
        ])
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, sink: sink)
        try writer.write(row: [.string("u1"), .decimal(unscaled: 99_999)])
        #expect(throws: ParquetError.nullInRequiredColumn(column: "user_id", row: 1)) {
            try writer.write(row: [nil, .decimal(unscaled: 1)])
        }
        #expect(throws: ParquetError.typeMismatch(column: "amount", row: 1, expected: "DECIMAL(5,2)", found: "double")) {
            try writer.write(row: [.string("u2"), .double(1.5)])
        }
        #expect(throws: ParquetError.invalidUTF8(column: "user_id", row: 1, byteOffset: 2)) {
            try writer.write(row: [.utf8(bytes: [0x61, 0x62, 0xC3, 0x28]), nil])
        }
        #expect(throws: ParquetError.valueOutOfRange(
            column: "amount", row: 1, detail: "unscaled decimal 100000 has more than 5 digits")) {
            try writer.write(row: [.string("u3"), .decimal(unscaled: 100_000)])
        }
        #expect(throws: ParquetError.rowWidthMismatch(row: 1, expected: 2, found: 1)) {
            try writer.write(row: [.string("u4")])
        }
        #expect(throws: ParquetError.nullInRequiredColumn(column: "user_id", row: 3)) {
            try writer.write(columns: [.strings(["a", "b", nil]), .decimals([1, 2, 3])])
        }
        #expect(throws: ParquetError.self) { try writer.write(columns: [.strings(["a"]), .decimals([1, 2])]) }
        #expect(throws: ParquetError.typeMismatch(column: "amount", row: 1, expected: "DECIMAL(5,2)", found: "int64s")) {
            try writer.write(columns: [.strings(["a"]), .int64s([1])])
        }
        try writer.write(row: [.utf8(bytes: Array("ü".utf8)), nil])
        let summary = try writer.close()
        #expect(summary.rowCount == 2)
        #expect(try parquetFooter(sink.bytes)[3]?.int == 2)
        #expect(throws: ParquetError.writerClosed) { try writer.write(row: [.string("late"), nil]) }
    }

    @Test func sinkFailuresCloseTheWriter() throws {
        final class FailingSink: ParquetSink {
            var calls = 0
            func write(_ bytes: UnsafeRawBufferPointer) throws {
                calls += 1
                if calls > 1 { throw ParquetError.sinkFailed("disk full") }
            }
        }
        let writer = try ParquetWriter(schema: ParquetSchema([ParquetColumn("s", .string)]), sink: FailingSink())
        try writer.write(row: [.string("x")])
        #expect(throws: ParquetError.sinkFailed("disk full")) { try writer.close() }
        #expect(throws: ParquetError.writerClosed) { try writer.write(row: [.string("y")]) }
    }

    @Test func multipartSinkCutsPartsOfTheConfiguredSize() throws {
        let sink = try MultipartSink(partSize: MultipartSink.minimumPartSize)
        let schema = try ParquetSchema([ParquetColumn("id", .string, encoding: .plain)])
        var options = ParquetWriterOptions(compression: .uncompressed)
        options.rowGroupByteLimit = 1 << 20
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        var parts: [[UInt8]] = []
        for batch in 0..<40 {
            let ids: [String?] = (0..<10_000).map { "batch-\(batch)-row-\($0)-" + String(repeating: "x", count: 20) }
            try writer.write(columns: [.strings(ids)])
            parts += sink.takeCompletedParts()
        }
        try writer.close()
        parts += sink.takeRemainingParts()
        #expect(parts.count >= 3)
        #expect(parts.dropLast().allSatisfy { $0.count == MultipartSink.minimumPartSize })
        let file = parts.flatMap { $0 }
        #expect(file.count == sink.totalBytes)
        #expect(try parquetFooter(file)[3]?.int == 400_000)
        #expect(throws: ParquetError.self) { try MultipartSink(partSize: 1 << 20) }
    }

    /// A table with every kind of column, nulls, a nearly unique string column (which gives its dictionary up)
    /// and a numeric one that falls back to PLAIN, written in batches of uneven sizes with single rows between.
    private func writeMixedTable(options: ParquetWriterOptions, rows: Int = 100_000) throws -> [UInt8] {
        let schema = try ParquetSchema([
            ParquetColumn("id", .string), ParquetColumn("session", .string, optional: false),
            ParquetColumn("kind", .string), ParquetColumn("n", .int64, optional: false), ParquetColumn("small", .int32),
            ParquetColumn("x", .double), ParquetColumn("ok", .boolean), ParquetColumn("day", .date),
            ParquetColumn("amount", .decimal(precision: 30, scale: 4)), ParquetColumn("page", .string),
        ])
        var generator = SeededGenerator(seed: 42)
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        var written = 0
        var batch = 0
        while written < rows {
            let count = min(rows - written, [1, 70_000, 3, 9_000, 40_000][batch % 5])
            let indices = written..<(written + count)
            var ids = ParquetStringColumn()
            for index in indices {
                if index % 11 == 0 { ids.appendNull() } else { ids.append("id-\(generator.next() % 1_000_000_000)-\(index)") }
            }
            let sessions: [String?] = indices.map { _ in "session-\(generator.next() % 5_000)" }
            let kinds: [String?] = indices.map { $0 % 13 == 0 ? nil : ["view", "click", "scroll"][Int(generator.next() % 3)] }
            let numbers: [Int64?] = indices.map { Int64($0) * 1_000_003 }
            let smalls: [Int32?] = indices.map { $0 % 7 == 0 ? nil : Int32(generator.next() % 100) }
            let doubles: [Double?] = indices.map { $0 % 1_000 == 0 ? .nan : Double(generator.next() % 10_000) / 7 }
            let flags: [Bool?] = indices.map { $0 % 5 == 0 ? nil : generator.next() % 2 == 0 }
            let days: [Int32?] = indices.map { Int32(20_000 + $0 / 10_000) }
            let amounts: [Int128?] = indices.map { $0 % 3 == 0 ? nil : Int128(generator.next() % 1_000_000) * 1_000_000_007 }
            // A dictionary that grows slowly, so pages use it before it fills.
            let pages: [String?] = indices.map { "https://example.com/page-\($0 / 20)" }
            if count == 1 {
                try writer.write(row: [
                    ids.isPresent(0) ? .utf8(bytes: Array(ids.bytes)) : nil, .string(sessions[0]!), kinds[0].map { .string($0) },
                    .int64(numbers[0]!), smalls[0].map { .int32($0) }, .double(doubles[0]!), flags[0].map { .boolean($0) },
                    .date(daysSinceEpoch: days[0]!), amounts[0].map { .decimal(unscaled: $0) }, .string(pages[0]!),
                ])
            } else {
                try writer.write(columns: [
                    .utf8Column(ids), .strings(sessions), .strings(kinds), .int64s(numbers), .int32s(smalls),
                    .doubles(doubles), .booleans(flags), .dates(days), .decimals(amounts), .strings(pages),
                ])
            }
            written += count
            batch += 1
        }
        try writer.close()
        return sink.bytes
    }

    /// Writes the mixed table with one thread and with several, and expects the same bytes.
    private func expectSameBytesWithAnyThreadCount(_ options: ParquetWriterOptions, _ name: String) throws -> [UInt8] {
        var serial = options
        serial.encodingThreads = 1
        let expected = try writeMixedTable(options: serial)
        #expect(try parquetFooter(expected)[3]?.int == 100_000)
        for threads in [2, 9] {
            var parallel = options
            parallel.encodingThreads = threads
            let bytes = try writeMixedTable(options: parallel)
            #expect(difference(bytes, expected) == nil, "\(name), \(threads) threads")
        }
        return expected
    }

    @Test(arguments: [ParquetCompression.snappy, .uncompressed, .gzip(level: 1), .zstd(level: 1)])
    func encodingThreadsDoNotChangeTheBytes(compression: ParquetCompression) throws {
        var options = ParquetWriterOptions(compression: compression)
        options.dataPageByteLimit = 64 << 10
        _ = try expectSameBytesWithAnyThreadCount(options, "\(compression)")
    }

    @Test func encodingThreadsDoNotChangeWhereRowGroupsEnd() throws {
        // Row groups closed by their byte limit; then by string dictionaries that overflow after pages used
        // them, and by the row limit.
        var byteLimited = ParquetWriterOptions(compression: .snappy)
        byteLimited.dataPageByteLimit = 64 << 10
        byteLimited.rowGroupByteLimit = 1 << 20
        var dictionaryLimited = ParquetWriterOptions(compression: .snappy)
        dictionaryLimited.dataPageByteLimit = 4 << 10
        dictionaryLimited.dictionaryPageByteLimit = 16 << 10
        dictionaryLimited.rowGroupRowLimit = 50_000
        for (name, options) in [("byte limit", byteLimited), ("dictionary limit", dictionaryLimited)] {
            let groups = try parquetFooter(try expectSameBytesWithAnyThreadCount(options, name))[4]!.list!
            // Two row groups would hold 100,000 rows by the row limit alone.
            #expect(groups.count >= 5, "\(name): \(groups.count) row groups")
        }
    }

    @Test func batchesCloseRowGroupsNearTheByteLimit() throws {
        // One large batch: the writer looks at the row group's size between slices, which shrink near the limit.
        let schema = try ParquetSchema([ParquetColumn("id", .string, encoding: .plain), ParquetColumn("n", .int64)])
        var options = ParquetWriterOptions(compression: .uncompressed)
        options.rowGroupByteLimit = 1 << 20
        options.dataPageByteLimit = 32 << 10
        let ids: [String?] = (0..<300_000).map { "row-\($0)-padding-to-make-it-longer" }
        let numbers: [Int64?] = (0..<300_000).map { Int64($0) }
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        try writer.write(columns: [.strings(ids), .int64s(numbers)])
        try writer.close()
        let groups = try parquetFooter(sink.bytes)[4]!.list!
        #expect(groups.count >= 10)
        #expect(groups.reduce(0) { $0 + $1[3]!.int! } == 300_000)
        for group in groups.dropLast() {
            // RowGroup.total_byte_size: the uncompressed pages, which is what was buffered.
            let size = Int(group[2]!.int!)
            #expect(size >= options.rowGroupByteLimit && size < options.rowGroupByteLimit * 5 / 4, "row group of \(size) bytes")
        }
    }

    @Test func batchDictionaryOverflowClosesTheRowGroupNearTheDictionaryLimit() throws {
        let schema = try ParquetSchema([ParquetColumn("s", .string), ParquetColumn("n", .int64, encoding: .plain)])
        var options = ParquetWriterOptions(compression: .snappy)
        options.dictionaryPageByteLimit = 64 << 10
        options.dataPageByteLimit = 1024
        let strings: [String?] = (0..<200_000).map { "value-\($0 / 6)" }
        let numbers: [Int64?] = (0..<200_000).map { Int64($0) }
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        try writer.write(columns: [.strings(strings), .int64s(numbers)])
        try writer.close()
        let rowGroups = try walkPages(sink.bytes)
        #expect(rowGroups.count >= 3)
        for (index, rowGroup) in rowGroups.enumerated() {
            let dictionary = try #require(rowGroup[0].first)
            #expect(dictionary.type == 2)
            #expect(rowGroup[0].dropFirst().allSatisfy { $0.encoding == 8 })
            let size = Int(dictionary.header[2]!.int!)
            // Over the limit by at most the new values of one shortest slice (4,096 rows, 683 values here).
            if index < rowGroups.count - 1 {
                #expect(size > options.dictionaryPageByteLimit && size < options.dictionaryPageByteLimit + 12 << 10,
                        "dictionary page of \(size) bytes")
            }
        }
    }

    @Test func optionsAreValidated() throws {
        let schema = try ParquetSchema([ParquetColumn("s", .string)])
        var options = ParquetWriterOptions()
        options.createdBy = "parquet writer 1.0"
        #expect(throws: ParquetError.self) { try ParquetWriter(schema: schema, options: options, sink: MemorySink()) }
        options.createdBy = "app version 1.2.3 (build abc)"
        options.keyValueMetadata = [ParquetKeyValue("org.apache.spark.version", "3.5.0")]
        #expect(throws: ParquetError.self) { try ParquetWriter(schema: schema, options: options, sink: MemorySink()) }
        options.keyValueMetadata = []
        options.rowGroupRowLimit = 0
        #expect(throws: ParquetError.self) { try ParquetWriter(schema: schema, options: options, sink: MemorySink()) }
        options.rowGroupRowLimit = 1000
        options.encodingThreads = 0
        #expect(throws: ParquetError.invalidOptions("encodingThreads 0 is outside 1...256")) {
            try ParquetWriter(schema: schema, options: options, sink: MemorySink())
        }
        #expect(ParquetWriterOptions.isWellFormedCreatedBy("swiftpq version 0.3.1 (build abc123)"))
        #expect(!ParquetWriterOptions.isWellFormedCreatedBy("swiftpq version 0.3 (build abc123)"))
        #expect(!ParquetWriterOptions.isWellFormedCreatedBy("swiftpq version 0.3.1"))
    }
}

extension UInt64 {
    var littleEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (8 * UInt64($0))) } }
}

extension Int128 {
    func power(_ exponent: Int) -> Int128 { (0..<exponent).reduce(1) { result, _ in result * self } }
}
