@testable import Parquet
import Testing

@testable import DataContracts

/// The passing rows of a CSV file as typed Parquet, read back with the package's reader: the contract's types,
/// nulls by the contract's markers, failing rows left out.
@Suite struct TypedParquetOutputTests {
    @Test func passingRowsAreWrittenWithTheContractsTypes() throws {
        let yaml = ordersContract(properties: """
              - {name: id, logicalType: integer, required: true}
              - {name: amount, logicalType: number}
              - {name: paid, logicalType: boolean}
              - {name: day, logicalType: date, logicalTypeOptions: {format: yyyyMMdd}}
              - {name: at, logicalType: timestamp}
              - {name: note, logicalType: string, logicalTypeOptions: {maxLength: 5}}
        """)
        let csv = """
            id,amount,paid,day,at,note
            1,2.5,true,20260101,2026-01-01T10:00:00.123Z,a
            2,,false,20260102,2026-01-01 10:00:00+02:00,
            3,1e3,TRUE,20260103,1969-12-31T23:59:59.9995Z,toolong
            x,4,true,20260104,2026-01-01T00:00:00Z,b

            """
        let contract = try ContractLoader.load(yaml: yaml, name: "test.yaml")
        let validation = try FileValidation(contract: contract, object: contract.objects[0])
        let sink = MemorySink()
        try validation.writeTypedParquet(to: sink)
        validation.write(Array(csv.utf8))
        let result = validation.finish()
        #expect(result.rows == 4)
        let output = try #require(validation.typedOutput)
        #expect(output.rowsWritten == 2 && output.rowsLeftOut == 2)
        try output.close()

        let reader = try ParquetReader(bytes: sink.bytes)
        #expect(reader.schema.leaves.map(\.name) == ["id", "amount", "paid", "day", "at", "note"])
        #expect(reader.schema.leaves.map(\.physicalType) == [.int64, .double, .boolean, .int32, .int64, .byteArray])
        #expect(reader.schema.leaves[0].repetition == .required)
        let rows = try reader.readRowGroup(0).rows()
        #expect(rows.count == 2)
        #expect(rows[0]["id"] == .int64(1))
        #expect(rows[0]["amount"] == .double(2.5))
        #expect(rows[0]["paid"] == .boolean(true))
        #expect(rows[0]["day"] == .date(20_454))
        #expect(rows[0]["at"] == .timestamp(1_767_261_600_123, .milliseconds, isAdjustedToUTC: true))
        #expect(rows[0]["note"] == .string(Array("a".utf8)))
        // An empty cell is null by the default marker; the offset is applied.
        #expect(rows[1]["amount"] == .null)
        #expect(rows[1]["note"] == .null)
        #expect(rows[1]["at"] == .timestamp(1_767_254_400_000, .milliseconds, isAdjustedToUTC: true))
    }

    @Test func timestampsBeforeTheEpochRoundDown() throws {
        let text = Array("1969-12-31T23:59:59.9995Z".utf8)
        let components = try text.withUnsafeBufferPointer { try #require(DateTimeFormat.timestamp($0, format: nil)) }
        #expect(components.epochMicroseconds == -500)
    }
}
