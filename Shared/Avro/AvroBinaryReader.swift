/// Why bytes could not be read as the schema says; `AvroDecodingError` adds the row and field.
public enum AvroReadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value needs more bytes than are left.
    case truncated(needed: Int, left: Int)
    /// A varint runs past 10 bytes (a long) or 5 (an int), or its value does not fit.
    case malformedVarint
    case negativeLength(Int64)
    case unionBranchOutOfRange(index: Int64, branches: Int)
    case enumIndexOutOfRange(index: Int64, symbols: Int)
    case invalidBoolean(UInt8)
    /// An array or map block count that cannot be right (larger than the bytes left could hold, or Int64.min).
    case implausibleBlockCount(Int64)
    /// A negative block count's byte size disagrees with the bytes its items took.
    case blockSizeMismatch(declared: Int64, actual: Int)
    case invalidUTF8(byteOffset: Int)

    public var description: String {
        switch self {
        case .truncated(let needed, let left): "the value needs \(needed) more bytes, \(left) left"
        case .malformedVarint: "malformed variable-length integer"
        case .negativeLength(let length): "negative length \(length)"
        case .unionBranchOutOfRange(let index, let branches): "union branch \(index) of \(branches)"
        case .enumIndexOutOfRange(let index, let symbols): "enum index \(index) of \(symbols) symbols"
        case .invalidBoolean(let byte): "boolean byte \(byte) is neither 0 nor 1"
        case .implausibleBlockCount(let count): "implausible block count \(count)"
        case .blockSizeMismatch(let declared, let actual): "block declares \(declared) bytes, its items took \(actual)"
        case .invalidUTF8(let offset): "string is not UTF-8 (byte \(offset))"
        }
    }
}

/// A bounds-checked cursor over Avro binary data (specification, "Binary Encoding"). Every read checks the bytes
/// left; nothing here traps on any input.
public struct AvroBinaryReader {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var position: Int

    /// Items of a type that may take no bytes (null, empty records) a single array may hold; items that take
    /// bytes are bounded by the bytes left instead.
    public static let maximumZeroByteItems: Int64 = 1 << 20

    public init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    public var isAtEnd: Bool { position >= bytes.count }
    public var bytesLeft: Int { bytes.count - position }

    /// A zig-zag varint of up to 10 bytes.
    @inline(__always)
    public mutating func readLong() throws(AvroReadFailure) -> Int64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = position
        let end = bytes.count
        while true {
            guard index < end else { throw .truncated(needed: 1, left: 0) }
            let byte = bytes[index]
            index &+= 1
            if shift == 63 {
                // The tenth byte may only carry the last bit.
                guard byte <= 1 else { throw .malformedVarint }
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift &+= 7
        }
        position = index
        return Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
    }

    /// A zig-zag varint that must fit 32 bits.
    public mutating func readInt() throws(AvroReadFailure) -> Int32 {
        let start = position
        let value = try readLong()
        guard position - start <= 5, let narrow = Int32(exactly: value) else {
            position = start
            throw .malformedVarint
        }
        return narrow
    }

    public mutating func readBoolean() throws(AvroReadFailure) -> Bool {
        guard position < bytes.count else { throw .truncated(needed: 1, left: 0) }
        let byte = bytes[position]
        guard byte <= 1 else { throw .invalidBoolean(byte) }
        position &+= 1
        return byte == 1
    }

    public mutating func readDouble() throws(AvroReadFailure) -> Double {
        guard bytesLeft >= 8 else { throw .truncated(needed: 8, left: bytesLeft) }
        let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        position &+= 8
        return Double(bitPattern: bits)
    }

    public mutating func readFloat() throws(AvroReadFailure) -> Float {
        guard bytesLeft >= 4 else { throw .truncated(needed: 4, left: bytesLeft) }
        let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
        position &+= 4
        return Float(bitPattern: bits)
    }

    /// A length-prefixed byte string (bytes or string): the range of its bytes in `bytes`.
    @inline(__always)
    public mutating func readLengthPrefixed() throws(AvroReadFailure) -> Range<Int> {
        let start = position
        let length = try readLong()
        guard length >= 0 else {
            position = start
            throw .negativeLength(length)
        }
        guard length <= Int64(bytesLeft) else {
            let left = bytesLeft
            position = start
            throw .truncated(needed: Int(length), left: left)
        }
        let begin = position
        position &+= Int(length)
        return begin..<position
    }

    /// `count` bytes (a fixed).
    public mutating func readFixed(_ count: Int) throws(AvroReadFailure) -> Range<Int> {
        guard count <= bytesLeft else { throw .truncated(needed: count, left: bytesLeft) }
        let begin = position
        position &+= count
        return begin..<position
    }

    /// A union's branch index, checked against the number of branches.
    @inline(__always)
    public mutating func readUnionBranch(of branches: Int) throws(AvroReadFailure) -> Int {
        let start = position
        let index = try readLong()
        guard index >= 0, index < Int64(branches) else {
            position = start
            throw .unionBranchOutOfRange(index: index, branches: branches)
        }
        return Int(index)
    }

    public mutating func readEnumIndex(of symbols: Int) throws(AvroReadFailure) -> Int {
        let start = position
        let index = try readInt()
        guard index >= 0, Int(index) < symbols else {
            position = start
            throw .enumIndexOutOfRange(index: Int64(index), symbols: symbols)
        }
        return Int(index)
    }

    /// The item count of the next array or map block: 0 ends the array. A negative count is followed by the
    /// block's byte size (read here and returned, for `skipBlock` or a check). Counts larger than the bytes left
    /// could hold (at one byte an item when `itemsTakeBytes`) are refused before anything loops over them.
    @inline(__always)
    public mutating func readBlockCount(itemsTakeBytes: Bool) throws(AvroReadFailure) -> (count: Int, byteSize: Int64?) {
        let start = position
        var count = try readLong()
        var byteSize: Int64?
        if count < 0 {
            guard count != Int64.min else {
                position = start
                throw .implausibleBlockCount(count)
            }
            count = -count
            let size = try readLong()
            guard size >= 0, size <= Int64(bytesLeft) else {
                position = start
                throw .implausibleBlockCount(-count)
            }
            byteSize = size
        }
        let limit = itemsTakeBytes ? Int64(bytesLeft) : Self.maximumZeroByteItems
        guard count <= limit else {
            position = start
            throw .implausibleBlockCount(count)
        }
        return (Int(count), byteSize)
    }

    /// Moves past `count` bytes (a block whose byte size was given).
    public mutating func skip(_ count: Int) throws(AvroReadFailure) {
        guard count >= 0, count <= bytesLeft else { throw .truncated(needed: count, left: bytesLeft) }
        position &+= count
    }
}
