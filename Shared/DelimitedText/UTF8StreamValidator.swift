/// Checks that a byte stream is UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) across
/// chunk boundaries, so a sequence split between two S3 chunks is judged as one. ASCII runs are skipped 32
/// bytes at a time.
struct UTF8StreamValidator {
    /// Continuation bytes still expected for the sequence in progress.
    private var pending = 0
    /// Allowed range for the next continuation byte (narrowed after E0, ED, F0, F4 leads).
    private var low: UInt8 = 0x80
    private var high: UInt8 = 0xBF

    /// The index of the first byte that makes the stream invalid, or nil.
    mutating func firstInvalid(in chunk: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = chunk.baseAddress else { return nil }
        let count = chunk.count
        var i = 0
        while i < count {
            if pending == 0 {
                // Fast path: 32 ASCII bytes at once, then eight.
                let raw = UnsafeRawPointer(base)
                while i + 32 <= count {
                    let words = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                        | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                    if words & 0x8080_8080_8080_8080 != 0 { break }
                    i += 32
                }
                while i + 8 <= count {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                guard i < count else { return nil }
                let lead = base[i]
                switch lead {
                case 0x00...0x7F: break
                case 0xC2...0xDF: pending = 1; low = 0x80; high = 0xBF
                case 0xE0: pending = 2; low = 0xA0; high = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: pending = 2; low = 0x80; high = 0xBF
                case 0xED: pending = 2; low = 0x80; high = 0x9F
                case 0xF0: pending = 3; low = 0x90; high = 0xBF
                case 0xF1...0xF3: pending = 3; low = 0x80; high = 0xBF
                case 0xF4: pending = 3; low = 0x80; high = 0x8F
                default: return i
                }
                i += 1
            } else {
                let byte = base[i]
                guard byte >= low && byte <= high else { return i }
                low = 0x80; high = 0xBF
                pending -= 1
                i += 1
            }
        }
        return nil
    }

    /// True when the stream ended inside a multi-byte sequence.
    var isInsideSequence: Bool { pending > 0 }
}
