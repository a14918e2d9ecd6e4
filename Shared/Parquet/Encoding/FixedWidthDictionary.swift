#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The distinct values of an INT32, INT64 or DOUBLE column chunk, in first-seen order, keyed by bit pattern
/// (so -0.0 and 0.0, and NaNs with different payloads, stay distinct, as a PLAIN page would keep them).
final class FixedWidthDictionary {
    private(set) var values: [UInt64] = []
    /// Two words per slot: the value's bits, then entry index + 1 (0 when empty), so a lookup touches one line.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotMask: Int

    private static let initialSlotMask = 1023

    init() {
        slotMask = Self.initialSlotMask
        slots = Self.zeroedSlots(slotMask + 1)
    }

    deinit { free(slots) }

    /// calloc: a large table comes from fresh pages that are already zero, so nothing is written to clear it.
    private static func zeroedSlots(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        guard let memory = calloc(2 * count, MemoryLayout<UInt64>.stride) else {
            fatalError("out of memory allocating a dictionary of \(count) slots")
        }
        return memory.assumingMemoryBound(to: UInt64.self)
    }

    var count: Int { values.count }

    /// Forgets every value. Keeping the capacity clears the table in place, for a next chunk that will likely
    /// grow as large; otherwise a large table is given back (a dictionary given up does not need it).
    func removeAll(keepingCapacity: Bool = true) {
        values.removeAll(keepingCapacity: keepingCapacity)
        if keepingCapacity || slotMask == Self.initialSlotMask {
            slots.update(repeating: 0, count: 2 * (slotMask + 1))
        } else {
            free(slots)
            slotMask = Self.initialSlotMask
            slots = Self.zeroedSlots(slotMask + 1)
        }
    }

    @inline(__always)
    func index(of bits: UInt64, isNew: inout Bool) -> UInt32 {
        var slot = Int(truncatingIfNeeded: ByteHashing.mix(bits)) & slotMask
        while true {
            let stored = slots[2 * slot + 1]
            if stored == 0 { break }
            if slots[2 * slot] == bits {
                isNew = false
                return UInt32(truncatingIfNeeded: stored - 1)
            }
            slot = (slot + 1) & slotMask
        }
        let index = values.count
        values.append(bits)
        slots[2 * slot] = bits
        slots[2 * slot + 1] = UInt64(index + 1)
        if values.count * 2 > slotMask { growSlots() }
        isNew = true
        return UInt32(index)
    }

    private func growSlots() {
        let newMask = slotMask * 2 + 1
        let newSlots = Self.zeroedSlots(newMask + 1)
        for (index, bits) in values.enumerated() {
            var slot = Int(truncatingIfNeeded: ByteHashing.mix(bits)) & newMask
            while newSlots[2 * slot + 1] != 0 { slot = (slot + 1) & newMask }
            newSlots[2 * slot] = bits
            newSlots[2 * slot + 1] = UInt64(index + 1)
        }
        free(slots)
        slots = newSlots
        slotMask = newMask
    }
}
