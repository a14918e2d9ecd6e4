import Testing
@testable import Parquet

/// Row groups read page by page (`ParquetReader.rowGroupPages`, `forEachRow`): one huge row group of small
/// pages is read with the bytes held bounded by the pages, not the row group (the reader's own count), rows equal
/// to the whole-row-group read, dictionary and plain pages, nulls, windows that cut page headers, and a budget
/// too small for one page refused with the column named.
@Suite struct ReaderPageStreamingTests {
    static let rows = 120_000

    /// One row group of `rows` rows in 4 KiB pages: PLAIN INT64 ids, an optional dictionary string, an optional
    /// PLAIN string with nulls, an optional double.
    static let file: [UInt8] = {
        let schema = try! ParquetSchema([
            ParquetColumn("id", .int64, optional: false, encoding: .plain), ParquetColumn("status", .string),
            ParquetColumn("note", .string, encoding: .plain), ParquetColumn("price", .double, encoding: .plain),
        ])
        var options = ParquetWriterOptions(compression: .snappy)
        options.rowGroupRowLimit = rows
        options.dataPageByteLimit = 4096
        let sink = MemorySink()
        let writer = try! ParquetWriter(schema: schema, options: options, sink: sink)
        for index in 0..<rows { try! writer.write(row: Self.row(index)) }
        try! writer.close()
        return sink.bytes
    }()

    static func row(_ row: Int) -> [ParquetValue?] {
        [.int64(Int64(row) * 3 - 7), row % 11 == 0 ? nil : .string(["placed", "paid", "shipped"][row % 3]),
         row % 7 == 0 ? nil : .string("note number \(row)"), row % 13 == 0 ? nil : .double(Double(row) / 4)]
    }

    @Test func aHugeRowGroupIsReadWithThePagesNotTheRowGroupInMemory() throws {
        let reader = try ParquetReader(bytes: Self.file)
        #expect(reader.rowGroupCount == 1)
        let whole = try reader.readRowGroup(0)
        // What the whole row group decodes to: values, offsets, string bytes and levels.
        let decodedBytes = whole.columns.reduce(0) { total, column in
            let values: Int = switch column.values {
            case .int64(let values): values.count * 8
            case .double(let values): values.count * 8
            case .byteArray(let values): values.data.count + values.offsets.count * 8
            default: 0
            }
            return total + values + column.definitionLevels.count
        }
        #expect(decodedBytes > 4_000_000)

        let budget = ParquetReadBudget(limit: 64 << 20)
        var row = 0
        let expected = try whole.rows()
        try reader.forEachRow(budget: budget) { record in
            #expect(record == expected[row], "row \(row)")
            row += 1
        }
        #expect(row == Self.rows)
        // Four columns, each a window of stored bytes (16 MiB / 4, capped by its chunk) ... the chunks here are
        // under the window, so the bound is the chunks' stored size plus one page per column, far under the row group.
        let stored = reader.metadata.rowGroups[0].columns.reduce(0) { $0 + $1.totalCompressedSize }
        #expect(budget.peak > 0)
        #expect(budget.peak < stored + 512 << 10, "held \(budget.peak) bytes at most, \(stored) stored")
        #expect(budget.peak < decodedBytes / 2, "held \(budget.peak) bytes at most, \(decodedBytes) decoded")
        #expect(budget.held == 0)
    }

    @Test func smallWindowsBoundTheStoredBytesToo() throws {
        var options = ParquetReaderOptions()
        options.readAheadBytes = 32 << 10  // 8 KiB windows for four columns
        options.valuesPerSlice = 2048
        let reader = try ParquetReader(bytes: Self.file, options: options)
        let stored = reader.metadata.rowGroups[0].columns.reduce(0) { $0 + $1.totalCompressedSize }
        #expect(stored > 1_000_000)
        let budget = ParquetReadBudget(limit: 1 << 20)
        var count = 0
        var nulls = 0
        try reader.forEachRow(budget: budget) { record in
            let expected = Self.row(count)
            if case .int64(let id)? = expected[0], record["id"] != .int64(id) { Issue.record("row \(count): id \(String(describing: record["id"]))") }
            nulls += record["note"] == .null ? 1 : 0
            count += 1
        }
        #expect(count == Self.rows)
        #expect(nulls == (0..<Self.rows).filter { $0 % 7 == 0 }.count)
        // Per column: an 8 KiB window, a 4 KiB page decompressed, its levels and values, the dictionary.
        #expect(budget.peak < 256 << 10, "held \(budget.peak) bytes at most")
    }

