import Testing
import TestSupport
@testable import DelimitedText

/// Records read in place must be exactly what the state machine alone makes of the same bytes: fields, flags,
/// physical lines, offsets, counters and errors, however the input is cut into chunks.
@Suite struct InPlaceReadingTests {
    struct Reading: Equatable {
        struct Row: Equatable {
            var line: Int
            var offset: Int64
            var fields: [[UInt8]]
            var quoted: [Bool]
            var escaped: [Bool]
        }
        var rows: [Row] = []
        var error: TextReadError?
        var header: [String]?
        var counters: [Int] = []
        var firstStrayQuote: [Int]?
    }

    static func read(_ bytes: [UInt8], dialect: DelimitedDialect, chunks: [Int], inPlace: Bool, maximumRecordBytes: Int = 64 << 20,
                     blockRecords: Int = 256) -> Reading {
        let reader = DelimitedTextReader(dialect: dialect, maximumRecordBytes: maximumRecordBytes, blockRecords: blockRecords)
        reader.readsInPlace = inPlace
        var reading = Reading()
        let collect: (TextRecord) -> Void = { record in
            reading.rows.append(Reading.Row(
                line: record.line, offset: record.offset, fields: (0..<record.count).map { Array(record.field($0)) },
                quoted: (0..<record.count).map { record.isQuoted($0) }, escaped: (0..<record.count).map { record.isEscaped($0) }))
        }
        do {
            var start = 0
            var cut = 0
            while start < bytes.count {
                let end = min(start + chunks[cut % chunks.count], bytes.count)
                try reader.read(Array(bytes[start..<end]), collect)
                start = end
                cut += 1
            }
            try reader.finish(collect)
        } catch let error as TextReadError {
            reading.error = error
        } catch {
            Issue.record("unexpected \(error)")
        }
        reading.header = reader.header
        reading.counters = [reader.recordCount, reader.blankLineCount, reader.strayQuoteCount, reader.lineCount, reader.expectedFieldCount ?? -1]
        reading.firstStrayQuote = reader.firstStrayQuote.map { [$0.line, $0.field] }
        return reading
    }

    static let dialects: [DelimitedDialect] = [
        .csv, .redshiftEscaped,
        DelimitedDialect(header: false),
        DelimitedDialect(delimiter: UInt8(ascii: ";"), doubleQuote: false, escape: UInt8(ascii: "\\"), loneCarriageReturnEndsLine: true, skipBlankLines: false),
        DelimitedDialect(delimiter: UInt8(ascii: "\t"), quote: nil, doubleQuote: false),
    ]

