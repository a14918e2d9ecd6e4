/// Builds a message in the protocol buffers wire format (https://protobuf.dev/programming-guides/encoding/).
/// Fields are written in the order called; proto3 leaves default values (0, "", empty) off the wire, and the
/// `…IfNotDefault` helpers do the same, so the bytes equal what Google's own serializers produce.
public struct ProtobufWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    public mutating func key(_ number: Int, _ wireType: ProtobufReader.WireType) {
        varint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    /// An `int64`/`int32`/`enum`/`bool` field as a varint (negative numbers take ten bytes, as protobuf says).
    public mutating func varintField(_ number: Int, _ value: Int64) {
        key(number, .varint)
        varint(UInt64(bitPattern: value))
    }

    public mutating func varintFieldIfNotDefault(_ number: Int, _ value: Int64) {
        if value != 0 { varintField(number, value) }
    }

    public mutating func bytesField<Bytes: Collection>(_ number: Int, _ value: Bytes) where Bytes.Element == UInt8 {
        key(number, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func stringField(_ number: Int, _ value: String) {
        bytesField(number, value.utf8)
    }

    public mutating func stringFieldIfNotEmpty(_ number: Int, _ value: String) {
        if !value.isEmpty { stringField(number, value) }
    }

    /// An embedded message (always written, even when empty: presence of a message field is meaningful).
    public mutating func messageField(_ number: Int, _ message: ProtobufWriter) {
        bytesField(number, message.bytes)
    }

    public mutating func doubleField(_ number: Int, _ value: Double) {
        key(number, .fixed64)
        let bits = value.bitPattern
        for index in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(index)))) }
    }

    public mutating func floatField(_ number: Int, _ value: Float) {
        key(number, .fixed32)
        let bits = value.bitPattern
        for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(index)))) }
    }
}
