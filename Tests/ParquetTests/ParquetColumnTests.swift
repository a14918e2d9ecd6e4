import Testing
@testable import Parquet

@Suite struct ParquetColumnTests {
    @Test func namesAthenaAndSparkAgreeOnAreAccepted() throws {
        let schema = try ParquetSchema([
            ParquetColumn("event_id", .string), ParquetColumn("_ts2", .timestamp(.milliseconds)),
            ParquetColumn(String(repeating: "a", count: 255), .int32),
        ])
        #expect(schema.columns.count == 3)
        #expect(schema.index(of: "_ts2") == 1)
    }

    @Test(arguments: ["", "EventId", "event id", "event.id", "1st", "naïve", "a,b", String(repeating: "a", count: 256)])
    func badNamesAreRejected(_ name: String) {
        #expect(throws: ParquetError.self) { try ParquetSchema([ParquetColumn(name, .string)]) }
    }

    @Test func duplicatesAndEmptySchemasAreRejected() {
        #expect(throws: ParquetError.invalidSchema("column name 'a' appears twice")) {
            try ParquetSchema([ParquetColumn("a", .string), ParquetColumn("a", .int32)])
        }
        #expect(throws: ParquetError.invalidSchema("a schema needs at least one column")) { try ParquetSchema([]) }
    }

    @Test func decimalsPickTheirPhysicalTypeByPrecision() throws {
        #expect(ParquetType.decimal(precision: 9, scale: 2).physicalType == .int32)
        #expect(ParquetType.decimal(precision: 10, scale: 2).physicalType == .int64)
        #expect(ParquetType.decimal(precision: 18, scale: 0).physicalType == .int64)
        #expect(ParquetType.decimal(precision: 19, scale: 0).physicalType == .fixedLenByteArray)
        // Minimal widths: 10^19-1 needs 9 bytes, 10^38-1 needs 16.
        #expect(ParquetType.decimalByteWidth(precision: 19) == 9)
        #expect(ParquetType.decimalByteWidth(precision: 38) == 16)
        #expect(ParquetType.decimalByteWidth(precision: 20) == 9)
        #expect(ParquetType.decimalByteWidth(precision: 21) == 9)
        #expect(ParquetType.decimalByteWidth(precision: 22) == 10)
        #expect(throws: ParquetError.self) { try ParquetSchema([ParquetColumn("d", .decimal(precision: 39, scale: 0))]) }
        #expect(throws: ParquetError.self) { try ParquetSchema([ParquetColumn("d", .decimal(precision: 5, scale: 6))]) }
    }

    @Test func booleanColumnsAreAlwaysPlain() {
        #expect(ParquetColumn("b", .boolean, encoding: .dictionary).encoding == .plain)
    }
}
