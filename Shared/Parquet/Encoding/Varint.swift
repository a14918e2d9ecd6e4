/// ULEB128 varints and zigzag, as used by the Thrift compact protocol, the RLE/bit-packed hybrid and Snappy.
enum Varint {
    /// Maps signed to unsigned so small magnitudes of either sign stay short: 0, -1, 1, -2 -> 0, 1, 2, 3.
    @inline(__always)
    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    @inline(__always)
    static func zigzag(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value << 1) ^ (value >> 31))
    }

    /// Number of bytes `value` takes as a ULEB128 varint.
    static func encodedLength(_ value: UInt64) -> Int {
        var length = 1
        var rest = value >> 7
        while rest != 0 {
            length += 1
            rest >>= 7
        }
        return length
    }

    @inline(__always)
    static func write(_ value: UInt64, to buffer: ByteBuffer) {
        buffer.reserve(10)
        var rest = value
        var length = 0
        let out = buffer.end
        while rest >= 0x80 {
            out.storeBytes(of: UInt8(truncatingIfNeeded: rest) | 0x80, toByteOffset: length, as: UInt8.self)
            rest >>= 7
            length += 1
        }
        out.storeBytes(of: UInt8(rest), toByteOffset: length, as: UInt8.self)
        buffer.commit(length + 1)
    }

    /// Writes at `pointer`, which must have room for 10 bytes; returns the bytes written.
    @inline(__always)
    static func write(_ value: UInt64, at pointer: UnsafeMutableRawPointer) -> Int {
        var rest = value
        var length = 0
        while rest >= 0x80 {
            pointer.storeBytes(of: UInt8(truncatingIfNeeded: rest) | 0x80, toByteOffset: length, as: UInt8.self)
            rest >>= 7
            length += 1
        }
        pointer.storeBytes(of: UInt8(rest), toByteOffset: length, as: UInt8.self)
        return length + 1
    }

    static func encode(_ value: UInt64) -> [UInt8] {
        let buffer = ByteBuffer(capacity: 16)
        write(value, to: buffer)
        return buffer.array
    }
}
