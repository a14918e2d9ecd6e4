@testable import BigQuery
import Foundation
import JSONText
import Testing

struct AvroRowEncoderTests {
    static let value = BigQueryField(name: "value", type: "RECORD", fields: [
        BigQueryField(name: "string_value", type: "STRING"), BigQueryField(name: "int_value", type: "INTEGER"),
        BigQueryField(name: "float_value", type: "FLOAT"), BigQueryField(name: "double_value", type: "FLOAT"),
    ])
    static let schema = BigQueryTableSchema(fields: [
        BigQueryField(name: "event_name", type: "STRING", mode: "NULLABLE"),
        BigQueryField(name: "event_params", type: "RECORD", mode: "REPEATED", fields: [BigQueryField(name: "key", type: "STRING"), value]),
    ])

    func encode(_ page: String, schema: BigQueryTableSchema = schema) throws(TableDataPageError) -> TableDataPage {
        try TableDataPage(decoding: Data(page.utf8), schema: schema, firstRow: 0)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    @Test func aGA4RowEncodesToTheGoldenAvroBytes() throws {
        // Reference bytes made by fastavro for the same row and schema (nullable unions, plain array).
        let page = #"{"kind":"bigquery#tableDataList","totalRows":"1","rows":[{"f":[{"v":"page_view"},{"v":[{"v":{"f":[{"v":"ga_session_id"},{"v":{"f":[{"v":null},{"v":"1704067200"},{"v":null},{"v":null}]}}]}}]}]}]}"#
        let decoded = try encode(page)
        #expect(Self.hex(decoded.block.rows) == "0212706167655f7669657702021a67615f73657373696f6e5f6964020002808290d90c000000")
        #expect(decoded.block.rowCount == 1)
        #expect(decoded.totalRows == 1)
        #expect(decoded.pageToken == nil)
    }

    @Test func nullAndEmptyListsAndRecordsEncode() throws {
        let page = #"{"totalRows":"3","pageToken":"3","rows":[{"f":[{"v":null},{"v":[]}]},{"f":[{"v":"x"},{"v":null}]},{"f":[{"v":"é🙂"},{"v":[{"v":{"f":[{"v":null},{"v":null}]}}]}]}]}"#
        let decoded = try encode(page)
        #expect(decoded.block.rowCount == 3)
        #expect(decoded.pageToken == "3")
        // row 0: null, []; row 1: "x", [] (a null list is empty); row 2: "é🙂", [{null, null}]
        let expected: [UInt8] = [0x00, 0x00] + [0x02, 0x02, 0x78, 0x00] + [0x02, 0x0C] + Array("é🙂".utf8) + [0x02, 0x00, 0x00, 0x00]
        #expect(decoded.block.rows == expected)
    }

    @Test func scalarTypesFollowBigQuerysAvroMapping() throws {
        let schema = BigQueryTableSchema(fields: [
            BigQueryField(name: "i", type: "INT64", mode: "REQUIRED"), BigQueryField(name: "f", type: "FLOAT64", mode: "REQUIRED"),
            BigQueryField(name: "b", type: "BOOL", mode: "REQUIRED"), BigQueryField(name: "t", type: "TIMESTAMP", mode: "REQUIRED"),
            BigQueryField(name: "d", type: "DATE", mode: "REQUIRED"), BigQueryField(name: "tm", type: "TIME", mode: "REQUIRED"),
            BigQueryField(name: "n", type: "NUMERIC", mode: "REQUIRED"), BigQueryField(name: "by", type: "BYTES", mode: "REQUIRED"),
        ])
        let page = #"{"rows":[{"f":[{"v":"-9223372036854775808"},{"v":"NaN"},{"v":"true"},{"v":"1704067200000001"},{"v":"2024-01-01"},{"v":"00:00:01.5"},{"v":"-1.5"},{"v":"AAE="}]}]}"#
        let rows = try encode(page, schema: schema).block.rows
        var expected: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]  // zig-zag of Int64.min
        expected += withUnsafeBytes(of: Double.nan.bitPattern.littleEndian, Array.init)
        expected += [0x01]
        var micros: [UInt8] = []
        AvroBinary.appendLong(1_704_067_200_000_001, to: &micros)
        expected += micros
        var days: [UInt8] = []
        AvroBinary.appendLong(19_723, to: &days)  // 2024-01-01
        expected += days
        var time: [UInt8] = []
        AvroBinary.appendLong(1_500_000, to: &time)
        expected += time
        expected += [0x08, 0xA6, 0x97, 0xD1, 0x00]  // -1.5 × 10^9 = -1,500,000,000 = 0xA697D100
        expected += [0x04, 0x00, 0x01]
        #expect(rows == expected)
    }

