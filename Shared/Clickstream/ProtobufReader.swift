/// A strict reader of the protocol buffers wire format (https://protobuf.dev/programming-guides/encoding/) over
/// untrusted bytes: every length and varint is checked against the end of its message, so no input can read
/// past it or trap. It knows fields, not schemas; `KPLAggregate` gives the fields their meaning.
struct ProtobufReader {
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5

        var name: String {
            switch self {
            case .varint: "varint"
            case .fixed64: "fixed64"
            case .lengthDelimited: "length-delimited"
            case .fixed32: "fixed32"
            }
        }
    }

    /// What is wrong and the byte offset (in the whole buffer) where reading stopped.
    struct Problem: Error, Equatable {
        let reason: String
        let offset: Int
    }

    let bytes: [UInt8]
    /// The next byte to read.
    private(set) var offset: Int
    /// One past the last byte of the message being read.
    let end: Int

    /// A reader of `bytes[range]`; the range must lie within `bytes`.
    init(_ bytes: [UInt8], range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
        self.bytes = bytes
        offset = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { offset >= end }

    /// A base-128 varint of at most 10 bytes whose value fits 64 bits.
    mutating func varint() throws(Problem) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw Problem(reason: "varint runs past the end of its message", offset: start) }
            let byte = bytes[offset]
            offset += 1
            // The tenth byte holds bit 63 only.
            if shift == 63, byte > 1 { throw Problem(reason: "varint does not fit 64 bits", offset: start) }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// The next field's number and wire type; group wire types (3, 4, deprecated) and 6, 7 are refused.
    mutating func field() throws(Problem) -> (number: UInt64, wireType: WireType) {
        let start = offset
        let key = try varint()
        let number = key >> 3
        guard number >= 1, number <= 536_870_911 else {
            throw Problem(reason: "field number \(number) is out of range", offset: start)
        }
        guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
            throw Problem(reason: "field \(number) has unsupported wire type \(key & 7)", offset: start)
        }
        return (number, wireType)
    }

    /// The range of a length-delimited value's bytes, which must end within the message.
    mutating func lengthDelimited() throws(Problem) -> Range<Int> {
        let start = offset
        let length = try varint()
        guard length <= UInt64(end - offset) else {
            throw Problem(reason: "length \(length) runs past the end of its message (\(end - offset) bytes left)", offset: start)
        }
        let range = offset..<(offset + Int(length))
        offset = range.upperBound
        return range
    }

    /// Steps over a value of a field the schema does not know.
    mutating func skip(_ wireType: WireType) throws(Problem) {
        switch wireType {
        case .varint: _ = try varint()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed64, .fixed32:
            let width = wireType == .fixed64 ? 8 : 4
            guard end - offset >= width else {
                throw Problem(reason: "\(wireType.name) value runs past the end of its message", offset: offset)
            }
            offset += width
        }
    }
}
