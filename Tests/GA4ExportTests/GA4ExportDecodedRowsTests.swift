import GA4Export
import Parquet
import Testing
import TestSupport

/// The decoded rows a writer hands to `visit` per block (their `event_key`s and values), for a table written beside
/// the events that joins to them.
@Suite("GA4 export writer: decoded rows per block")
struct GA4ExportDecodedRowsTests {
    @Test func eachBlocksKeysAreTheKeysItsRowsGetInTheFileAcrossBatchFlushes() throws {
        let sink = MemorySink()
        var options = GA4ExportWriterOptions()
        options.batchRows = 2
        let writer = try GA4ExportParquetWriter(avroSchemaJSON: SmallSession.schemaJSON, sink: sink, options: options)
        try writer.write(rows: SmallSession.row, rowCount: 1)
        var handedBack: [String] = []
        for count in [1, 3, 2] {
            try writer.write(rows: Array([[UInt8]](repeating: SmallSession.row, count: count).joined()), rowCount: count) { decoded in
                #expect(decoded.rows.count == count)
                handedBack += decoded.rows.map { decoded.eventKey(row: $0) }
            }
        }
        try writer.close()
        let reader = try ParquetReader(bytes: sink.bytes)
        var inFile: [String] = []
        for group in 0..<reader.rowGroupCount {
            for case .group(let fields) in try reader.readRowGroup(group).rows() {
                guard case .string(let key)? = fields.first(where: { $0.name == "event_key" })?.value else { continue }
                inFile.append(String(decoding: key, as: UTF8.self))
            }
        }
        #expect(inFile.count == 7)
        #expect(Array(inFile.dropFirst()) == handedBack)
        #expect(handedBack.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test func aVisitThatThrowsLeavesTheBlockUnwritten() throws {
        let sink = MemorySink()
        let writer = try GA4ExportParquetWriter(avroSchemaJSON: SmallSession.schemaJSON, sink: sink)
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try writer.write(rows: SmallSession.row, rowCount: 1) { _ in throw Refused() }
        }
        try writer.write(rows: SmallSession.row, rowCount: 1)
        #expect(try writer.close().rows == 1)
    }

    /// Columns by path, NULL records and columns the session lacks, and the first element with a key.
    @Test func valuesAreReadByPathAndParametersByTheirFirstKey() throws {
        let writer = try GA4ExportParquetWriter(avroSchemaJSON: AvroGoldenRow.schemaJSON, sink: MemorySink())
        try writer.write(rows: AvroGoldenRow.bytes, rowCount: 1) { decoded in
            #expect(decoded.rows == 0..<1)
            #expect(decoded.string(["event_name"], row: 0) == "page_view")
            #expect(decoded.string(["device", "category"], row: 0) == nil, "the session has no device")
            #expect(decoded.string(["no_such_column"], row: 0) == nil)
            #expect(decoded.int64("event_timestamp", row: 0) == nil)
            #expect(decoded.parameterString("event_params", key: "ga_session_id", row: 0) == nil, "an int_value, no string")
            #expect(decoded.parameterString("event_params", key: "page_title", row: 0) == nil)
        }
        // event_name NULL; event_params [{k, "first"}, {k, "second"}].
        func element(_ text: String) -> [UInt8] {
            [0x02, 0x02, UInt8(ascii: "k"), 0x02, 0x02, UInt8(text.utf8.count * 2)] + Array(text.utf8) + [0x00, 0x00, 0x00]
        }
        let row: [UInt8] = [0x00, 0x04] + element("first") + element("second") + [0x00]
        try writer.write(rows: row, rowCount: 1) { decoded in
            #expect(decoded.rows == 1..<2, "slots of the batch: the first block is still in it")
            #expect(decoded.string(["event_name"], row: 1) == nil)
            #expect(decoded.parameterString("event_params", key: "k", row: 1) == "first")
            #expect(decoded.parameterString("user_properties", key: "k", row: 1) == nil)
        }
        #expect(try writer.close().rows == 2)
    }
}
