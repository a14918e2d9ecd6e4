/// A strict reader of the protocol buffers wire format (https://protobuf.dev/programming-guides/encoding/) over
/// untrusted bytes: every length and varint is checked against the end of its message, so no input can read
/// past it or trap. It knows fields, not schemas; the message types of its users give the fields their meaning.
public struct ProtobufReader {
    public enum WireType: UInt8, Sendable {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        /// Groups are deprecated (proto2 only) but still valid on the wire; a reader must be able to skip them.
        case startGroup = 3
        case endGroup = 4
        case fixed32 = 5

        public var name: String {
            switch self {
            case .varint: "varint"
            case .fixed64: "fixed64"
            case .lengthDelimited: "length-delimited"
            case .startGroup: "start-group"
            case .endGroup: "end-group"
            case .fixed32: "fixed32"
            }
        }
    }

    /// What is wrong and the byte offset (in the whole buffer) where reading stopped.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public let reason: String
        public let offset: Int

        public init(reason: String, offset: Int) {
            self.reason = reason
            self.offset = offset
        }

        public var description: String { "\(reason) (at byte \(offset))" }
    }

    /// Groups nested deeper than this are refused, so hostile input cannot exhaust the stack or the time budget.
    public static let maxGroupDepth = 64

    public let bytes: [UInt8]
    /// The next byte to read.
    public private(set) var offset: Int
    /// One past the last byte of the message being read.
    public let end: Int

    /// A reader of `bytes[range]`; the range must lie within `bytes`.
    public init(_ bytes: [UInt8], range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
        self.bytes = bytes
        offset = range.lowerBound
        end = range.upperBound
    }

    /// A reader of all of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.init(bytes, range: 0..<bytes.count)
    }

    public var isAtEnd: Bool { offset >= end }

    /// A base-128 varint of at most 10 bytes whose value fits 64 bits.
    public mutating func varint() throws(Problem) -> UInt64 {
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

    /// The next field's number and wire type; wire types 6 and 7 do not exist and are refused.
    public mutating func field() throws(Problem) -> (number: UInt64, wireType: WireType) {
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
    public mutating func lengthDelimited() throws(Problem) -> Range<Int> {
        let start = offset
        let length = try varint()
        guard length <= UInt64(end - offset) else {
            throw Problem(reason: "length \(length) runs past the end of its message (\(end - offset) bytes left)", offset: start)
        }
        let range = offset..<(offset + Int(length))
        offset = range.upperBound
        return range
    }

    /// A length-delimited value as UTF-8 text; invalid UTF-8 is refused, as proto3 requires for `string`.
    public mutating func string() throws(Problem) -> String {
        let start = offset
        let range = try lengthDelimited()
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw Problem(reason: "string is not valid UTF-8", offset: start)
        }
        return text
    }

    /// A length-delimited value's bytes, copied.
    public mutating func byteArray() throws(Problem) -> [UInt8] {
        Array(bytes[try lengthDelimited()])
    }

    /// A varint read as proto3 `int64` (two's complement).
    public mutating func int64() throws(Problem) -> Int64 { Int64(bitPattern: try varint()) }

    /// A varint read as proto3 `int32`: the low 32 bits, as other proto3 parsers take them.
    public mutating func int32() throws(Problem) -> Int32 { Int32(truncatingIfNeeded: Int64(bitPattern: try varint())) }

    public mutating func bool() throws(Problem) -> Bool { try varint() != 0 }

    /// A little-endian 4-byte `float`.
    public mutating func fixed32() throws(Problem) -> UInt32 {
        guard end - offset >= 4 else { throw Problem(reason: "fixed32 value runs past the end of its message", offset: offset) }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * UInt32(index)) }
        offset += 4
        return value
    }

    /// A little-endian 8-byte value (`double`, `fixed64`).
    public mutating func fixed64() throws(Problem) -> UInt64 {
        guard end - offset >= 8 else { throw Problem(reason: "fixed64 value runs past the end of its message", offset: offset) }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return value
    }

    public mutating func float() throws(Problem) -> Float { Float(bitPattern: try fixed32()) }
    public mutating func double() throws(Problem) -> Double { Double(bitPattern: try fixed64()) }

    /// Steps over a value of a field the schema does not know. A start-group is skipped up to its matching
    /// end-group (same field number); a lone end-group is refused.
    public mutating func skip(_ wireType: WireType, number: UInt64 = 0) throws(Problem) {
        switch wireType {
        case .varint: _ = try varint()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .startGroup: try skipGroup(number: number)
        case .endGroup: throw Problem(reason: "end-group of field \(number) without its start-group", offset: offset)
        }
    }

    private mutating func skipGroup(number: UInt64) throws(Problem) {
        // Iterative, with a stack of open group numbers: nesting costs no Swift stack.
        var open: [UInt64] = [number]
        while let innermost = open.last {
            let start = offset
            guard !isAtEnd else { throw Problem(reason: "group of field \(innermost) is not closed", offset: start) }
            let (inner, wireType) = try field()
            switch wireType {
            case .startGroup:
                guard open.count < Self.maxGroupDepth else {
                    throw Problem(reason: "groups nested deeper than \(Self.maxGroupDepth)", offset: start)
                }
                open.append(inner)
            case .endGroup:
                guard inner == innermost else {
                    throw Problem(reason: "end-group of field \(inner) closes the group of field \(innermost)", offset: start)
                }
                open.removeLast()
            default:
                try skip(wireType, number: inner)
            }
        }
    }
}
