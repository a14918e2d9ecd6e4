import CPrefetch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The set of keys seen by a uniqueness check, as 62-bit fingerprints in an open-addressing table: 8 bytes a
/// key at most 70 % load, grown by doubling up to `maximumKeys`. When that bound is reached the check stops
/// and says so (`skipped: too many keys`) instead of growing without bound or guessing.
///
/// Two different keys share a fingerprint with probability about n²/2⁶³ (≈ 7·10⁻⁶ for 10 million keys), which
/// would be reported as a duplicate; the report names the method (`fingerprint-62`).
///
/// Millions of keys make the table far larger than the cache, so an insert waits on memory: `prefetch` starts
/// loading a key's slot early, and the caller does other work (the row's cell checks) before `insert`. Tables
/// of 2 MiB and more are aligned to 2 MiB and advised to use huge pages (`madvise`, where the kernel allows
/// them), so those random accesses do not also miss the TLB on every key.
final class KeyFingerprintSet {
    private var slots: UnsafeMutablePointer<UInt64>
    private var capacity: Int
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
        capacity = 1024
        mask = capacity - 1
        slots = Self.allocateTable(capacity)
    }

    deinit { free(slots) }

    private static let hugePage = 2 << 20

    /// A zeroed table of `count` slots (freed with `free`).
    private static func allocateTable(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        let bytes = count * MemoryLayout<UInt64>.stride
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, bytes >= hugePage ? hugePage : 64, bytes) == 0, let raw else {
            fatalError("cannot allocate \(bytes) bytes for a uniqueness table")
        }
        #if canImport(Glibc)
        if bytes >= hugePage { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        #endif
        memset(raw, 0, bytes)
        return raw.bindMemory(to: UInt64.self, capacity: count)
    }

    @inline(__always)
    private static func home(_ hash: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: (hash & ~repeatedFlag) >> 20) & mask }

    /// Starts loading the slot `insert(hash)` will look at first.
    @inline(__always)
    func prefetch(_ hash: UInt64) {
        if !overflowed { cprefetch_read(slots + Self.home(hash, mask)) }
    }

    /// Records a key; false when it was seen before.
    @discardableResult
    func insert(_ hash: UInt64) -> Bool {
        if overflowed { return true }
        let fingerprint = (hash & ~Self.repeatedFlag) | 1
        var index = Self.home(hash, mask)
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
            free(slots)
            slots = Self.allocateTable(1)
            capacity = 1
            mask = 0
            return true
        }
        slots[index] = fingerprint
        count += 1
        if count * 10 > capacity * 7 { grow() }
        return true
    }

    /// Records the keys of a block's rows in row order (`hashes[row]` where `live[row]`), with the slot of the key
    /// `distance` rows ahead already loading; `repeated[row]` says whether the row's key was seen before. Returns
    /// how many rows were looked at: all of them, or up to the one whose key reached `maximumKeys` (as
    /// `insert` row by row, nothing is recorded after that).
    func insert(rows count: Int, hashes: UnsafePointer<UInt64>, live: UnsafePointer<Bool>, repeated: UnsafeMutablePointer<Bool>) -> Int {
        let distance = 16
        for row in 0..<min(distance, count) where live[row] { prefetch(hashes[row]) }
        for row in 0..<count {
            if overflowed { return row }
            let ahead = row + distance
            if ahead < count && live[ahead] { prefetch(hashes[ahead]) }
            repeated[row] = live[row] && !insert(hashes[row])
        }
        return count
    }

    /// Makes room for `keys` keys at once (at most `maximumKeys`), so a table expected to grow large is
    /// allocated once instead of doubled step by step: no rehashing, and never the old and the new table of the
    /// last doubling in memory together.
    func reserve(_ keys: Int) {
        guard !overflowed else { return }
        var wanted = capacity
        let keys = min(keys, maximumKeys)
        while keys * 10 > wanted * 7 { wanted *= 2 }
        if wanted > capacity { grow(to: wanted) }
    }

    private func grow() { grow(to: capacity * 2) }

    private func grow(to newCapacity: Int) {
        let old = slots
        let oldCapacity = capacity
        capacity = newCapacity
        mask = capacity - 1
        slots = Self.allocateTable(capacity)
        for position in 0..<oldCapacity where old[position] != 0 {
            let slot = old[position]
            var index = Self.home(slot, mask)
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
        free(old)
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
