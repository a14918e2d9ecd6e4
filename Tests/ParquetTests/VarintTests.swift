import Testing
@testable import Parquet

@Suite struct VarintTests {
    @Test func unsignedVarintsMatchHandComputedBytes() {
        #expect(Varint.encode(0) == [0x00])
        #expect(Varint.encode(1) == [0x01])
        #expect(Varint.encode(127) == [0x7F])
        #expect(Varint.encode(128) == [0x80, 0x01])
        #expect(Varint.encode(300) == [0xAC, 0x02])
        #expect(Varint.encode(16_384) == [0x80, 0x80, 0x01])
        #expect(Varint.encode(UInt64.max) == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
    }

    @Test func encodedLengthAgreesWithTheEncoding() {
        for value: UInt64 in [0, 1, 127, 128, 16_383, 16_384, 1 << 35, UInt64.max] {
            #expect(Varint.encodedLength(value) == Varint.encode(value).count)
        }
    }

    @Test func zigzagInterleavesSigns() {
        #expect(Varint.zigzag(Int64(0)) == 0)
        #expect(Varint.zigzag(Int64(-1)) == 1)
        #expect(Varint.zigzag(Int64(1)) == 2)
        #expect(Varint.zigzag(Int64(-2)) == 3)
        #expect(Varint.zigzag(Int64(2_147_483_647)) == 4_294_967_294)
        #expect(Varint.zigzag(Int64.min) == UInt64.max)
        #expect(Varint.zigzag(Int64.max) == UInt64.max - 1)
        #expect(Varint.zigzag(Int32(-3)) == 5)
        #expect(Varint.zigzag(Int32.min) == UInt32.max)
    }
}
