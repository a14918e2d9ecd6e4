/// The distinct values of an INT32, INT64 or DOUBLE column chunk, in first-seen order, keyed by bit pattern
/// (so -0.0 and 0.0, and NaNs with different payloads, stay distinct, as a PLAIN page would keep them).
final class FixedWidthDictionary {
    private(set) var values: [UInt64] = []
    /// Two words per slot: the value's bits, then entry index + 1 (0 when empty), so a lookup touches one line.
    private var table = DictionarySlots()
    private var slots: UnsafeMutablePointer<UInt64> { table.words }
    private var slotMask: Int { table.mask }

    init() {}

    deinit { table.release() }

    var count: Int { values.count }

    /// Forgets every value (see `DictionarySlots.removeAll` for what happens to the table).
    func removeAll(keepingCapacity: Bool = true) {
        values.removeAll(keepingCapacity: keepingCapacity)
        table.removeAll(keepingCapacity: keepingCapacity)
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
        let values = self.values
        table.grow { _, _, newSlots, newMask in
            for (index, bits) in values.enumerated() {
                var slot = Int(truncatingIfNeeded: ByteHashing.mix(bits)) & newMask
                while newSlots[2 * slot + 1] != 0 { slot = (slot + 1) & newMask }
                newSlots[2 * slot] = bits
                newSlots[2 * slot + 1] = UInt64(index + 1)
            }
        }
    }
}
