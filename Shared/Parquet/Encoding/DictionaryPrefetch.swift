/// Runs the lookups of a range of values in a large `ByteArrayDictionary` with the memory of later lookups
/// already on its way.
///
/// A dictionary of 100,000 session ids does not fit a core's caches, so each lookup waits twice: on its slot,
/// then on the entry's bytes. While value `i` is looked up, value `i + 16` is hashed and its slot prefetched,
/// and value `i + 8`'s slot (prefetched eight values ago) is read and its entry prefetched; by the time a
/// value's turn comes both are mostly in cache, and the waits of sixteen lookups overlap instead of adding
/// up. Each hash is computed once and kept in a ring until its lookup.
///
/// The prefetches are hints: when the table grows or the dictionary is given up in between, a lookup only
/// waits as it would have, and its result never depends on them.
enum DictionaryPrefetch {
    static let slotDistance = 16
    static let entryDistance = 8
    private static let ringMask = 31

    /// Calls `body(index, hash)` for every index of `range` in order, where `hash` is `hashOf(index)`
    /// (any value for a null, which `body` handles without a lookup).
    @inline(__always)
    static func forEach(
        _ range: Range<Int>, in dictionary: ByteArrayDictionary, hashOf: (Int) -> UInt64,
        _ body: (Int, UInt64) throws(ParquetError) -> Void
    ) throws(ParquetError) {
        var ring = (
            UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
            UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
            UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
            UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        try withUnsafeMutableBytes(of: &ring) { (raw) throws(ParquetError) in
            let hashes = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            @inline(__always) func startLookup(_ index: Int) {
                let hash = hashOf(index)
                hashes[index & ringMask] = hash
                dictionary.prefetchSlot(hash)
            }
            let lower = range.lowerBound
            let upper = range.upperBound
            for index in lower..<min(upper, lower + slotDistance) { startLookup(index) }
            for index in lower..<min(upper, lower + entryDistance) { dictionary.prefetchEntry(hashes[index & ringMask]) }
            for index in range {
                if index + slotDistance < upper { startLookup(index + slotDistance) }
                if index + entryDistance < upper { dictionary.prefetchEntry(hashes[(index + entryDistance) & ringMask]) }
                try body(index, hashes[index & ringMask])
            }
        }
    }
}
