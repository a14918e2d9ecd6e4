/// Finds the bytes that end an unquoted run of delimited text (delimiter, quote, escape, CR, LF) eight bytes at
/// a time: each 64-bit word is compared with all of them at once (SWAR), and the word's matches are kept as a
/// bit set so a run of short fields inside one word costs one load.
///
/// The scanner moves forward only. `next(from:)` returns the position of the first such byte at or after the
/// given one, or the end of the buffer. Little-endian byte order (x86-64, arm64): byte `k` of a loaded word is
/// bits `8k..<8k+8`.
struct StructuralByteScanner {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private let classes: (UInt64, UInt64, UInt64, UInt64, UInt64)
    /// Start of the word whose matches `bits` holds (high bit of each matching byte), and those matches with
    /// the bytes before the cursor cleared.
    private var wordStart: Int
    private var bits: UInt64

    private static let lows: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
    private static let sevenBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// `stops`: the bytes to find (at most five; repeat one to fill).
    init(base: UnsafePointer<UInt8>, count: Int, stops: (UInt8, UInt8, UInt8, UInt8, UInt8), from position: Int) {
        self.base = base
        self.count = count
        classes = (UInt64(stops.0) &* Self.lows, UInt64(stops.1) &* Self.lows, UInt64(stops.2) &* Self.lows,
                   UInt64(stops.3) &* Self.lows, UInt64(stops.4) &* Self.lows)
        wordStart = position
        bits = 0
        bits = matches(at: position)
    }

    /// The high bit of every byte of the word at `position` that is one of the stops; bytes past the end never
    /// match.
    @inline(__always)
    private func matches(at position: Int) -> UInt64 {
        let word: UInt64
        let available = count - position
        if available >= 8 {
            word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
        } else {
            var tail: UInt64 = 0
            for k in 0..<max(available, 0) { tail |= UInt64(base[position + k]) << UInt64(k * 8) }
            word = tail
        }
        // A byte of `y` is zero exactly when the high bit of `((y & 0x7F…) + 0x7F…) | y` is clear (no carries
        // cross bytes, so there are no false matches).
        @inline(__always) func notZero(_ y: UInt64) -> UInt64 { ((y & Self.sevenBits) &+ Self.sevenBits) | y }
        let all = notZero(word ^ classes.0) & notZero(word ^ classes.1) & notZero(word ^ classes.2)
            & notZero(word ^ classes.3) & notZero(word ^ classes.4)
        var found = ~all & Self.highs
        if available < 8 { found &= available <= 0 ? 0 : (UInt64.max >> UInt64((8 - available) * 8)) }
        return found
    }

    /// The first stop byte at or after `position` (which must not be before an earlier call's), or `count`.
    @inline(__always)
    mutating func next(from position: Int) -> Int {
        let offset = position - wordStart
        if offset >= 8 {
            wordStart = position
            bits = matches(at: position)
        } else {
            bits &= UInt64.max << UInt64(offset * 8)
        }
        while bits == 0 {
            wordStart += 8
            if wordStart >= count { return count }
            bits = matches(at: wordStart)
        }
        return wordStart + (bits.trailingZeroBitCount >> 3)
    }
}
