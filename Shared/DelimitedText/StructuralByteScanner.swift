import CByteScan

/// Finds the bytes that end an unquoted run of delimited text (delimiter, quote, escape, CR, LF) 64 bytes at a
/// time: the block is compared with all of them at once (vector compares, `cbytescan_stops64`) and its matches
/// kept as a bit set, so finding the end of each short field is a count of trailing zeros.
///
/// The scanner moves forward only. `next(from:)` returns the position of the first such byte at or after the
/// given one, or the end of the buffer.
struct StructuralByteScanner {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private let stops: (UInt8, UInt8, UInt8, UInt8, UInt8)
    /// Start of the block whose matches `bits` holds (bit k: byte `blockStart + k`), with the bits of bytes
    /// before the cursor cleared.
    private var blockStart: Int
    private var bits: UInt64

    /// `stops`: the bytes to find (at most five; repeat one to fill).
    init(base: UnsafePointer<UInt8>, count: Int, stops: (UInt8, UInt8, UInt8, UInt8, UInt8), from position: Int) {
        self.base = base
        self.count = count
        self.stops = stops
        blockStart = position
        bits = 0
        bits = matches(at: position)
    }

    /// The stops among the 64 bytes at `position`; bytes past the end never match.
    @inline(__always)
    private func matches(at position: Int) -> UInt64 {
        let available = count - position
        if available >= 64 {
            return cbytescan_stops64(base + position, stops.0, stops.1, stops.2, stops.3, stops.4)
        }
        guard available > 0 else { return 0 }
        // The last partial block, through a zeroed copy; bits of the padding are cleared.
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &block) { block in
            block.copyMemory(from: UnsafeRawBufferPointer(start: base + position, count: available))
            let found = cbytescan_stops64(block.baseAddress!.assumingMemoryBound(to: UInt8.self), stops.0, stops.1, stops.2, stops.3, stops.4)
            return found & (UInt64.max >> UInt64(64 - available))
        }
    }

    /// The first stop byte at or after `position` (which must not be before an earlier call's), or `count`.
    @inline(__always)
    mutating func next(from position: Int) -> Int {
        let offset = position - blockStart
        if offset >= 64 {
            blockStart = position
            bits = matches(at: position)
        } else {
            bits &= UInt64.max << UInt64(offset)
        }
        while bits == 0 {
            blockStart += 64
            if blockStart >= count { return count }
            bits = matches(at: blockStart)
        }
        return blockStart + bits.trailingZeroBitCount
    }
}
