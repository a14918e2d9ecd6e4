/// The set of keys seen by a uniqueness check, as 62-bit fingerprints in an open-addressing table: 8 bytes a
/// key at most 70 % load, grown by doubling up to `maximumKeys`. When that bound is reached the check stops
/// and says so (`skipped: too many keys`) instead of growing without bound or guessing.
///
/// Two different keys share a fingerprint with probability about n²/2⁶³ (≈ 7·10⁻⁶ for 10 million keys), which
/// would be reported as a duplicate; the report names the method (`fingerprint-62`).
struct KeyFingerprintSet {
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0
    let maximumKeys: Int
    private(set) var overflowed = false
    /// Keys seen more than once (counted once each), and rows repeating an earlier key.
    private(set) var duplicateKeys = 0
    private(set) var duplicateRows = 0

    private static let repeatedFlag: UInt64 = 1 << 63

    init(maximumKeys: Int) {
        self.maximumKeys = maximumKeys
        slots = [UInt64](repeating: 0, count: 1024)
        mask = 1023
    }

    /// Records a key; false when it was seen before.
    @discardableResult
    mutating func insert(_ hash: UInt64) -> Bool {
        if overflowed { return true }
        let fingerprint = (hash & ~Self.repeatedFlag) | 1
        var index = Int(truncatingIfNeeded: hash >> 20) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if slot & ~Self.repeatedFlag == fingerprint {
                duplicateRows += 1
                if slot & Self.repeatedFlag == 0 {
                    duplicateKeys += 1
                    slots[index] = slot | Self.repeatedFlag
                }
                return false
            }
            index = (index + 1) & mask
        }
        if count >= maximumKeys {
            overflowed = true
            slots = []
            return true
        }
        slots[index] = fingerprint
        count += 1
        if count * 10 > slots.count * 7 { grow() }
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot != 0 {
            var index = Int(truncatingIfNeeded: (slot & ~Self.repeatedFlag) >> 20) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}

/// A 64-bit hash of key bytes (multiply-rotate over 8-byte words, then a final avalanche), with a field
/// separator mixed in so ("ab","c") and ("a","bc") differ.
struct KeyHasher {
    private(set) var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func combine(_ bytes: UnsafeBufferPointer<UInt8>) {
        var i = 0
        let count = bytes.count
        if let base = bytes.baseAddress {
            while i + 8 <= count {
                mix(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < count { tail |= UInt64(base[i]) << shift; shift += 8; i += 1 }
            mix(tail ^ (UInt64(count) << 56))
        }
        mix(0xA5A5_A5A5_0000_0000 | UInt64(truncatingIfNeeded: count))
    }

    mutating func combineNull() { mix(0x4E55_4C4C_4E55_4C4C) }

    private mutating func mix(_ word: UInt64) {
        state = (state ^ (word &* 0xBF58_476D_1CE4_E5B9)).rotatedLeft(27) &* 0x94D0_49BB_1331_11EB
    }

    var finalized: UInt64 {
        var x = state
        x ^= x >> 33; x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33; x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
