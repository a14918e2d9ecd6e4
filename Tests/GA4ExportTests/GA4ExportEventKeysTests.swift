import GA4Export
import Parquet
import Testing

/// The decoded rows a writer hands to `visit` per block (their `event_key`s and values), for a table written beside
/// the events that joins to them.
@Suite("GA4 export writer: decoded rows per block")
struct GA4ExportEventKeysTests {
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
}
