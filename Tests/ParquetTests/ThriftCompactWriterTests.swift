import Testing
@testable import Parquet

@Suite struct ThriftCompactWriterTests {
    @Test func shortFieldHeadersCarryTheDeltaAndType() {
        var writer = ThriftCompactWriter()
        writer.writeI32(1, 6)      // 0x15, zigzag(6) = 12
        writer.writeI32(3, 1)      // delta 2: 0x25, zigzag(1) = 2
        writer.writeString(4, "ab")  // delta 1, binary: 0x18, length 2
        writer.finish()
        #expect(writer.bytes == [0x15, 0x0C, 0x25, 0x02, 0x18, 0x02, 0x61, 0x62, 0x00])
    }

    @Test func largeDeltasUseTheLongForm() {
        var writer = ThriftCompactWriter()
        writer.writeI64(1, -1)
        writer.writeI32(20, 150)   // delta 19 > 15: type byte, then zigzag varint id (40 = 0x28)
        writer.finish()
        #expect(writer.bytes == [0x16, 0x01, 0x05, 0x28, 0xAC, 0x02, 0x00])
    }

    @Test func boolFieldsKeepTheirValueInTheHeader() {
        var writer = ThriftCompactWriter()
        writer.writeBool(1, true)
        writer.writeBool(2, false)
        writer.finish()
        #expect(writer.bytes == [0x11, 0x12, 0x00])
    }

    @Test func nestedStructsRestartFieldDeltas() {
        // LogicalType { TIMESTAMP(8) { isAdjustedToUTC(1)=true, unit(2) { MILLIS(1) {} } } } as in the golden file.
        var writer = ThriftCompactWriter()
        writer.writeI32(6, 9)
        writer.beginStruct(10)
        writer.beginStruct(8)
        writer.writeBool(1, true)
        writer.beginStruct(2)
        writer.writeEmptyStruct(1)
        writer.endStruct()
        writer.endStruct()
        writer.endStruct()
        writer.finish()
        #expect(writer.bytes == [0x65, 0x12, 0x4C, 0x8C, 0x11, 0x1C, 0x1C, 0x00, 0x00, 0x00, 0x00, 0x00])
    }

    @Test func listHeadersUseShortAndLongSizes() {
        var writer = ThriftCompactWriter()
        writer.beginList(2, elementType: .i32, count: 3)
        for value: Int32 in [0, 3, 8] { writer.writeListI32(value) }
        writer.beginList(3, elementType: .binary, count: 15)
        for _ in 0..<15 { writer.writeListBinary([0x78]) }
        writer.finish()
        let expected: [UInt8] = [0x29, 0x35, 0x00, 0x06, 0x10, 0x19, 0xF8, 0x0F]
            + Array(repeating: [0x01, 0x78], count: 15).flatMap { $0 } + [0x00]
        #expect(writer.bytes == expected)
    }

    @Test func listOfStructsAndI16() {
        var writer = ThriftCompactWriter()
        writer.beginList(7, elementType: .structure, count: 2)
        for _ in 0..<2 {
            writer.beginListStruct()
            writer.writeEmptyStruct(1)
            writer.endStruct()
        }
        writer.writeI16(8, -2)
        writer.finish()
        #expect(writer.bytes == [0x79, 0x2C, 0x1C, 0x00, 0x00, 0x1C, 0x00, 0x00, 0x14, 0x03, 0x00])
    }
}
