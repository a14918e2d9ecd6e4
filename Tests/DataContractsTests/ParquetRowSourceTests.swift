@testable import Parquet
import DelimitedText
import Testing

@testable import DataContracts

/// Parquet files (written with the package's writer) through `FileValidation.readParquet`: stored types judged
/// per column, Parquet nulls, every rule over typed values, row numbers as lines, only projected columns read.
@Suite struct ParquetRowSourceTests {
    static func parquetContract(_ properties: String, quality: String = "") -> String {
        ordersContract(properties: properties, quality: quality).replacingOccurrences(of: "format: csv", with: "format: parquet")
    }

    static func file(_ columns: [ParquetColumn], rows: [[ParquetValue?]], rowGroupRows: Int = 1 << 20) throws -> [UInt8] {
        let sink = MemorySink()
        var options = ParquetWriterOptions()
        options.rowGroupRowLimit = rowGroupRows
        let writer = try ParquetWriter(schema: try ParquetSchema(columns), options: options, sink: sink)
        for row in rows { try writer.write(row: row) }
        try writer.close()
        return sink.bytes
    }

    /// A file in memory that records every read.
    final class RecordingSource: ParquetByteSource {
        let bytes: [UInt8]
        var reads: [(offset: Int, count: Int)] = []
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var size: Int { bytes.count }

        func read(offset: Int, count: Int) throws -> [UInt8] {
            reads.append((offset, count))
            return try ParquetMemorySource(bytes).read(offset: offset, count: count)
        }

        /// Reads of column data: past the head magic and before the footer.
        var dataReads: [(offset: Int, count: Int)] {
            guard bytes.count >= 12 else { return [] }
            let footer = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8 | Int(bytes[bytes.count - 6]) << 16 | Int(bytes[bytes.count - 5]) << 24
            return reads.filter { $0.offset >= 4 && $0.offset + $0.count <= bytes.count - 8 - footer }
        }
    }

    static func validate(_ yaml: String, _ bytes: [UInt8]) async throws -> (ValidationResult, [String], RecordingSource) {
        let contract = try ContractLoader.load(yaml: yaml, name: "test.yaml")
        let validation = try FileValidation(contract: contract, object: contract.objects[0])
        #expect(validation.readsParquet)
        let source = RecordingSource(bytes)
        try validation.readParquet(source)
        return (validation.finish(), validation.notes, source)
    }

    let orderColumns = [
        ParquetColumn("id", .int64, optional: false), ParquetColumn("code", .string), ParquetColumn("amount", .double),
        ParquetColumn("quantity", .int32), ParquetColumn("day", .date), ParquetColumn("at", .timestamp(.milliseconds)),
        ParquetColumn("price", .decimal(precision: 9, scale: 2)),
    ]
    let orderProperties = """
          - {name: id, logicalType: integer, required: true, unique: true, logicalTypeOptions: {minimum: 1}}
          - {name: code, logicalType: string, required: true, logicalTypeOptions: {pattern: "^[A-Z]{3}$"}}
          - {name: amount, logicalType: number, logicalTypeOptions: {maximum: 1000}}
          - {name: quantity, logicalType: integer}
          - {name: day, logicalType: date, logicalTypeOptions: {minimum: "2026-01-01"}}
          - {name: at, logicalType: timestamp}
          - {name: price, logicalType: number, logicalTypeOptions: {precision: 9, scale: 2}}
    """

    func orderRow(_ i: Int) -> [ParquetValue?] {
        [.int64(Int64(i + 1)), .string("ABC"), .double(Double(i) + 0.5), .int32(Int32(i % 7)), .date(daysSinceEpoch: 20_454 + Int32(i % 30)),
         .timestamp(1_767_225_600_000 + Int64(i) * 1000), .decimal(unscaled: Int128(i * 101))]
    }

    @Test func aTypedFilePassesWithoutParsingItsNumbers() async throws {
        let bytes = try Self.file(orderColumns, rows: (0..<250).map(orderRow), rowGroupRows: 100)
        let (result, notes, source) = try await Self.validate(Self.parquetContract(orderProperties), bytes)
        #expect(result.rows == 250)
        #expect(result.outcome == .passed, "\(result.checks.filter { $0.outcome != .passed }.map { "\($0.id): \($0.reason ?? "")" })")
        #expect(notes.contains { $0.hasPrefix("format: parquet, 3 row groups, 250 rows") })
        // Small chunks: one read of stored bytes per projected column per row group.
        #expect(source.dataReads.count == 3 * orderColumns.count)
    }

