import MySQL
import Parquet
import Testing

@testable import MySQLUpsert

@Suite struct ParquetUnloadReaderTests {
    static func file() throws -> [UInt8] {
        let schema = try ParquetSchema([
            ParquetColumn("id", .int64, optional: false), ParquetColumn("name", .string), ParquetColumn("flag", .boolean),
            ParquetColumn("amount", .decimal(precision: 12, scale: 2)), ParquetColumn("day", .date),
            ParquetColumn("at", .timestamp(.microseconds)), ParquetColumn("score", .double),
        ])
        var options = ParquetWriterOptions()
        options.rowGroupRowLimit = 2
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        try writer.write(row: [.int64(1), .string("a'\\\u{0}ü"), .boolean(true), .decimal(unscaled: -1250), .date(daysSinceEpoch: 0),
                               .timestamp(1_700_000_000_123_456), .double(0.5)])
        try writer.write(row: [.int64(2), nil, .boolean(false), nil, .date(daysSinceEpoch: -1), .timestamp(-1), nil])
        try writer.write(row: [.int64(3), .string("c"), nil, .decimal(unscaled: 7), .date(daysSinceEpoch: 20_000), .timestamp(0), .double(-1e20)])
        _ = try writer.close()
        return sink.bytes
    }

    @Test func valuesBecomeMySQLText() throws {
        let collector = UnloadRowCollector()
        let statistics = try ParquetUnloadReader(columns: nil).read(ParquetMemorySource(try Self.file()), into: collector)
        #expect(statistics.records == 3 && statistics.encoding == "parquet")
        #expect(collector.columns == ["id", "name", "flag", "amount", "day", "at", "score"])
        #expect(collector.rows.map(\.values) == [
            [.text("1"), .text("a'\\\u{0}ü"), .text("1"), .text("-12.50"), .text("1970-01-01"), .text("2023-11-14 22:13:20.123456"), .text("0.5")],
            [.text("2"), .null, .text("0"), .null, .text("1969-12-31"), .text("1969-12-31 23:59:59.999999"), .null],
            [.text("3"), .text("c"), .null, .text("0.07"), .text("2024-10-04"), .text("1970-01-01 00:00:00"), .text("-1e+20")],
        ])
        #expect(collector.rows.map(\.position) == [1, 2, 3])
    }

    @Test func configuredColumnsProjectByName() throws {
        let collector = UnloadRowCollector()
        _ = try ParquetUnloadReader(columns: ["NAME", "id"]).read(ParquetMemorySource(try Self.file()), into: collector)
        #expect(collector.columns == ["NAME", "id"])
        #expect(collector.rows.map(\.values).first == [.text("a'\\\u{0}ü"), .text("1")])
    }

    @Test func unknownColumnsAndBrokenFilesAreNamed() throws {
        do {
            _ = try ParquetUnloadReader(columns: ["nope"]).read(ParquetMemorySource(try Self.file()), into: UnloadRowCollector())
            Issue.record("read a missing column")
        } catch {
            #expect("\(error)".contains("the Parquet file has no column \"nope\""))
        }
        do {
            _ = try ParquetUnloadReader(columns: nil).read(ParquetMemorySource(Array("1|2\n".utf8) + Array(repeating: 0, count: 20)), into: UnloadRowCollector())
            Issue.record("read text as Parquet")
        } catch {
            #expect("\(error)".contains("not a readable Parquet file"))
        }
    }

    @Test func datesFollowTheCalendar() {
        #expect(ParquetValueText.date(days: 0) == "1970-01-01")
        #expect(ParquetValueText.date(days: 11_016) == "2000-02-29")
        #expect(ParquetValueText.date(days: -719_162) == "0001-01-01")
        #expect(ParquetValueText.date(days: 2_932_896) == "9999-12-31")
    }
}
