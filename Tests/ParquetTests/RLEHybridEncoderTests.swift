import Testing
@testable import Parquet

@Suite struct RLEHybridEncoderTests {
    private func encode(_ values: [UInt32], width: Int) -> [UInt8] {
        let out = ByteBuffer()
        values.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: width, into: out) }
        return out.array
    }

    /// Decodes a hybrid stream back to `count` values, as a reader would.
    private func decode(_ bytes: [UInt8], width: Int, count: Int) throws -> [UInt32] {
        var reader = ThriftCompactReader(bytes)
        var values: [UInt32] = []
        while values.count < count {
            let header = try reader.varint()
            if header & 1 == 0 {
                var value: UInt32 = 0
                for index in 0..<((width + 7) / 8) { value |= UInt32(try reader.byte()) << (8 * UInt32(index)) }
                values.append(contentsOf: Array(repeating: value, count: Int(header >> 1)))
            } else {
                let groups = Int(header >> 1)
                var accumulator: UInt64 = 0
                var bits = 0
                for _ in 0..<(groups * 8) {
                    while bits < width {
                        accumulator |= UInt64(try reader.byte()) << UInt64(bits)
                        bits += 8
                    }
                    values.append(UInt32(accumulator & ((1 << UInt64(width)) - 1)))
                    accumulator >>= UInt64(width)
                    bits -= width
                }
            }
        }
        #expect(reader.position == bytes.count, "trailing bytes after \(count) values")
        return Array(values.prefix(count))
    }

    @Test func shortInputIsOneBitPackedGroupPaddedWithZeros() {
        // Golden file: definition levels [1, 0, 1] -> header (1 group << 1 | 1) = 3, bits 101 = 0x05.
        #expect(encode([1, 0, 1], width: 1) == [0x03, 0x05])
        // Dictionary indices [0, 1] at width 1 -> 0x03, 0b10.
        #expect(encode([0, 1], width: 1) == [0x03, 0x02])
    }

    @Test func bitPackingIsLeastSignificantBitFirst() {
        // The example from Encodings.md: 0..7 at width 3 -> 10001000 11000110 11111010.
        #expect(encode([0, 1, 2, 3, 4, 5, 6, 7], width: 3) == [0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010])
    }

    @Test func longRepeatsBecomeRLERuns() {
        // 100 x 5 at width 3: header 100 << 1 = 200 = [0xC8, 0x01], value in one byte.
        #expect(encode(Array(repeating: 5, count: 100), width: 3) == [0xC8, 0x01, 0x05])
        // Width 9 stores the run value in two bytes.
        #expect(encode(Array(repeating: 300, count: 8), width: 9) == [0x10, 0x2C, 0x01])
    }

    @Test func literalsBeforeARunAreCompletedFromTheRun() throws {
        // Three literals, then twelve 1s: the first group takes five of the 1s, the run keeps seven.
        let values: [UInt32] = [2, 3, 2] + Array(repeating: 1, count: 12)
        let bytes = encode(values, width: 2)
        // Group: 2,3,2,1,1,1,1,1 -> bits 10 11 10 01 | 01 01 01 01 -> 0b01_10_11_10 = 0x6E, 0x55.
        #expect(bytes == [0x03, 0x6E, 0x55, 0x0E, 0x01])
        #expect(try decode(bytes, width: 2, count: values.count) == values)
    }

    @Test func widthZeroAndMaximumWidthRoundTrip() throws {
        #expect(encode([0, 0, 0], width: 0) == [0x03])
        let wide: [UInt32] = [UInt32.max, 0, 1 << 31, 12_345_678]
        #expect(try decode(encode(wide, width: 32), width: 32, count: wide.count) == wide)
    }

    @Test func randomSequencesRoundTrip() throws {
        var generator = SeededGenerator(seed: 7)
        for width in [1, 2, 3, 7, 8, 13, 17, 24, 31] {
            let maximum = UInt32((UInt64(1) << UInt64(width)) - 1)
            var values: [UInt32] = []
            while values.count < 5000 {
                let value = UInt32.random(in: 0...maximum, using: &generator)
                let repeats = Bool.random(using: &generator) ? Int.random(in: 1...40, using: &generator) : 1
                values.append(contentsOf: Array(repeating: value, count: repeats))
            }
            #expect(try decode(encode(values, width: width), width: width, count: values.count) == values)
        }
    }

    @Test func bitWidthForMaximum() {
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 0) == 0)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 1) == 1)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 2) == 2)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 255) == 8)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 256) == 9)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: UInt32.max) == 32)
    }
}
