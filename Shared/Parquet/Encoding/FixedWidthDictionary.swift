/// The distinct values of an INT32, INT64 or DOUBLE column chunk, in first-seen order, keyed by bit pattern
/// (so -0.0 and 0.0, and NaNs with different payloads, stay distinct, as a PLAIN page would keep them).
final class FixedWidthDictionary {
    private(set) var values: [UInt64] = []
    private var slots: UnsafeMutablePointer<Int32>  // entry index + 1; 0 is empty
    private var slotMask: Int

    init() {
        slotMask = 1023
        slots = .allocate(capacity: slotMask + 1)
        slots.initialize(repeating: 0, count: slotMask + 1)
    }

    deinit { slots.deallocate() }

    var count: Int { values.count }

    func removeAll() {
        values.removeAll(keepingCapacity: true)
        slots.update(repeating: 0, count: slotMask + 1)
    }

    @inline(__always)
    func index(of bits: UInt64, isNew: inout Bool) -> UInt32 {
        var slot = Int(truncatingIfNeeded: ByteHashing.mix(bits)) & slotMask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { break }
            if values[stored - 1] == bits {
                isNew = false
                return UInt32(stored - 1)
            }
            slot = (slot + 1) & slotMask
        }
        let index = values.count
        values.append(bits)
        slots[slot] = Int32(index + 1)
        if values.count * 2 > slotMask { growSlots() }
        isNew = true
        return UInt32(index)
    }

    private func growSlots() {
        let newMask = slotMask * 2 + 1
        let newSlots = UnsafeMutablePointer<Int32>.allocate(capacity: newMask + 1)
        newSlots.initialize(repeating: 0, count: newMask + 1)
        for (index, bits) in values.enumerated() {
            var slot = Int(truncatingIfNeeded: ByteHashing.mix(bits)) & newMask
            while newSlots[slot] != 0 { slot = (slot + 1) & newMask }
            newSlots[slot] = Int32(index + 1)
        }
        slots.deallocate()
        slots = newSlots
        slotMask = newMask
    }
}
