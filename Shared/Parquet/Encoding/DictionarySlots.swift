#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The open-addressing table behind both dictionaries: a power-of-two number of slots of two 64-bit words
/// each, in one block from `calloc`, so a large table comes from fresh pages that are already zero and nothing
/// is written to clear it. What the two words hold is the dictionary's business; a slot whose words are both
/// zero is empty. The owner frees the block in its `deinit` (`release()`).
struct DictionarySlots {
    private(set) var words: UnsafeMutablePointer<UInt64>
    /// Slot count minus one.
    private(set) var mask: Int

    static let initialMask = 1023

    init() {
        mask = Self.initialMask
        words = Self.zeroed(slotCount: mask + 1)
    }

    func release() { free(words) }

    /// Empties the table. Keeping the capacity clears it in place, for a next chunk that will likely grow as
    /// large; otherwise a large table is given back (a dictionary given up does not need it).
    mutating func removeAll(keepingCapacity: Bool) {
        if keepingCapacity || mask == Self.initialMask {
            words.update(repeating: 0, count: 2 * (mask + 1))
        } else {
            free(words)
            mask = Self.initialMask
            words = Self.zeroed(slotCount: mask + 1)
        }
    }

    /// Doubles the table: `refill` moves every entry from the old words into the new, empty ones (with the new
    /// mask); the old block is freed afterwards.
    mutating func grow(_ refill: (_ old: UnsafeMutablePointer<UInt64>, _ oldMask: Int, _ new: UnsafeMutablePointer<UInt64>, _ newMask: Int) -> Void) {
        let newMask = mask * 2 + 1
        let newWords = Self.zeroed(slotCount: newMask + 1)
        refill(words, mask, newWords, newMask)
        free(words)
        words = newWords
        mask = newMask
    }

    private static func zeroed(slotCount: Int) -> UnsafeMutablePointer<UInt64> {
        guard let memory = calloc(2 * slotCount, MemoryLayout<UInt64>.stride) else {
            fatalError("out of memory allocating a dictionary of \(slotCount) slots")
        }
        return memory.assumingMemoryBound(to: UInt64.self)
    }
}
