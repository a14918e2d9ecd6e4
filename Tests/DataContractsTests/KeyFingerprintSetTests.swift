import Testing
import TestSupport
@testable import DataContracts

/// The uniqueness table answers the same whether it grows by doubling, is sized up front (`reserve`) or is fed a
/// block at a time, and stops at `maximumKeys` the same way.
@Suite struct KeyFingerprintSetTests {
    static func keys(_ count: Int, distinct: Int, seed: UInt64) -> [UInt64] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var hasher = KeyHasher()
            var key = random.next() % UInt64(distinct)
            withUnsafeBytes(of: &key) { hasher.combine($0.bindMemory(to: UInt8.self)) }
            return hasher.finalized
        }
    }

    /// Row by row: (was the key new, duplicate rows, duplicate keys, overflowed) after each insert.
    static func oneByOne(_ set: KeyFingerprintSet, _ keys: [UInt64]) -> [[Int]] {
        keys.map { key in
            let new = set.insert(key)
            return [new ? 1 : 0, set.duplicateRows, set.duplicateKeys, set.overflowed ? 1 : 0]
        }
    }

    @Test func reservedTablesAnswerAsGrownOnes() {
        let keys = Self.keys(60_000, distinct: 40_000, seed: 1)
        let grown = Self.oneByOne(KeyFingerprintSet(maximumKeys: 1_000_000), keys)
        for reserved in [10, 30_000, 100_000, 5_000_000] {
            let set = KeyFingerprintSet(maximumKeys: 1_000_000)
            set.reserve(reserved)
            #expect(Self.oneByOne(set, keys) == grown, "reserved \(reserved)")
        }
        let midway = KeyFingerprintSet(maximumKeys: 1_000_000)
        let first = Self.oneByOne(midway, Array(keys[..<20_000]))
        midway.reserve(80_000)
        #expect(first + Self.oneByOne(midway, Array(keys[20_000...])) == grown)
    }

    @Test func blocksAnswerAsSingleInsertsUpToTheLimit() {
        let keys = Self.keys(5_000, distinct: 3_000, seed: 2)
        let single = KeyFingerprintSet(maximumKeys: 2_000)
        let expected = Self.oneByOne(single, keys)
        let blocks = KeyFingerprintSet(maximumKeys: 2_000)
        blocks.reserve(1_000_000)  // capped at the limit
        var repeated = [Bool](repeating: false, count: 512)
        let live = [Bool](repeating: true, count: 512)
        var answers: [Bool] = []
        var start = 0
        while start < keys.count {
            let count = min(512, keys.count - start)
            let looked = keys[start..<(start + count)].withContiguousStorageIfAvailable { hashes in
                blocks.insert(rows: count, hashes: hashes.baseAddress!, live: live, repeated: &repeated)
            }!
            answers += repeated[..<looked]
            if looked < count { break }
            start += count
        }
        let lookedAt = expected.firstIndex { $0[3] == 1 }.map { $0 + 1 } ?? keys.count
        #expect(answers == expected[..<lookedAt].map { $0[0] == 0 })
        #expect(blocks.overflowed && single.overflowed)
        #expect(blocks.duplicateRows == single.duplicateRows && blocks.duplicateKeys == single.duplicateKeys)
    }
}
