import Avro
import GA4Export
import Parquet
import Testing
import TestSupport

/// A session that delivers a few of the export's columns, in BigQuery's Avro shape, and one the table lacks.
enum SmallSession {
    static let schemaJSON = """
        {"type": "record", "name": "__root__", "fields": [
        \(AvroGoldenRow.schemaFields),
          {"name": "brand_new", "type": ["null", {"type": "record", "name": "brand_new", "fields": [{"name": "x", "type": "long"}]}]}
        ]}
        """
    /// The golden row and brand_new {x: 5}.
    static let row: [UInt8] = AvroGoldenRow.bytes + [0x02, 0x0A]
}

@Suite("GA4 export writer")
struct GA4ExportWriterTests {
    func rows(of sink: MemorySink) throws -> [[String: ParquetFieldValue]] {
        let reader = try ParquetReader(bytes: sink.bytes)
        var out: [[String: ParquetFieldValue]] = []
        for group in 0..<reader.rowGroupCount {
            for row in try reader.readRowGroup(group).rows() {
                guard case .group(let fields) = row else { continue }
                out.append(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.value) }))
            }
        }
        return out
    }

    @Test func fieldsMapByNameUnknownOnesAreSkippedAndMissingOnesAreNull() throws {
        let sink = MemorySink()
        let writer = try GA4ExportParquetWriter(avroSchemaJSON: SmallSession.schemaJSON, sink: sink)
        #expect(writer.fieldMapping.unknownFields == ["brand_new"])
        #expect(writer.fieldMapping.missingFields.contains("device"))
        #expect(writer.fieldMapping.missingFields.contains("event_params.value.set_timestamp_micros") == false)
        #expect(!writer.fieldMapping.missingFields.contains("event_params"))
        try writer.write(rows: SmallSession.row + SmallSession.row, rowCount: 2)
        let summary = try writer.close()
        #expect(summary.rows == 2)

        let read = try rows(of: sink)
        #expect(read.count == 2)
        let first = read[0]
        // Every column of the table is in the file, in order.
        #expect(first.count == GA4ExportSchema.parquetSchema.fields.count)
        #expect(first["event_name"] == .string(Array("page_view".utf8)))
        #expect(first["device"] == .null)
        #expect(first["items"] == .null)
        #expect(first["ga_session_id"] == .int64(1_704_067_200))
        #expect(first["page_location"] == .null)
        #expect(first["session_engaged"] == .null)
        guard case .string(let key)? = first["event_key"] else { Issue.record("no event_key"); return }
        #expect(key.count == 64)
        #expect(read[1]["event_key"] == first["event_key"])
        guard case .list(let params)? = first["event_params"], case .group(let param)? = params.first else {
            Issue.record("event_params is not a list of structs"); return
        }
        #expect(param.map(\.name) == ["key", "value"])
        #expect(param[0].value == .string(Array("ga_session_id".utf8)))
    }

    /// A block with a bad row is not written at all; the error names the row of the stream and the field; the writer
    /// takes the next block, and every good row lands exactly once.
    @Test func aBadBlockIsDroppedWholeAndTheWriterGoesOn() throws {
        let sink = MemorySink()
        var options = GA4ExportWriterOptions()
        options.batchRows = 2
        let writer = try GA4ExportParquetWriter(avroSchemaJSON: SmallSession.schemaJSON, sink: sink, options: options)
        try writer.write(rows: SmallSession.row, rowCount: 1)
        // Second row of the block: int_value's union branch is 2.
        var bad = SmallSession.row
        bad[bad.count - 9 - 2] = 0x04
        #expect {
            try writer.write(rows: SmallSession.row + bad, rowCount: 2)
        } throws: { error in
            guard case .row(let row, let decoding)? = error as? GA4ExportError else { return false }
            return row == 2 && decoding.row == 1 && decoding.fieldPath == "event_params.value.int_value"
                && decoding.failure == .unionBranchOutOfRange(index: 2, branches: 2)
        }
        // A block claiming more rows than it holds, and one with bytes after its last row.
        #expect(throws: GA4ExportError.rowCount(AvroRowCountError(expectedRows: 3, decodedRows: 2, trailingBytes: 0), firstRow: 1)) {
            try writer.write(rows: SmallSession.row + SmallSession.row, rowCount: 3)
        }
        #expect(throws: GA4ExportError.self) { try writer.write(rows: SmallSession.row + [0x00], rowCount: 1) }
        // The bad row first in its block: the list it failed in has no slot of its own to drop.
        #expect(throws: GA4ExportError.self) { try writer.write(rows: bad, rowCount: 1) }
        try writer.write(rows: SmallSession.row + SmallSession.row, rowCount: 2)
        #expect(writer.rowsWritten == 3)
        try writer.close()
        let read = try rows(of: sink)
        #expect(read.count == 3)
        #expect(read.allSatisfy { $0["ga_session_id"] == .int64(1_704_067_200) && $0["event_name"] == .string(Array("page_view".utf8)) })
        // No element of the refused row is left behind in the rows that follow.
        for row in read {
            guard case .list(let params)? = row["event_params"] else { Issue.record("no event_params"); continue }
            #expect(params.count == 1)
        }
    }

    @Test func aSessionTypeThatDoesNotFitIsRefusedByName() {
        let schema = """
            {"type": "record", "name": "r", "fields": [{"name": "device", "type": ["null", {"type": "record", "name": "d",
              "fields": [{"name": "time_zone_offset_seconds", "type": ["null", "string"]}]}]}]}
            """
        #expect {
            _ = try GA4ExportParquetWriter(avroSchemaJSON: schema, sink: MemorySink())
        } throws: { error in
            guard case .schemaMismatch(let mismatch)? = error as? GA4ExportError else { return false }
            return mismatch.fieldPath == "device.time_zone_offset_seconds" && mismatch.tableType == "INT64"
        }
        #expect(throws: GA4ExportError.self) { _ = try GA4ExportParquetWriter(avroSchemaJSON: "{", sink: MemorySink()) }
    }

    @Test func invalidUTF8IsReportedWithItsRowAndField() throws {
        let writer = try GA4ExportParquetWriter(avroSchemaJSON: SmallSession.schemaJSON, sink: MemorySink())
        var bad = SmallSession.row
        bad[3] = 0xFF  // inside "page_view"
        #expect {
            try writer.write(rows: bad, rowCount: 1)
        } throws: { error in
            guard case .row(0, let decoding)? = error as? GA4ExportError else { return false }
            return decoding.fieldPath == "event_name" && decoding.failure == .invalidUTF8(byteOffset: 1)
        }
    }
}

