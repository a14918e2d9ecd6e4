/// Snappy raw block format (google/snappy `format_description.txt`), as Parquet's SNAPPY codec requires.
///
/// The input is cut into independent 64 KiB blocks. Inside a block a hash table of 4-byte sequences finds
/// earlier occurrences; a miss advances faster the longer nothing matched, so incompressible data passes
/// quickly. Offsets therefore stay below 65536 and only 1- and 2-byte-offset copies are needed.
final class SnappyCompressor {
    static let blockSize = 1 << 16
    private static let maximumTableBits = 14
    /// Matching stops this close to the end of a block, so 4- and 8-byte loads never read past it.
    private static let inputMargin = 15

    private let table: UnsafeMutablePointer<UInt16>

    init() {
        table = .allocate(capacity: 1 << Self.maximumTableBits)
    }

    deinit { table.deallocate() }

    /// The most bytes `length` input bytes can become.
    static func maximumCompressedLength(_ length: Int) -> Int {
        32 + length + length / 6
    }

    /// Appends the compressed form of `input` to `out`.
    func compress(_ input: UnsafeRawBufferPointer, into out: ByteBuffer) {
        Varint.write(UInt64(input.count), to: out)
        guard let source = input.baseAddress, input.count > 0 else { return }
        out.reserve(Self.maximumCompressedLength(input.count))
        var written = 0
        var start = 0
        while start < input.count {
            let length = min(Self.blockSize, input.count - start)
            written += compressBlock(source + start, length, out.end + written)
            start += length
        }
        out.commit(written)
    }

    func compress(_ input: [UInt8]) -> [UInt8] {
        let out = ByteBuffer(capacity: Self.maximumCompressedLength(input.count) + 10)
        input.withUnsafeBytes { compress($0, into: out) }
        return out.array
    }

    @inline(__always)
    private static func load32(_ pointer: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        pointer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
    }

    @inline(__always)
    private static func hash(_ bytes: UInt32, shift: UInt32) -> Int {
        Int((bytes &* 0x1E35_A7BD) >> shift)
    }

    /// Compresses one block to `destination`; returns the bytes written.
    private func compressBlock(_ source: UnsafeRawPointer, _ length: Int, _ destination: UnsafeMutableRawPointer) -> Int {
        var out = 0
        var nextEmit = 0
        if length >= Self.inputMargin {
            var tableBits = 8
            while tableBits < Self.maximumTableBits && (1 << tableBits) < length { tableBits += 1 }
            let shift = UInt32(32 - tableBits)
            table.initialize(repeating: 0, count: 1 << tableBits)
            let limit = length - Self.inputMargin
            var ip = 1
            outer: while true {
                // Look for a 4-byte match, stepping further apart the longer the search goes unrewarded.
                var skip = 32
                var nextIp = ip
                var candidate = 0
                repeat {
                    ip = nextIp
                    let step = skip >> 5
                    skip &+= 1
                    nextIp = ip &+ step
                    if nextIp > limit { break outer }
                    let slot = Self.hash(Self.load32(source, ip), shift: shift)
                    candidate = Int(table[slot])
                    table[slot] = UInt16(truncatingIfNeeded: ip)
                } while Self.load32(source, ip) != Self.load32(source, candidate)

                // Positions and lengths stay below the 64 KiB block size, so wrapping arithmetic never wraps
                // and spares the overflow checks.
                out &+= Self.emitLiteral(source + nextEmit, ip &- nextEmit, destination + out, mayOverread: true)
                // Emit copies for as long as the position right after a copy matches again.
                repeat {
                    let matched = 4 &+ Self.matchLength(source, candidate &+ 4, ip &+ 4, length)
                    out &+= Self.emitCopy(offset: ip &- candidate, length: matched, destination + out)
                    ip &+= matched
                    nextEmit = ip
                    if ip >= limit { break outer }
                    table[Self.hash(Self.load32(source, ip &- 1), shift: shift)] = UInt16(truncatingIfNeeded: ip &- 1)
                    let slot = Self.hash(Self.load32(source, ip), shift: shift)
                    candidate = Int(table[slot])
                    table[slot] = UInt16(truncatingIfNeeded: ip)
                } while Self.load32(source, ip) == Self.load32(source, candidate)
                ip &+= 1
            }
        }
        if nextEmit < length {
            out += Self.emitLiteral(source + nextEmit, length - nextEmit, destination + out, mayOverread: false)
        }
        return out
    }