    @Test(arguments: [
        (#"{"rows":[{"f":[{"v":"x"}]}]}"#, "row 0, field (row): has 1 cells for 2 fields"),
        (#"{"rows":[{"f":[{"v":"x"},{"v":[{"v":null}]}]}]}"#, "row 0, field event_params[0]: is NULL inside an array"),
        (#"{"rows":[{"f":[{"v":"x"},{"v":[{"v":{"f":[{"v":"k"},{"v":{"f":[{"v":null},{"v":"12x"},{"v":null},{"v":null}]}}]}}]}]}]}"#,
         "row 0, field event_params[0].value.int_value: \"12x\" is not an INT64"),
        (#"{"rows":[{"f":[{"v":{"f":[]}},{"v":[]}]}]}"#, "row 0, field event_name: holds a JSON Optional(JSONText.JSONValueKind.object) where a STRING was expected"),
    ])
    func aRowThatDoesNotFitIsNamed(page: String, message: String) {
        do {
            _ = try encode(page)
            Issue.record("accepted")
        } catch {
            guard case .badRow(let row) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(row.description == message)
        }
    }

    @Test func theSchemaJSONNamesRecordsUniquelyByPath() throws {
        let nested = BigQueryTableSchema(fields: Self.schema.fields + [
            BigQueryField(name: "items", type: "RECORD", mode: "REPEATED", fields: [
                BigQueryField(name: "item_params", type: "RECORD", mode: "REPEATED", fields: [BigQueryField(name: "key", type: "STRING"), Self.value]),
            ]),
        ])
        let json = try AvroSchemaJSON.make(nested)
        #expect(json.contains(#""name":"event_params__value""#))
        #expect(json.contains(#""name":"items__item_params__value""#))
        #expect(json.hasPrefix(#"{"type":"record","name":"Root","fields":[{"name":"event_name","type":["null","string"],"default":null}"#))
        #expect(json.contains(#"{"name":"event_params","type":{"type":"array","items":{"type":"record","name":"event_params""#))
        #expect(throws: BigQuerySchemaError(field: "g", reason: "has type INTERVAL, which has no Avro mapping here")) {
            try AvroSchemaJSON.make(BigQueryTableSchema(fields: [BigQueryField(name: "g", type: "INTERVAL")]))
        }
    }

    @Test func selectingNarrowsInTableOrder() throws {
        let narrowed = try Self.schema.selecting(["event_params.value", "event_name"])
        #expect(narrowed.fields.map(\.name) == ["event_name", "event_params"])
        #expect(narrowed.fields[1].fields?.map(\.name) == ["value"])
        #expect(throws: BigQuerySchemaError(field: "nope", reason: "is not a field of the table")) { try Self.schema.selecting(["nope"]) }
    }

    @Test func civilTimes() {
        #expect(CivilTime.daysSinceEpoch("1970-01-01") == 0)
        #expect(CivilTime.daysSinceEpoch("1969-12-31") == -1)
        #expect(CivilTime.daysSinceEpoch("0001-01-01") == -719_162)
        #expect(CivilTime.daysSinceEpoch("9999-12-31") == 2_932_896)
        #expect(CivilTime.microsOfDay("23:59:59.999999") == 86_399_999_999)
        #expect(CivilTime.timestampMicros("1.7040672E9") == 1_704_067_200_000_000)
        #expect(NumericText.unscaled("99999999999999999999999999999.999999999", scale: 9) == Int128("99999999999999999999999999999999999999"))
        #expect(NumericText.unscaled("1.0000000001", scale: 9) == nil)
        #expect(AvroBinary.twosComplement(-1) == [0xFF])
        #expect(AvroBinary.twosComplement(128) == [0x00, 0x80])
    }
}