    /// Random text over the bytes that matter (delimiters, quotes, escapes, CR, LF, a two-byte character),
    /// cut into chunks of every size from 1 to 20 and in uneven cuts.
    @Test(arguments: 0..<dialects.count)
    func randomTextReadsAlikeInPlaceAndByTheStateMachine(dialect: Int) {
        var generator = SplitMix64(seed: UInt64(dialect) + 11)
        let alphabet: [UInt8] = Array("abc,;|\t\"\"\r\n\n\\é".utf8)
        var failures: [String] = []
        for round in 0..<250 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 200) {
                // Mostly ordinary bytes, so whole records occur and are read in place.
                bytes.append(generator.next() % 3 == 0 ? alphabet[Int(generator.next() % UInt64(alphabet.count))] : UInt8(ascii: "x"))
            }
            let cuts: [[Int]] = [[1 << 20], [Int(generator.next() % 20) + 1], [Int(generator.next() % 7) + 1, Int(generator.next() % 30) + 1]]
            for chunks in cuts {
                let expected = Self.read(bytes, dialect: Self.dialects[dialect], chunks: chunks, inPlace: false)
                let actual = Self.read(bytes, dialect: Self.dialects[dialect], chunks: chunks, inPlace: true, blockRecords: [1, 3, 256][round % 3])
                if actual != expected { failures.append("round \(round), chunks \(chunks): \(String(decoding: bytes, as: UTF8.self).debugDescription)") }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) mismatches, first \(failures.prefix(3))")
    }

    /// A delimiter, a quote, a CRLF and a quoted newline at every position relative to the scanner's 64-byte
    /// blocks and to a chunk's end: every record comes out the same and on the right line.
    @Test func structuralBytesAtEveryWordOffsetAndAcrossEveryChunkEnd() {
        let rows = [
            "id,name,note", "1,plain,x", "2,\"quoted, with comma\",y", "3,\"two\nlines\",z", "4,,", "5,\"\",\"a\"\"b\"", "6,crlf,w",
        ]
        var failures: [String] = []
        for padding in 0..<66 {
            // Shifts every byte by `padding` within its block.
            var text = rows[0] + "\n" + String(repeating: "p", count: padding) + "0,pad,p\n"
            for (index, row) in rows.dropFirst().enumerated() { text += row + (index % 2 == 0 ? "\r\n" : "\n") }
            let bytes = Array(text.utf8)
            let chunks = padding < 9 ? Array(1...bytes.count) : [1, 2, 3, 5, 8, 13, 31, 63, 64, 65, 100, bytes.count]
            for chunk in chunks {
                let expected = Self.read(bytes, dialect: .csv, chunks: [chunk], inPlace: false)
                let actual = Self.read(bytes, dialect: .csv, chunks: [chunk], inPlace: true)
                if actual != expected { failures.append("padding \(padding), chunk \(chunk)") }
            }
            let whole = Self.read(bytes, dialect: .csv, chunks: [1 << 20], inPlace: true)
            #expect(whole.error == nil)
            #expect(whole.rows.map(\.line) == [2, 3, 4, 5, 7, 8, 9])
            #expect(whole.rows[3].fields[1] == Array("two\nlines".utf8))
            #expect(whole.rows[5].fields[2] == Array("a\"b".utf8))
            #expect(whole.rows[5].quoted == [false, true, true])
        }
        #expect(failures.isEmpty, "\(failures.count) mismatches, first \(failures.prefix(3))")
    }

    /// Blocks hold at most `blockRecords` consecutive records; field by field they are the records read one by
    /// one, including records with other field counts among them.
    @Test func blocksHoldConsecutiveRecordsUpToTheirSize() throws {
        var text = "a,b,c\n"
        for row in 0..<50 { text += row % 7 == 3 ? "\(row),short\n" : (row % 11 == 5 ? "\(row),\"quoted\nline\",x\n" : "\(row),b\(row),c\n") }
        let bytes = Array(text.utf8)
        let expected = Self.read(bytes, dialect: .csv, chunks: [1 << 20], inPlace: false)
        for blockRecords in [1, 4, 16, 1000] {
            let reader = DelimitedTextReader(dialect: .csv, blockRecords: blockRecords)
            var rows: [Reading.Row] = []
            var sizes: [Int] = []
            try bytes.withUnsafeBytes { chunk in
                try reader.readBlocks(chunk) { block in
                    sizes.append(block.count)
                    for row in 0..<block.count {
                        let record = block.record(row)
                        #expect(record.count == block.fieldCount(row) && record.line == block.line(row))
                        #expect((0..<record.count).allSatisfy { Array(block.field(row, $0)) == Array(record.field($0)) && block.flags(row, $0) == record.flags[$0] })
                        rows.append(Reading.Row(
                            line: record.line, offset: record.offset, fields: (0..<record.count).map { Array(record.field($0)) },
                            quoted: (0..<record.count).map { record.isQuoted($0) }, escaped: (0..<record.count).map { record.isEscaped($0) }))
                    }
                }
            }
            try reader.finishBlocks { _ in Issue.record("nothing is left for finish") }
            #expect(rows == expected.rows, "blocks of \(blockRecords)")
            #expect(sizes.allSatisfy { $0 <= blockRecords })
            #expect(sizes.count > 1 || blockRecords == 1000)
        }
    }

    @Test func recordsLongerThanTheLimitAreLeftToTheStateMachine() {
        let bytes = Array("a,b\n1,2\n\(String(repeating: "x", count: 30)),3\n4,5\n".utf8)
        let expected = Self.read(bytes, dialect: .csv, chunks: [1 << 20], inPlace: false, maximumRecordBytes: 16)
        let actual = Self.read(bytes, dialect: .csv, chunks: [1 << 20], inPlace: true, maximumRecordBytes: 16)
        #expect(actual == expected)
        #expect(actual.error == TextReadError(kind: .recordTooLong, line: 3, field: 1, offset: 8))
    }
}
