import Avro
import Testing
import TestSupport

typealias GoldenRow = AvroGoldenRow

@Suite("Avro binary decoding")
struct AvroBinaryDecodingTests {
    let schema = try! AvroSchema(json: GoldenRow.schemaJSON)

    func decode(_ bytes: [UInt8], rows: Int = 1) throws -> [AvroValue] {
        try bytes.withUnsafeBytes { try AvroValueDecoder.decodeRows($0, rowCount: rows, schema: schema) }
    }

    @Test func goldenRowOfTheReference() throws {
        let rows = try decode(GoldenRow.bytes)
        #expect(rows == [.record([
            .string("page_view"),
            .array([.record([.string("ga_session_id"), .record([.null, .long(1_704_067_200), .null, .null])])]),
        ])])
    }

    @Test func rowsBackToBackAndTheirCountIsChecked() throws {
        let two = GoldenRow.bytes + GoldenRow.bytes
        #expect(try decode(two, rows: 2).count == 2)
        #expect(throws: AvroRowCountError(expectedRows: 1, decodedRows: 1, trailingBytes: GoldenRow.bytes.count)) {
            _ = try decode(two, rows: 1)
        }
        #expect(throws: AvroRowCountError(expectedRows: 3, decodedRows: 2, trailingBytes: 0)) { _ = try decode(two, rows: 3) }
    }

    /// A block with a negative count carries its byte size: decoded item by item (and checked), or skipped whole.
    @Test func negativeBlockCountsWithByteSizes() throws {
        // event_name null, then one block of -1 items with its byte size, then the end.
        let item = Array(GoldenRow.bytes[12..<(GoldenRow.bytes.count - 1)])
        let bytes: [UInt8] = [0x00, 0x01, UInt8(item.count * 2)] + item + [0x00]
        let rows = try decode(bytes)
        guard case .record(let fields) = rows[0], case .array(let params) = fields[1] else { Issue.record("shape"); return }
        #expect(params.count == 1)
        try bytes.withUnsafeBytes { buffer in
            var reader = AvroBinaryReader(buffer)
            try AvroValueDecoder.skip(schema, in: &reader, path: "")
            #expect(reader.isAtEnd)
        }
        // A byte size that disagrees with the items is an error, not a silent misread.
        let wrongSize: [UInt8] = [0x00, 0x01, UInt8((item.count + 1) * 2)] + item + [0x00, 0x00]
        #expect { _ = try decode(wrongSize) } throws: { error in
            (error as? AvroDecodingError)?.failure == .blockSizeMismatch(declared: Int64(item.count + 1), actual: item.count)
        }
    }

    /// Every hostile input ends in an error naming the row, the field and the byte.
    @Test(arguments: [
        // Cut inside the string page_view.
        (Array(GoldenRow.bytes[0..<5]), "event_name", 1, AvroReadFailure.truncated(needed: 9, left: 3)),
        // Union branch 2 of 2.
        ([0x04], "event_name", 0, .unionBranchOutOfRange(index: 2, branches: 2)),
        // Negative string length.
        ([0x02, 0x01], "event_name", 1, .negativeLength(-1)),
        // A block count of 2^40 items with 3 bytes left.
        ([0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40], "event_params", 1, .implausibleBlockCount(1 << 40)),
        // Int64.min as a block count (zig-zag of all ones).
        ([0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "event_params", 1, .implausibleBlockCount(Int64.min)),
        // A varint of 11 bytes.
        ([0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "event_params", 1, .malformedVarint),
        // key is a string that is not UTF-8.
        ([0x00, 0x02, 0x02, 0x04, 0x61, 0xFF, 0x00, 0x00], "event_params.key", 3, .invalidUTF8(byteOffset: 1)),
        // value's int_value union index -1.
        ([0x00, 0x02, 0x00, 0x02, 0x00, 0x01], "event_params.value.int_value", 5, .unionBranchOutOfRange(index: -1, branches: 2)),
    ] as [([UInt8], String, Int, AvroReadFailure)])
    func hostileBytesGiveAnErrorWithRowFieldAndOffset(bytes: [UInt8], field: String, offset: Int, failure: AvroReadFailure) {
        // The bad row is the second of the block: the golden row first.
        #expect {
            _ = try decode(GoldenRow.bytes + bytes, rows: 2)
        } throws: { error in
            guard let error = error as? AvroDecodingError else { return false }
            return error.row == 1 && error.fieldPath == field && error.byteOffset == GoldenRow.bytes.count + offset
                && error.failure == failure
        }
    }

    @Test func varintsAtTheLimits() throws {
        // zig-zag: Int64.max is 0xFFFF...FE, Int64.min is 0xFFFF...FF (10 bytes, the last 0x01).
        let max: [UInt8] = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        let min: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        for (bytes, value) in [(max, Int64.max), (min, Int64.min), ([0x01], -1), ([0x02], 1)] {
            try bytes.withUnsafeBytes { (buffer) throws in
                var reader = AvroBinaryReader(buffer)
                let decoded = try reader.readLong()
                #expect(decoded == value)
                #expect(reader.isAtEnd)
            }
        }
        // The tenth byte may carry one bit only.
        let overflow: [UInt8] = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]
        overflow.withUnsafeBytes { buffer in
            var reader = AvroBinaryReader(buffer)
            #expect(throws: AvroReadFailure.malformedVarint) { _ = try reader.readLong() }
            #expect(reader.position == 0)
        }
        // An int that does not fit 32 bits.
        ([0x80, 0x80, 0x80, 0x80, 0x20] as [UInt8]).withUnsafeBytes { buffer in
            var reader = AvroBinaryReader(buffer)
            #expect(throws: AvroReadFailure.malformedVarint) { _ = try reader.readInt() }
        }
    }

    /// Arrays of items that take no bytes cannot make the decoder loop for ever.
    @Test func zeroByteItemsAreCapped() throws {
        let nulls = try AvroSchema(json: "{\"type\": \"array\", \"items\": \"null\"}")
        // 2^40 nulls in one block.
        let bytes: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00]
        #expect(throws: AvroDecodingError.self) {
            _ = try bytes.withUnsafeBytes { try AvroValueDecoder.decodeRows($0, rowCount: 1, schema: nulls) }
        }
        // Many small blocks add up to the same cap.
        var many: [UInt8] = []
        for _ in 0..<20 { many += [0x80, 0x80, 0x0C] }  // 98,304 items each
        many.append(0)
        #expect(throws: AvroDecodingError.self) {
            _ = try many.withUnsafeBytes { try AvroValueDecoder.decodeRows($0, rowCount: 1, schema: nulls) }
        }
    }

    /// Random damage to valid rows: every input ends in rows or an error, never a crash (the fuzzer goes further).
    @Test func damagedRowsNeverCrash() {
        var random = SplitMix64(seed: 14)
        let block = GoldenRow.bytes + GoldenRow.bytes + GoldenRow.bytes
        var failures = 0
        for _ in 0..<20_000 {
            let bytes = ByteDamage.damage(block, using: &random, edits: 1 + Int(random.next() % 4))
            do { _ = try decode(bytes, rows: 3) } catch { failures += 1 }
            bytes.withUnsafeBytes { buffer in
                var reader = AvroBinaryReader(buffer)
                _ = try? AvroValueDecoder.skip(schema, in: &reader, path: "")
            }
        }
        #expect(failures > 0)
    }
}