@Suite("GA4 export writer on damaged blocks")
struct GA4ExportDamagedBlockTests {
    /// Random damage to valid blocks: each block is taken whole or refused, the writer stays usable, and the file
    /// holds exactly the rows of the accepted blocks.
    @Test func damagedBlocksAreRefusedWholeAndTheFileHoldsTheRest() throws {
        var random = SplitMix64(seed: 2024)
        let sink = MemorySink()
        var options = GA4ExportWriterOptions()
        options.batchRows = 7
        let writer = try GA4ExportParquetWriter(avroSchemaJSON: SmallSession.schemaJSON, sink: sink, options: options)
        let good = SmallSession.row + SmallSession.row + SmallSession.row
        var accepted = 0
        var refused = 0
        for _ in 0..<3000 {
            let bytes = ByteDamage.damage(good, using: &random, edits: 1 + Int(random.next() % 3))
            do {
                try writer.write(rows: bytes, rowCount: 3)
                accepted += 3
            } catch is GA4ExportError {
                refused += 1
            }
        }
        #expect(refused > 0)
        #expect(writer.rowsWritten == accepted)
        let summary = try writer.close()
        #expect(summary.rows == accepted)
        let reader = try ParquetReader(bytes: sink.bytes)
        var rows = 0
        for group in 0..<reader.rowGroupCount { rows += try reader.readRowGroup(group).rowCount }
        #expect(rows == accepted)
    }
}
