/// A bounds-checked cursor over one packet's payload. Every read that would run past the end throws
/// `MySQLError.malformedPacket` naming what was being read, so untrusted server bytes can never crash the client.
struct PacketReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    mutating func skip(_ count: Int, _ what: String) throws(MySQLError) {
        guard count >= 0, count <= remaining else { throw truncated(what) }
        offset += count
    }

    func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    mutating func u8(_ what: String) throws(MySQLError) -> UInt8 {
        guard remaining >= 1 else { throw truncated(what) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ what: String) throws(MySQLError) -> UInt16 { UInt16(try uint(2, what)) }
    mutating func u24(_ what: String) throws(MySQLError) -> UInt32 { UInt32(try uint(3, what)) }
    mutating func u32(_ what: String) throws(MySQLError) -> UInt32 { UInt32(try uint(4, what)) }

    /// A little-endian unsigned integer of `width` bytes (at most 8).
    mutating func uint(_ width: Int, _ what: String) throws(MySQLError) -> UInt64 {
        guard remaining >= width else { throw truncated(what) }
        var value: UInt64 = 0
        for i in 0..<width { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += width
        return value
    }

    mutating func bytes(_ count: Int, _ what: String) throws(MySQLError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw truncated(what) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// Length-encoded integer; nil for the NULL marker 0xFB (only meaningful in rows).
    mutating func lengthEncodedInteger(_ what: String) throws(MySQLError) -> UInt64? {
        let first = try u8(what)
        switch first {
        case 0..<0xFB: return UInt64(first)
        case 0xFB: return nil
        case 0xFC: return try uint(2, what)
        case 0xFD: return try uint(3, what)
        case 0xFE: return try uint(8, what)
        default: throw MySQLError.malformedPacket("\(what): 0xFF is not a length-encoded integer")
        }
    }

    /// Length-encoded string; nil for NULL (0xFB).
    mutating func lengthEncodedBytes(_ what: String) throws(MySQLError) -> ArraySlice<UInt8>? {
        guard let length = try lengthEncodedInteger(what) else { return nil }
        guard length <= UInt64(remaining) else { throw truncated(what) }
        return try bytes(Int(length), what)
    }

    mutating func lengthEncodedString(_ what: String) throws(MySQLError) -> String {
        guard let value = try lengthEncodedBytes(what) else {
            throw MySQLError.malformedPacket("\(what): unexpected NULL")
        }
        return String(decoding: value, as: UTF8.self)
    }

    /// Bytes up to a NUL, which is consumed; the rest of the packet when there is no NUL.
    mutating func nulTerminatedBytes() -> ArraySlice<UInt8> {
        let end = bytes[offset...].firstIndex(of: 0) ?? bytes.count
        defer { offset = min(end + 1, bytes.count) }
        return bytes[offset..<end]
    }

    mutating func nulTerminatedString() -> String { String(decoding: nulTerminatedBytes(), as: UTF8.self) }

    mutating func restOfPacket() -> ArraySlice<UInt8> {
        defer { offset = bytes.count }
        return bytes[offset...]
    }

    private func truncated(_ what: String) -> MySQLError {
        .malformedPacket("\(what): packet ends at byte \(bytes.count), needed more after \(offset)")
    }
}

/// Builders for the little-endian and length-encoded pieces of client packets.
extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T, width: Int = MemoryLayout<T>.size) {
        for i in 0..<width { append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }

    mutating func appendLengthEncodedInteger(_ value: UInt64) {
        switch value {
        case 0..<0xFB: append(UInt8(value))
        case 0xFB..<0x1_0000: append(0xFC); appendLittleEndian(value, width: 2)
        case 0x1_0000..<0x100_0000: append(0xFD); appendLittleEndian(value, width: 3)
        default: append(0xFE); appendLittleEndian(value, width: 8)
        }
    }

    mutating func appendLengthEncoded(_ bytes: some Collection<UInt8>) {
        appendLengthEncodedInteger(UInt64(bytes.count))
        append(contentsOf: bytes)
    }

    mutating func appendNulTerminated(_ text: String) {
        append(contentsOf: Array(text.utf8))
        append(0)
    }
}
