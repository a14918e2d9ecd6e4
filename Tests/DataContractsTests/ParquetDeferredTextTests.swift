@testable import Parquet
import DelimitedText
import Testing

@testable import DataContracts

/// Parquet columns whose checks read no text are passed without it (numbers and null flags only), and a
/// cell's text is rendered only when a sample or a failing row shows it. Every result must equal the one of a
/// read that renders every column's text: counts, outcomes, samples and failing rows, on every stored type.
@Suite struct ParquetDeferredTextTests {
    static let manySamples = ValidationSettings(failingRowLimit: 10_000, samplesPerCheck: 10_000, sampleValueLength: 200)

    /// The result of reading `bytes` with text deferred and with every column rendered, and which file columns
    /// the deferred read rendered.
    static func bothWays(_ yaml: String, _ bytes: [UInt8], settings: ValidationSettings = manySamples) throws -> (deferred: ValidationResult, rendered: ValidationResult, textColumns: Set<String>) {
        let contract = try ContractLoader.load(yaml: yaml, name: "test.yaml")
        var results: [ValidationResult] = []
        var textColumns: Set<String> = []
        for deferring in [true, false] {
            let validation = try FileValidation(contract: contract, object: contract.objects[0], settings: settings)
            try validation.readParquet(ParquetMemorySource(bytes), options: ParquetReaderOptions(), deferringText: deferring)
            if deferring, let rows = try? ParquetRowSource(source: ParquetMemorySource(bytes)) {
                textColumns = Set(validation.validator.columnsReadAsText.map { rows.columns[$0] })
            }
            results.append(validation.finish())
        }
        return (results[0], results[1], textColumns)
    }

    static func property(_ name: String, _ type: String) -> String { "      - {name: \(name), logicalType: \(type)}" }

    /// Every column declared as a type its stored type cannot hold: every non-null value fails the type check,
    /// so every value's text appears as a sample and every row is listed with all its values.
    @Test func everyStoredTypeRendersTheSameTextWhenDeferred() throws {
        let declared: [(String, String)] = [
            ("i8", "date"), ("i16", "date"), ("i32", "date"), ("i64", "date"), ("u8", "date"), ("u16", "date"), ("u32", "date"),
            ("u64", "date"), ("f32", "date"), ("f64", "date"), ("dec_i32", "date"), ("dec_i64", "date"), ("dec_fixed", "date"),
            ("flag", "integer"), ("day", "integer"), ("ts_ms_utc", "integer"), ("ts_us_local", "integer"), ("ts_ns_utc", "integer"),
            ("t_ms", "integer"), ("t_us", "integer"), ("text", "integer"), ("raw", "integer"), ("uid", "integer"), ("fixed", "integer"),
            ("lst", "integer"), ("st", "integer"), ("empty", "date"),
        ]
        let yaml = ParquetRowSourceTests.parquetContract(declared.map { Self.property($0.0, $0.1) }.joined(separator: "\n"))
        let (deferred, rendered, textColumns) = try Self.bothWays(yaml, TypedParquetFixture.everyType)
        // Only the text columns (parsed as integers) and the nested ones are rendered up front.
        #expect(textColumns == ["text", "raw"])
        #expect(deferred.rows == 40)
        #expect(deferred.jsonMembers == rendered.jsonMembers)
        #expect(deferred.failingRows.count == 40)
        // Every non-null value of every column is a sample: 39 per column with one null, none for the empty one.
        for (name, _) in declared where name != "empty" && name != "text" && name != "raw" {
            #expect(deferred.check("orders.\(name).type")?.samples.count == 39, "\(name)")
        }
        #expect(deferred.check("orders.empty.type")?.failedCount == 0)
        let sample = { (name: String, line: Int) in deferred.check("orders.\(name).type")?.samples.first { $0.line == line }?.value }
        // pyarrow's values of row 2 (line 2), as ISO text and DuckDB's number forms.
        #expect(sample("i8", 2) == "-3")
        #expect(sample("u64", 2) == "18446744073709551604")
        #expect(sample("uid", 2) == "01234567-89ab-cdef-0123-456789abcdef")
        #expect(sample("ts_ms_utc", 2) == "1970-01-02T00:00:00.122Z")
        #expect(sample("day", 2) == "1971-01-29")
        #expect(sample("dec_i32", 2) == "-4.63")
        #expect(sample("flag", 1) == "true")
        // A failing row lists every column, nulls as empty text.
        #expect(deferred.failingRows[0].values[0] == "")
        #expect(deferred.failingRows[1].values[0] == "-3")
    }

    /// Damaged copies of the every-type file (bytes overwritten at seeded positions, pages and footer) end the same
    /// way whether text is deferred or not: the same error, or the same results, and never a crash.
    @Test func damagedFilesGiveTheSameVerdictWhenDeferred() throws {
        let yaml = ParquetRowSourceTests.parquetContract(["i32", "i64", "f64", "dec_fixed", "day", "ts_ns_utc", "uid", "text"].map { Self.property($0, "boolean") }.joined(separator: "\n"))
        let bytes = TypedParquetFixture.everyType
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        var errors = 0
        for round in 0..<100 {
            var damaged = bytes
            for _ in 0..<(1 + round % 3) {
                damaged[next() % damaged.count] = UInt8(truncatingIfNeeded: next())
            }
            let (deferred, rendered, _) = try Self.bothWays(yaml, damaged, settings: ValidationSettings(failingRowLimit: 50, samplesPerCheck: 50))
            #expect(deferred.jsonMembers == rendered.jsonMembers, "round \(round)")
            if deferred.outcome("orders.file_decodes") == .error { errors += 1 }
        }
        #expect(errors > 0)
    }

