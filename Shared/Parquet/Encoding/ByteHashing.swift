/// A fast, non-cryptographic hash for dictionary lookups of byte strings and 64-bit patterns.
/// Only the in-memory dictionaries use it; nothing hashed here reaches the file.
enum ByteHashing {
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var h = value &* multiplier
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return h
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeRawPointer, _ count: Int) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: count) &* multiplier
        if count >= 8 {
            var offset = 0
            while offset &+ 8 <= count {
                h = (h ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* multiplier
                h = (h << 31) | (h >> 33)
                offset &+= 8
            }
            // The last partial word is read as the final eight bytes, overlapping the one before it.
            if offset < count {
                h = (h ^ bytes.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)) &* multiplier
            }
        } else if count >= 4 {
            // Two overlapping 4-byte reads cover 4 to 7 bytes.
            let low = UInt64(bytes.loadUnaligned(as: UInt32.self))
            let high = UInt64(bytes.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
            h = (h ^ (low | high << 32)) &* multiplier
        } else if count > 0 {
            let first = UInt64(bytes.load(as: UInt8.self))
            let middle = UInt64(bytes.load(fromByteOffset: count >> 1, as: UInt8.self))
            let last = UInt64(bytes.load(fromByteOffset: count &- 1, as: UInt8.self))
            h = (h ^ (first | middle << 8 | last << 16)) &* multiplier
        }
        return mix(h)
    }
}
