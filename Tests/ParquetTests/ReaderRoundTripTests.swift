import Foundation
import Testing
@testable import Parquet

/// Files from the module's writer read back by the reader: every type, nulls, codecs, row groups, projection.
@Suite struct ReaderRoundTripTests {
    static let schema = try! ParquetSchema([
        ParquetColumn("name", .string), ParquetColumn("flag", .boolean), ParquetColumn("small", .int32, optional: false),
        ParquetColumn("big", .int64, encoding: .plain), ParquetColumn("score", .double), ParquetColumn("day", .date),
        ParquetColumn("at_ms", .timestamp(.milliseconds)), ParquetColumn("at_us", .timestamp(.microseconds), optional: false),
        ParquetColumn("cents", .decimal(precision: 9, scale: 2)), ParquetColumn("amount", .decimal(precision: 18, scale: 4)),
        ParquetColumn("huge", .decimal(precision: 38, scale: 10)),
    ])

    static func row(_ index: Int) -> [ParquetValue?] {
        let signed = index % 2 == 0 ? 1 : -1
        return [
            index % 5 == 0 ? nil : .string("name-\(index % 13)-ü"),
            index % 7 == 0 ? nil : .boolean(index % 3 == 0),
            .int32(Int32(index * signed)),
            index % 4 == 0 ? nil : .int64(Int64(index) * 1_000_000_007 * Int64(signed)),
            index % 6 == 0 ? nil : .double(Double(index) / 8),
            .date(daysSinceEpoch: Int32(18_000 + index)),
            index % 9 == 0 ? nil : .timestamp(1_700_000_000_000 + Int64(index)),
            .timestamp(1_700_000_000_000_000 + Int64(index) * 3),
            .decimal(unscaled: Int128(index * 101 * signed)),
            .decimal(unscaled: Int128(index) * 99_999_999_999 * Int128(signed)),
            index % 3 == 0 ? nil : .decimal(unscaled: Int128(index) * 12_345_678_901_234_567_890_123 * Int128(signed)),
        ]
    }

    static func write(rows: Int, codec: ParquetCompression, rowGroupRows: Int = 1000) throws -> [UInt8] {
        var options = ParquetWriterOptions(compression: codec)
        options.rowGroupRowLimit = rowGroupRows
        options.dataPageByteLimit = 1500
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        for index in 0..<rows { try writer.write(row: row(index)) }
        _ = try writer.close()
        return sink.bytes
    }

    /// What the row view must show for a written value.
    static func expected(_ value: ParquetValue?, _ column: ParquetColumn) -> ParquetFieldValue {
        guard let value else { return .null }
        switch (value, column.type) {
        case (.string(let text), _): return .string(Array(text.utf8))
        case (.boolean(let flag), _): return .boolean(flag)
        case (.int32(let number), _): return .int32(number)
        case (.int64(let number), _): return .int64(number)
        case (.double(let number), _): return .double(number)
        case (.date(let days), _): return .date(days)
        case (.timestamp(let time), .timestamp(let unit)):
            return .timestamp(time, unit == .milliseconds ? .milliseconds : .microseconds, isAdjustedToUTC: true)
        case (.decimal(let unscaled), .decimal(let precision, let scale)):
            return .decimal(ParquetDecimal(unscaled: unscaled, precision: precision, scale: scale))
        default: return .bytes([])
        }
    }

    @Test(arguments: [ParquetCompression.uncompressed, .snappy, .gzip(), .zstd()])
    func everyTypeReadsBackExactly(codec: ParquetCompression) throws {
        let rows = 2500
        let file = try Self.write(rows: rows, codec: codec)
        let reader = try ParquetReader(bytes: file)
        #expect(reader.metadata.rowCount == rows)
        #expect(reader.metadata.rowGroups.map(\.rowCount) == [1000, 1000, 500])
        #expect(reader.schema.leaves.map(\.name) == Self.schema.columns.map(\.name))
        #expect(reader.schema.leaves[8].logicalType == .decimal(precision: 9, scale: 2))
        #expect(reader.schema.leaves[6].logicalType == .timestamp(.milliseconds, isAdjustedToUTC: true))
        #expect(reader.schema.leaves[10].physicalType == .fixedLenByteArray(width: 16))
        var index = 0
        for group in 0..<reader.rowGroupCount {
            for record in try reader.readRowGroup(group).rows() {
                guard case .group(let fields) = record else { Issue.record("row \(index) is not a group"); return }
                let written = Self.row(index)
                for (column, field) in zip(Self.schema.columns.indices, fields) {
                    let want = Self.expected(written[column], Self.schema.columns[column])
                    if field.value != want {
                        Issue.record("row \(index) column \(field.name): \(field.value) != \(want)")
                        return
                    }
                }
                index += 1
            }
        }
        #expect(index == rows)
    }

    @Test func columnBuffersHoldValuesAndValidity() throws {
        let reader = try ParquetReader(bytes: try Self.write(rows: 40, codec: .snappy))
        let group = try reader.readRowGroup(0, columns: ["name", "small", "big"])
        #expect(group.columns.map(\.leaf.name) == ["name", "small", "big"])
        let names = try #require(group.column("name"))
        #expect(names.levelCount == 40)
        #expect(names.validity == (0..<40).map { $0 % 5 != 0 })
        guard case .byteArray(let strings) = names.values else { Issue.record("name is not BYTE_ARRAY"); return }
        #expect(strings.count == 32)
        #expect(strings.string(at: 0) == "name-1-ü")
        #expect(names.repetitionLevels.isEmpty)
        let small = try #require(group.column("small"))
        #expect(small.definitionLevels.isEmpty)
        let alternating: [Int32] = (0..<40).map { $0 % 2 == 0 ? Int32($0) : -Int32($0) }
        #expect(small.values == .int32(alternating))
        guard case .int64(let bigs) = try #require(group.column("big")).values else { Issue.record("big is not INT64"); return }
        #expect(bigs.count == 30)
    }

    @Test func fileSourceStreamsOneRowGroupAtATime() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString).parquet").path
        let sink = try FileOutputSink(path: path)
        let bytes = try Self.write(rows: 3300, codec: .zstd(), rowGroupRows: 1000)
        try bytes.withUnsafeBytes { try sink.write($0) }
        try sink.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ParquetReader(path: path)
        var seen: [Int] = []
        try reader.forEachRowGroup(columns: ["at_us"]) { group in
            seen.append(group.rowCount)
            #expect(group.columns.count == 1)
        }
        #expect(seen == [1000, 1000, 1000, 300])
    }

    @Test func unknownProjectionIsAnError() throws {
        let reader = try ParquetReader(bytes: try Self.write(rows: 3, codec: .uncompressed))
        #expect(throws: ParquetError.unreadable(.invalidRequest, "the file has no column 'nope'")) {
            _ = try reader.readRowGroup(0, columns: ["nope"])
        }
    }
}