    @Test func everyRuleRunsOverParquetValues() async throws {
        var rows = (0..<40).map(orderRow)
        rows[3][0] = .int64(0)              // below minimum, line 4
        rows[5][1] = nil                    // required: a Parquet null
        rows[6][1] = .string("")            // an empty string is a value, not null: fails the pattern only
        rows[7][0] = .int64(2)              // duplicate of row 2's id
        rows[8][2] = .double(5000)          // above maximum
        rows[9][4] = .date(daysSinceEpoch: 100)  // 1970: below the date minimum
        let quality = """
              - {id: amount_rule, type: sql, query: "SELECT COUNT(*) FROM {object} WHERE amount > (quantity + 1) * 1000", mustBe: 0}
              - {id: some_rows, metric: rowCount, mustBeGreaterThan: 39}
        """
        let (result, _, _) = try await Self.validate(Self.parquetContract(orderProperties, quality: quality), Self.file(orderColumns, rows: rows, rowGroupRows: 16))
        #expect(result.check("orders.id.minimum")?.samples.map(\.line) == [4])
        #expect(result.check("orders.code.required")?.samples.map(\.line) == [6])
        #expect(result.check("orders.code.pattern")?.samples.map(\.line) == [7])
        #expect(result.check("orders.id.unique")?.failedCount == 1)
        #expect(result.check("orders.id.unique")?.samples.first?.value == "2")
        #expect(result.check("orders.amount.maximum")?.samples.map(\.value) == ["5000.0"])
        #expect(result.check("orders.day.minimum")?.samples.map(\.value) == ["1970-04-11"])
        #expect(result.check("amount_rule")?.failedCount == 1)
        #expect(result.outcome("some_rows") == .passed)
        #expect(result.outcome("orders.price.precision") == .passed)
        #expect(result.outcome("orders.quantity.type") == .passed)
        #expect(result.outcome == .failed)
    }

    @Test func textColumnsHoldingNumbersAreCheckedAsText() async throws {
        let columns = [ParquetColumn("id", .string), ParquetColumn("amount", .string)]
        let rows: [[ParquetValue?]] = [[.string("1"), .string("2.5")], [.string("x"), .string("3")], [.string("3"), nil]]
        let (result, _, _) = try await Self.validate(Self.parquetContract("""
              - {name: id, logicalType: integer}
              - {name: amount, logicalType: number, required: true}
        """), Self.file(columns, rows: rows))
        #expect(result.check("orders.id.type")?.samples.map(\.value) == ["x"])
        #expect(result.check("orders.amount.required")?.samples.map(\.line) == [3])
    }

    @Test func storedTypesThatCannotHoldTheDeclaredOneFailEveryValue() async throws {
        let columns = [ParquetColumn("whole", .double), ParquetColumn("day", .date), ParquetColumn("flag", .boolean)]
        let rows: [[ParquetValue?]] = [[.double(2), .date(daysSinceEpoch: 1), .boolean(true)], [.double(2.5), nil, .boolean(false)]]
        let (result, notes, _) = try await Self.validate(Self.parquetContract("""
              - {name: whole, logicalType: integer}
              - {name: day, logicalType: integer}
              - {name: flag, logicalType: boolean}
        """), Self.file(columns, rows: rows))
        // DOUBLE for integer: each value must be whole.
        #expect(result.check("orders.whole.type")?.samples.map(\.value) == ["2.5"])
        // DATE for integer: every non-null value fails, and the notes say why.
        #expect(result.check("orders.day.type")?.failedCount == 1)
        #expect(notes.contains { $0.contains("day is stored as INT32 (DATE)") })
        #expect(result.outcome("orders.flag.type") == .passed)
    }

    @Test func missingAndExtraColumnsFollowTheColumnPolicy() async throws {
        let columns = [ParquetColumn("id", .int64), ParquetColumn("extra", .string)]
        let (result, _, source) = try await Self.validate(Self.parquetContract("""
              - {name: id, logicalType: integer}
              - {name: code, logicalType: string}
        """), Self.file(columns, rows: [[.int64(1), .string("e")]]))
        #expect(result.outcome("orders.columns") == .failed)
        #expect(result.check("orders.columns")?.reason?.contains("missing columns: code") == true)
        #expect(result.outcome("orders.code.type") == nil || result.outcome("orders.code.type") == .skipped)
        // The extra column is never fetched.
        #expect(source.dataReads.count == 1)
    }

