import Testing

import ProtocolBuffers

struct ProtobufReaderTests {
    func reader(_ bytes: [UInt8]) -> ProtobufReader { ProtobufReader(bytes, range: 0..<bytes.count) }

    @Test(arguments: [
        ([0x00], UInt64(0)),
        ([0x01], UInt64(1)),
        ([0xAC, 0x02], UInt64(300)),  // the protobuf encoding guide's example
        ([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], UInt64(UInt32.max)),
        ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], UInt64.max),
        ([0x80, 0x00], UInt64(0)),  // a non-minimal encoding is still the value
    ] as [([UInt8], UInt64)])
    func varintsDecode(bytes: [UInt8], value: UInt64) throws {
        var reader = reader(bytes)
        #expect(try reader.varint() == value)
        #expect(reader.isAtEnd)
    }

    @Test func aVarintPastSixtyFourBitsOrTheEndIsRefused() {
        var tooLong = reader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02])
        #expect(throws: ProtobufReader.Problem(reason: "varint does not fit 64 bits", offset: 0)) { try tooLong.varint() }
        var eleven = reader([UInt8](repeating: 0x80, count: 10) + [0x00])
        #expect(throws: ProtobufReader.Problem(reason: "varint does not fit 64 bits", offset: 0)) { try eleven.varint() }
        var truncated = reader([0x05, 0x80])
        _ = try? truncated.varint()
        #expect(throws: ProtobufReader.Problem(reason: "varint runs past the end of its message", offset: 1)) { try truncated.varint() }
    }

    @Test func fieldKeysGiveNumberAndWireType() throws {
        var reader = reader([0x08, 0x96, 0x01, 0x1A, 0x02, 0x41, 0x42, 0x25, 1, 2, 3, 4, 0x29, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try reader.field() == (1, .varint))
        #expect(try reader.varint() == 150)
        #expect(try reader.field() == (3, .lengthDelimited))
        #expect(try reader.lengthDelimited() == 5..<7)
        #expect(try reader.field() == (4, .fixed32))
        try reader.skip(.fixed32)
        #expect(try reader.field() == (5, .fixed64))
        try reader.skip(.fixed64)
        #expect(reader.isAtEnd)
    }

    @Test func badKeysAndLengthsAreRefusedWithTheirOffset() {
        var zero = reader([0x02, 0x00])
        #expect(throws: ProtobufReader.Problem(reason: "field number 0 is out of range", offset: 0)) { try zero.field() }
        var group = reader([0x0E])
        #expect(throws: ProtobufReader.Problem(reason: "field 1 has unsupported wire type 6", offset: 0)) { try group.field() }
        var long = reader([0x0A, 0x05, 0x41])
        _ = try? long.field()
        #expect(throws: ProtobufReader.Problem(reason: "length 5 runs past the end of its message (1 bytes left)", offset: 1)) {
            try long.lengthDelimited()
        }
        var huge = reader([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        _ = try? huge.field()
        #expect(throws: ProtobufReader.Problem.self) { try huge.lengthDelimited() }
        var short = reader([0x01, 0x02, 0x03])
        #expect(throws: ProtobufReader.Problem(reason: "fixed32 value runs past the end of its message", offset: 0)) { try short.skip(.fixed32) }
    }

    @Test func aReaderStopsAtTheEndOfItsRangeNotOfTheBuffer() throws {
        let bytes: [UInt8] = [0x08, 0x01, 0x08, 0x02]
        var reader = ProtobufReader(bytes, range: 0..<2)
        _ = try reader.field()
        _ = try reader.varint()
        #expect(reader.isAtEnd)
    }

    @Test func groupsOfUnknownFieldsAreSkippedToTheirEnd() throws {
        // field 2 start-group { field 3 varint 1, field 4 start-group { } } end-group 2, then field 5 varint 7
        var reader = reader([0x13, 0x18, 0x01, 0x23, 0x24, 0x14, 0x28, 0x07])
        let (number, wireType) = try reader.field()
        #expect(wireType == .startGroup)
        try reader.skip(wireType, number: number)
        #expect(try reader.field() == (5, .varint))
        #expect(try reader.varint() == 7)
    }

    @Test func brokenGroupsAreRefused() {
        var unclosed = reader([0x13, 0x18, 0x01])
        #expect(throws: ProtobufReader.Problem(reason: "group of field 2 is not closed", offset: 3)) { try unclosed.skip(unclosed.field().wireType, number: 2) }
        var crossed = reader([0x13, 0x1C])
        #expect(throws: ProtobufReader.Problem(reason: "end-group of field 3 closes the group of field 2", offset: 1)) {
            try crossed.skip(crossed.field().wireType, number: 2)
        }
        var lone = reader([0x14])
        #expect(throws: ProtobufReader.Problem.self) { try lone.skip(lone.field().wireType, number: 2) }
        var deep = reader([UInt8](repeating: 0x13, count: 100))
        #expect(throws: ProtobufReader.Problem(reason: "groups nested deeper than 64", offset: 64)) { try deep.skip(deep.field().wireType, number: 2) }
    }

    @Test func typedValuesRead() throws {
        var writer = ProtobufWriter()
        writer.varintField(1, -1)
        writer.stringField(2, "é🙂")
        writer.doubleField(3, -0.5)
        writer.floatField(4, 1.5)
        var reader = ProtobufReader(writer.bytes)
        _ = try reader.field()
        #expect(try reader.int64() == -1)
        _ = try reader.field()
        #expect(try reader.string() == "é🙂")
        _ = try reader.field()
        #expect(try reader.double() == -0.5)
        _ = try reader.field()
        #expect(try reader.float() == 1.5)
        #expect(reader.isAtEnd)
        var invalid = ProtobufReader([0x0A, 0x01, 0xFF])
        _ = try invalid.field()
        #expect(throws: ProtobufReader.Problem(reason: "string is not valid UTF-8", offset: 1)) { try invalid.string() }
    }
}