    /// How many bytes at `earlier` and `later` agree, not reading at or past `end`.
    @inline(__always)
    private static func matchLength(_ base: UnsafeRawPointer, _ earlier: Int, _ later: Int, _ end: Int) -> Int {
        var matched = 0
        while later &+ matched &+ 8 <= end {
            let difference = base.loadUnaligned(fromByteOffset: earlier &+ matched, as: UInt64.self)
                ^ base.loadUnaligned(fromByteOffset: later &+ matched, as: UInt64.self)
            if difference != 0 {
                return matched &+ UInt64(littleEndian: difference).trailingZeroBitCount &>> 3
            }
            matched &+= 8
        }
        while later &+ matched < end
            && base.load(fromByteOffset: earlier &+ matched, as: UInt8.self)
                == base.load(fromByteOffset: later &+ matched, as: UInt8.self) {
            matched &+= 1
        }
        return matched
    }

    /// Literal: tag `(length-1) << 2` when length <= 60, otherwise 60...63 << 2 and length-1 in 1...4 bytes.
    ///
    /// Inside the match loop (`mayOverread`) at least 16 source bytes follow the literal's start, and the
    /// output's reserve has room for 15 bytes past any literal, so a short literal is copied as two 8-byte
    /// words instead of through a call to memcpy; the bytes past it are overwritten by what follows.
    @inline(__always)
    private static func emitLiteral(
        _ source: UnsafeRawPointer, _ length: Int, _ destination: UnsafeMutableRawPointer, mayOverread: Bool
    ) -> Int {
        guard length > 0 else { return 0 }
        let n = length - 1
        if mayOverread && length <= 16 {
            destination.storeBytes(of: UInt8(n << 2), as: UInt8.self)
            destination.storeBytes(of: source.loadUnaligned(as: UInt64.self), toByteOffset: 1, as: UInt64.self)
            destination.storeBytes(
                of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 9, as: UInt64.self)
            return 1 + length
        }
        var header = 0
        if n < 60 {
            destination.storeBytes(of: UInt8(n << 2), as: UInt8.self)
            header = 1
        } else {
            var extra = 1
            while extra < 4 && n >> (8 * extra) != 0 { extra += 1 }
            destination.storeBytes(of: UInt8((59 + extra) << 2), as: UInt8.self)
            for byte in 0..<extra {
                destination.storeBytes(of: UInt8(truncatingIfNeeded: n >> (8 * byte)), toByteOffset: 1 + byte, as: UInt8.self)
            }
            header = 1 + extra
        }
        (destination + header).copyMemory(from: source, byteCount: length)
        return header + length
    }

    /// Copy: 1-byte-offset form for lengths 4...11 within 2 KiB, else 2-byte offsets in pieces of at most 64.
    /// Lengths are at least 4 and offsets below 65536 (one block), so the narrowing below never truncates.
    @inline(__always)
    private static func emitCopy(offset: Int, length: Int, _ destination: UnsafeMutableRawPointer) -> Int {
        if length < 12 && offset < 2048 {
            // The short matches of text data: one tag byte and the offset's low byte.
            destination.storeBytes(
                of: UInt8(truncatingIfNeeded: 1 | ((length &- 4) << 2) | ((offset >> 8) << 5)), as: UInt8.self)
            destination.storeBytes(of: UInt8(truncatingIfNeeded: offset), toByteOffset: 1, as: UInt8.self)
            return 2
        }
        var remaining = length
        var out = 0
        // Long copies go out 64 bytes at a time, keeping at least 4 for the last piece.
        while remaining >= 68 {
            out &+= emitCopyTwoByteOffset(offset: offset, length: 64, destination + out)
            remaining &-= 64
        }
        if remaining > 64 {
            out &+= emitCopyTwoByteOffset(offset: offset, length: 60, destination + out)
            remaining &-= 60
        }
        if remaining < 12 && offset < 2048 {
            destination.storeBytes(
                of: UInt8(truncatingIfNeeded: 1 | ((remaining &- 4) << 2) | ((offset >> 8) << 5)), toByteOffset: out,
                as: UInt8.self)
            destination.storeBytes(of: UInt8(truncatingIfNeeded: offset), toByteOffset: out &+ 1, as: UInt8.self)
            return out &+ 2
        }
        return out &+ emitCopyTwoByteOffset(offset: offset, length: remaining, destination + out)
    }

    @inline(__always)
    private static func emitCopyTwoByteOffset(offset: Int, length: Int, _ destination: UnsafeMutableRawPointer) -> Int {
        destination.storeBytes(of: UInt8(truncatingIfNeeded: 2 | ((length &- 1) << 2)), as: UInt8.self)
        destination.storeBytes(of: UInt16(truncatingIfNeeded: offset).littleEndian, toByteOffset: 1, as: UInt16.self)
        return 3
    }
}
