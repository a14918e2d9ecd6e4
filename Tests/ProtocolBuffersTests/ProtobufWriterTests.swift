import ProtocolBuffers
import Testing

struct ProtobufWriterTests {
    @Test(arguments: [
        (UInt64(0), [0x00]),
        (UInt64(1), [0x01]),
        (UInt64(300), [0xAC, 0x02]),  // the protobuf encoding guide's example
        (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ] as [(UInt64, [UInt8])])
    func varintsEncodeMinimally(value: UInt64, bytes: [UInt8]) {
        var writer = ProtobufWriter()
        writer.varint(value)
        #expect(writer.bytes == bytes)
    }

    @Test func fieldsCarryKeyAndLength() {
        var inner = ProtobufWriter()
        inner.varintField(1, 150)
        var writer = ProtobufWriter()
        writer.stringField(2, "testing")
        writer.messageField(3, inner)
        writer.varintFieldIfNotDefault(4, 0)
        writer.stringFieldIfNotEmpty(5, "")
        #expect(writer.bytes == [0x12, 0x07] + Array("testing".utf8) + [0x1A, 0x03, 0x08, 0x96, 0x01])
    }

    @Test func negativeInt64TakesTenBytes() {
        var writer = ProtobufWriter()
        writer.varintField(1, -2)
        #expect(writer.bytes == [0x08, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
    }
}