    /// The text a block renders is counted with the pages: long strings a pattern reads raise the peak the read
    /// reports by about a block's worth of text; the same column read only for nulls does not.
    @Test func renderedTextCountsTowardsTheReadBudget() throws {
        let text = String(repeating: "x", count: 1_000)
        let bytes = try ParquetRowSourceTests.file([ParquetColumn("note", .string, encoding: .plain)], rows: (0..<1_500).map { [.string(text + "\($0)")] })
        func peak(_ property: String) throws -> Int {
            let contract = try ContractLoader.load(yaml: ParquetRowSourceTests.parquetContract(property), name: "test.yaml")
            let validation = try FileValidation(contract: contract, object: contract.objects[0])
            try validation.readParquet(ParquetMemorySource(bytes))
            #expect(validation.finish().rows == 1_500)
            return validation.parquetPeakBufferedBytes
        }
        let rendered = try peak("      - {name: note, logicalType: string, logicalTypeOptions: {pattern: \"^x+[0-9]+$\"}}")
        let deferred = try peak("      - {name: note, logicalType: string, required: true}")
        #expect(rendered - deferred > 400_000, "rendered \(rendered), deferred \(deferred)")
    }

    @Test func legacyInt96TimestampsRenderTheSameWhenDeferred() throws {
        let yaml = ParquetRowSourceTests.parquetContract([Self.property("legacy", "integer"), Self.property("n", "date")].joined(separator: "\n"))
        let (deferred, rendered, textColumns) = try Self.bothWays(yaml, TypedParquetFixture.int96)
        #expect(textColumns.isEmpty)
        #expect(deferred.jsonMembers == rendered.jsonMembers)
        #expect(deferred.check("orders.legacy.type")?.samples.count == 10)
        #expect(deferred.check("orders.n.type")?.samples.first?.value == "0")
    }

    /// Passing checks over deferred columns: bounds and a business rule read the numbers, keys and patterns
    /// the text, over many blocks, pages and row groups (the package's writer, dictionary and plain pages).
    @Test func numbersBoundsAndRulesAgreeAcrossBlocksAndPages() throws {
        let columns = [
            ParquetColumn("id", .int64, optional: false), ParquetColumn("code", .string), ParquetColumn("amount", .double, encoding: .plain),
            ParquetColumn("quantity", .int32), ParquetColumn("day", .date), ParquetColumn("at", .timestamp(.microseconds)),
            ParquetColumn("price", .decimal(precision: 9, scale: 2)), ParquetColumn("flag", .boolean), ParquetColumn("note", .string),
        ]
        var state: UInt64 = 11
        let rows: [[ParquetValue?]] = (0..<5_000).map { i in
            let null = { (every: Int) -> Bool in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return (state >> 33) % UInt64(every) == 0
            }
            return [
                .int64(Int64(i % 4_990)), null(50) ? nil : .string(i % 97 == 0 ? "abc" : "ABC"), null(40) ? nil : .double(Double(i % 1300) - 0.5),
                null(30) ? nil : .int32(Int32(i % 11)), null(20) ? nil : .date(daysSinceEpoch: 20_000 + Int32(i % 900)),
                null(25) ? nil : .timestamp(1_767_225_600_000_000 + Int64(i) * 1_000_003), null(10) ? nil : .decimal(unscaled: Int128(i * 7 - 9_000)),
                null(3) ? nil : .boolean(i % 2 == 0), .string("n\(i % 13)"),
            ]
        }
        var options = ParquetWriterOptions()
        options.rowGroupRowLimit = 1_700
        options.dataPageByteLimit = 700
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: try ParquetSchema(columns), options: options, sink: sink)
        for row in rows { try writer.write(row: row) }
        try writer.close()
        let properties = """
              - {name: id, logicalType: integer, unique: true, logicalTypeOptions: {minimum: 1}}
              - {name: code, logicalType: string, required: true, logicalTypeOptions: {pattern: "^[A-Z]{3}$"}}
              - {name: amount, logicalType: number, logicalTypeOptions: {maximum: 1000, minimum: 0}}
              - {name: quantity, logicalType: integer, logicalTypeOptions: {exclusiveMaximum: 10}}
              - {name: day, logicalType: date}
              - {name: at, logicalType: timestamp}
              - {name: price, logicalType: integer, logicalTypeOptions: {minimum: -50}}
              - {name: flag, logicalType: boolean, required: true}
              - {name: note, logicalType: string}
        """
        let quality = """
              - {id: amount_rule, type: sql, query: "SELECT COUNT(*) FROM {object} WHERE amount > (quantity + 1) * 100 OR price > 200", mustBe: 0}
        """
        let settings = ValidationSettings(failingRowLimit: 300, samplesPerCheck: 300)
        let (deferred, rendered, textColumns) = try Self.bothWays(ParquetRowSourceTests.parquetContract(properties, quality: quality), sink.bytes, settings: settings)
        #expect(textColumns == ["id", "code"])
        #expect(deferred.rows == 5_000)
        #expect(deferred.jsonMembers == rendered.jsonMembers)
        // Each kind of failure happened, with its text.
        for id in ["orders.id.minimum", "orders.id.unique", "orders.code.pattern", "orders.code.required", "orders.amount.maximum", "orders.amount.minimum",
                   "orders.quantity.maximum", "orders.price.type", "orders.price.minimum", "orders.flag.required", "amount_rule"] {
            #expect((deferred.check(id)?.failedCount ?? 0) > 0, "\(id)")
        }
        #expect(deferred.check("orders.amount.minimum")?.samples.first?.value == "-0.5")
        #expect(deferred.check("orders.price.type")?.samples.first?.value == "-89.93")
        #expect(deferred.failingRows.allSatisfy { $0.values.count == columns.count })
    }
}