    @Test func pagesComeOneAtATimeWithTheirNullsAndDictionary() throws {
        var options = ParquetReaderOptions()
        options.readAheadBytes = 1  // 1 KiB windows: page headers and bodies cut by the window's end
        options.valuesPerSlice = 2048
        let reader = try ParquetReader(bytes: Self.file, options: options)
        let budget = ParquetReadBudget(limit: 1 << 20)
        var group: ParquetRowGroupPages? = try reader.rowGroupPages(0, leaves: [1, 2], budget: budget)
        let whole = try reader.readRowGroup(0, leaves: [1, 2])
        for (pages, column) in zip(group!.columns, whole.columns) {
            var levels: [UInt8] = []
            var strings: [String] = []
            var pageCount = 0
            while let page = try pages.next() {
                pageCount += 1
                #expect(page.levelCount <= 2048)
                levels += page.definitionLevels
                guard case .byteArray(let values) = page.values else { Issue.record("not byte arrays"); break }
                strings += (0..<values.count).map { values.string(at: $0) }
            }
            #expect(pageCount > 5)
            #expect(pages.isFinished)
            #expect(levels == column.definitionLevels)
            guard case .byteArray(let values) = column.values else { continue }
            #expect(strings == (0..<values.count).map { values.string(at: $0) })
        }
        #expect(budget.peak < 256 << 10, "held \(budget.peak) bytes at most")
        // Done with the row group: everything its columns held is given back.
        group = nil
        #expect(budget.held == 0)
    }

    @Test func aBudgetTooSmallForOnePageIsRefusedNamingTheColumn() throws {
        var options = ParquetReaderOptions()
        options.maximumBufferedBytes = 6000
        let reader = try ParquetReader(bytes: Self.file, options: options)
        do {
            try reader.forEachRow { _ in }
            Issue.record("a read over the budget went on")
        } catch let error as ParquetError {
            guard case .unreadable(let failure) = error else { Issue.record("\(error)"); return }
            #expect(failure.kind == .limitExceeded)
            #expect(failure.column == "id")
            #expect(failure.detail.contains("maximumBufferedBytes"))
        }
    }

    /// Levels of width 1 as a v1 page stores them: a 4-byte length, then one bit-packed run of up to 8.
    static func levels(_ values: [UInt8]) -> [UInt8] {
        var packed: UInt8 = 0
        for (index, value) in values.enumerated() { packed |= value << UInt8(index) }
        return [2, 0, 0, 0, 0x03, packed]
    }

    static func page(repetition: [UInt8], definition: [UInt8], values: [Int32]) -> HandMadeFile.Page {
        HandMadeFile.page(body: levels(repetition) + levels(definition) + HandMadeFile.plainInt32(values), valueCount: repetition.count)
    }

    @Test func listsThatContinueOnTheNextPageAreAssembledWhole() throws {
        // `repeated int32 v` holding [1, 2, 3], [], [4, 5], [6]; the first and the third list are cut by a page end.
        let bytes = HandMadeFile.file(pages: [
            Self.page(repetition: [0, 1], definition: [1, 1], values: [1, 2]),
            Self.page(repetition: [1, 0, 0], definition: [1, 0, 1], values: [3, 4]),
            Self.page(repetition: [1, 0], definition: [1, 1], values: [5, 6]),
        ], rowCount: 4, valueCount: 7, repetition: 2)
        let expected: [[Int32]] = [[1, 2, 3], [], [4, 5], [6]]
        for slice in [1, 2, 8192] {
            var options = ParquetReaderOptions()
            options.valuesPerSlice = slice
            options.readAheadBytes = 1
            let reader = try ParquetReader(bytes: bytes, options: options)
            var lists: [[Int32]] = []
            try reader.forEachRow { row in
                guard case .list(let items)? = row["v"] else { Issue.record("row \(lists.count): \(row)"); return }
                lists.append(items.map { if case .int32(let value) = $0 { value } else { -1 } })
            }
            #expect(lists == expected, "in parts of \(slice)")
            #expect(try reader.readRowGroup(0).rows().count == 4)
        }
    }
}