    @Test func aFileThatIsNotParquetIsAnErrorNamingWhy() async throws {
        let (result, _, _) = try await Self.validate(Self.parquetContract("      - {name: id, logicalType: integer}"), Array("id\n1\n2\n3\n4\n5\n".utf8))
        #expect(result.outcome == .error)
        #expect(result.check("orders.file_decodes")?.reason?.contains("no PAR1 magic") == true)
        var truncated = try Self.file([ParquetColumn("id", .int64)], rows: [[.int64(1)]])
        truncated.removeFirst(truncated.count / 2)
        let (cut, _, _) = try await Self.validate(Self.parquetContract("      - {name: id, logicalType: integer}"), truncated)
        #expect(cut.outcome == .error)
    }

    /// Damaged files (bytes overwritten at seeded positions, in the footer and in the pages) end as a verdict,
    /// never a crash: either an error on file_decodes or a complete read of every row.
    @Test func damagedFilesEndAsAVerdict() async throws {
        let bytes = try Self.file(orderColumns, rows: (0..<120).map(orderRow), rowGroupRows: 50)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var errors = 0
        for round in 0..<300 {
            var damaged = bytes
            for _ in 0..<(1 + round % 4) {
                // Half the damage in the last 400 bytes, where the footer is.
                let position = round % 2 == 0 ? Int(next() % UInt64(damaged.count)) : damaged.count - 1 - Int(next() % 400)
                damaged[position] = UInt8(truncatingIfNeeded: next())
            }
            let (result, _, _) = try await Self.validate(Self.parquetContract(orderProperties), damaged)
            if result.outcome("orders.file_decodes") == .error {
                errors += 1
            } else {
                #expect(result.rows == 120, "round \(round)")
            }
        }
        #expect(errors > 0)
    }

    @Test func aParquetFileUnderATextContractSaysSo() throws {
        let bytes = try Self.file([ParquetColumn("id", .int64)], rows: [[.int64(1)]])
        let result = try DataContractsTests.validate(ordersContract(properties: "      - {name: id, logicalType: integer}"), String(decoding: bytes, as: UTF8.self))
        #expect(result.outcome == .error)
        #expect(result.check("orders.file_decodes")?.reason?.contains("the file is Parquet") == true)
    }

    @Test func cellTextFollowsISOAndDuckDBForms() {
        #expect(ParquetCellText.text(.date(0)) == "1970-01-01")
        #expect(ParquetCellText.text(.date(-1)) == "1969-12-31")
        #expect(ParquetCellText.text(.date(20_454)) == "2026-01-01")
        #expect(ParquetCellText.text(.timestamp(-1, .milliseconds, isAdjustedToUTC: true)) == "1969-12-31T23:59:59.999Z")
        #expect(ParquetCellText.text(.timestamp(1_767_225_600_000_000, .microseconds, isAdjustedToUTC: false)) == "2026-01-01T00:00:00")
        #expect(ParquetCellText.text(.time(3_723_000_000_001, .nanoseconds, isAdjustedToUTC: true)) == "01:02:03.000000001")
        #expect(ParquetCellText.text(.decimal(ParquetDecimal(unscaled: -5, precision: 5, scale: 2))) == "-0.05")
        #expect(ParquetCellText.text(.double(3)) == "3.0")
        // The direct renderings used per cell agree with the general one.
        for (count, unit, utc) in [(Int64(1_767_225_600_000), ParquetTimeUnit.milliseconds, true), (-1, .microseconds, false), (86_399_000_000_000, .nanoseconds, true)] {
            var buffer = RecordBuffer()
            ParquetCellText.appendTimestamp(count, unit, utc: utc, to: &buffer)
            buffer.endField(flags: [])
            let direct = buffer.withRecord(line: 1, offset: 0) { $0.string(0) }
            #expect(direct == ParquetCellText.text(.timestamp(count, unit, isAdjustedToUTC: utc)))
        }
        for days in [Int64(0), -1, 20_454, 2_932_896, -719_529] {
            var buffer = RecordBuffer()
            ParquetCellText.appendDate(days, to: &buffer)
            buffer.endField(flags: [])
            #expect(buffer.withRecord(line: 1, offset: 0) { $0.string(0) } == ParquetCellText.text(.date(Int32(days))))
        }
        #expect(ParquetCellText.text(.bytes(Array(0..<16))) == "00010203-0405-0607-0809-0a0b0c0d0e0f")
        #expect(ParquetCellText.text(.group([ParquetNamedValue(name: "a", value: .list([.int32(1), .null])), ParquetNamedValue(name: "b", value: .string(Array("x\"".utf8)))]))
                == "{\"a\":[1,null],\"b\":\"x\\\"\"}")
    }
}
