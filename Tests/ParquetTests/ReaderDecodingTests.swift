import Testing
@testable import Parquet

/// The value and level decoders on vectors from Encodings.md and on the module's own encoder output.
@Suite struct ReaderDecodingTests {
    private func decodeRLE(_ bytes: [UInt8], width: Int, count: Int) throws -> [UInt32] {
        var out = [UInt32](repeating: 0, count: count)
        try bytes.withUnsafeBytes { raw in
            var decoder = try RLEHybridDecoder(raw, bitWidth: width)
            try out.withUnsafeMutableBufferPointer { (buffer) throws(ParquetError) in try decoder.decode(into: buffer.baseAddress!, count: count) }
        }
        return out
    }

    @Test func rleHybridDecodesWhatTheEncoderWrites() throws {
        var generator = SeededGenerator(seed: 7)
        for width in [1, 2, 3, 7, 8, 13, 20, 32] {
            let maximum = width == 32 ? UInt32.max : (UInt32(1) << UInt32(width)) - 1
            var values: [UInt32] = []
            while values.count < 3000 {
                let value = UInt32.random(in: 0...maximum, using: &generator)
                values += Array(repeating: value, count: Bool.random(using: &generator) ? 1 : Int.random(in: 1...40, using: &generator))
            }
            let out = ByteBuffer()
            values.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: width, into: out) }
            #expect(try decodeRLE(out.array, width: width, count: values.count) == values, "width \(width)")
        }
    }

    @Test func rleHybridSpecExample() throws {
        // Encodings.md: values 0..7 bit-packed at width 3 are the bytes 10001000 11000110 11111010.
        #expect(try decodeRLE([0x03, 0x88, 0xC6, 0xFA], width: 3, count: 8) == [0, 1, 2, 3, 4, 5, 6, 7])
        // An RLE run of 5 copies of 300 at width 9 (two value bytes).
        #expect(try decodeRLE([0x0A, 0x2C, 0x01], width: 9, count: 5) == Array(repeating: 300, count: 5))
    }

    @Test func rleHybridRunsOutCleanly() throws {
        #expect(throws: ParquetError.self) { try decodeRLE([0x0A], width: 9, count: 5) }
        #expect(throws: ParquetError.self) { try decodeRLE([0x02, 0x01], width: 1, count: 2) }
        #expect(throws: ParquetError.self) { try decodeRLE([], width: 33, count: 1) }
    }

    private func deltaBinaryPacked(_ bytes: [UInt8], count: Int) throws -> [Int64] {
        var out = [Int64](repeating: 0, count: count)
        _ = try bytes.withUnsafeBytes { raw in
            try out.withUnsafeMutableBufferPointer { (buffer) throws(ParquetError) in
                try DeltaBinaryPackedDecoder.decode(raw, count: count, into: buffer.baseAddress!)
            }
        }
        return out
    }

    @Test func deltaBinaryPackedSpecExamples() throws {
        // Encodings.md example 1: 1, 2, 3, 4, 5 — block 128, 4 miniblocks, 5 values, first 1, min delta 1, widths 0.
        #expect(try deltaBinaryPacked([0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0], count: 5) == [1, 2, 3, 4, 5])
        // Example 2: 7, 5, 3, 1, 2, 3, 4, 5 — deltas -2 -2 -2 1 1 1 1, min delta -2, relative 0 0 0 3 3 3 3 at width 2.
        let bytes: [UInt8] = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0, 0, 0, 0xC0, 0x3F] + Array(repeating: 0, count: 6)
        #expect(try deltaBinaryPacked(bytes, count: 8) == [7, 5, 3, 1, 2, 3, 4, 5])
    }

    @Test func deltaBinaryPackedRejectsBadHeaders() throws {
        #expect(throws: ParquetError.self) { try deltaBinaryPacked([0x81, 0x01, 0x04, 0x05, 0x02], count: 5) }
        #expect(throws: ParquetError.self) { try deltaBinaryPacked([0x80, 0x01, 0x04, 0x02, 0x02], count: 5) }
        #expect(throws: ParquetError.self) { try deltaBinaryPacked([0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x41], count: 5) }
    }

    @Test func byteStreamSplitInterleavesBytes() throws {
        let page: [UInt8] = [1, 2, 3, 0x10, 0x20, 0x30]
        var out = [UInt8](repeating: 0, count: 6)
        try page.withUnsafeBytes { raw in
            try out.withMutableBytes { (target) throws(ParquetError) in
                try ByteStreamSplitDecoder.decode(raw, count: 3, width: 2, into: target.baseAddress!)
            }
        }
        #expect(out == [1, 0x10, 2, 0x20, 3, 0x30])
    }

    @Test func deltaByteArrayRebuildsPrefixes() throws {
        // "axis", "axle", "babble", "babyhood": prefixes 0 2 0 3, suffixes "axis" "le" "babble" "yhood".
        func packed(_ values: [Int64]) -> [UInt8] {
            // Block of 128 with 4 miniblocks at width 8 (first value then deltas relative to the minimum).
            var deltas: [Int64] = []
            for index in 1..<values.count { deltas.append(values[index] - values[index - 1]) }
            let minimum = deltas.min() ?? 0
            var bytes: [UInt8] = [0x80, 0x01, 0x04, UInt8(values.count)]
            bytes += Varint.encode(Varint.zigzag(values[0])) + Varint.encode(Varint.zigzag(minimum)) + [8, 8, 8, 8]
            bytes += deltas.map { UInt8($0 - minimum) } + Array(repeating: 0, count: 32 - deltas.count)
            return bytes
        }
        let suffixes = ["axis", "le", "babble", "yhood"]
        let page = packed([0, 2, 0, 3]) + packed(suffixes.map { Int64($0.utf8.count) }) + Array(suffixes.joined().utf8)
        let decoder = ByteArrayValueDecoder(capacity: 4, dataCapacity: 8, limit: 1 << 20)
        try page.withUnsafeBytes { try decoder.readValues($0, count: 4, encoding: ValueEncoding.deltaByteArray) }
        let values = decoder.takeValues()
        #expect((0..<4).map { values.string(at: $0) } == ["axis", "axle", "babble", "babyhood"])
    }

    @Test func int96IsNanosecondsOfTheJulianDay() {
        let noon = ParquetInt96(nanosecondsOfDay: 43_200_000_000_000, julianDay: 2_440_589)
        #expect(noon.nanosecondsSinceEpoch == 86_400_000_000_000 + 43_200_000_000_000)
    }

    @Test func decimalTextIsExact() {
        #expect(ParquetDecimal(unscaled: -5, precision: 9, scale: 2).description == "-0.05")
        #expect(ParquetDecimal(unscaled: 123_456, precision: 9, scale: 3).description == "123.456")
        #expect(ParquetDecimal(unscaled: 42, precision: 9, scale: 0).description == "42")
        #expect(LeafValue.bigEndianSigned([0xFF, 0x38]) == -200)
    }
}
