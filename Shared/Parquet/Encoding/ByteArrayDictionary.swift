#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The distinct values of a BYTE_ARRAY column chunk, in first-seen order, with an open-addressing index.
///
/// Entries are kept PLAIN-encoded (4-byte little-endian length, then the bytes) in one buffer, which is
/// therefore the dictionary page body as it goes into the file.
final class ByteArrayDictionary {
    /// The dictionary page body.
    let plain = ByteBuffer(capacity: 4096)
    private(set) var count = 0
    private var entryOffsets: [Int] = []  // of each entry's bytes (after its length) in `plain`
    private var entryHashes: [UInt32] = []
    private var slots: UnsafeMutablePointer<Int32>  // entry index + 1; 0 is empty
    private var slotMask: Int

    init() {
        slotMask = 1023
        slots = .allocate(capacity: slotMask + 1)
        slots.initialize(repeating: 0, count: slotMask + 1)
    }

    deinit { slots.deallocate() }

    func removeAll() {
        plain.removeAll()
        count = 0
        entryOffsets.removeAll(keepingCapacity: true)
        entryHashes.removeAll(keepingCapacity: true)
        slots.update(repeating: 0, count: slotMask + 1)
    }

    /// The bytes of entry `index`.
    @inline(__always)
    func entry(_ index: Int) -> UnsafeRawBufferPointer {
        let offset = entryOffsets[index]
        let length = Int(plain.base.loadUnaligned(fromByteOffset: offset - 4, as: UInt32.self).littleEndian)
        return UnsafeRawBufferPointer(start: plain.base + offset, count: length)
    }

    /// The index of `bytes`, adding it when new; `isNew` tells which.
    @inline(__always)
    func index(of bytes: UnsafeRawBufferPointer, isNew: inout Bool) -> UInt32 {
        let length = bytes.count
        let hash = ByteHashing.hash(bytes.baseAddress ?? UnsafeRawPointer(plain.base), length)
        let shortHash = UInt32(truncatingIfNeeded: hash >> 32)
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { break }
            let candidate = stored - 1
            if entryHashes[candidate] == shortHash {
                let offset = entryOffsets[candidate]
                let candidateLength = Int(plain.base.loadUnaligned(fromByteOffset: offset - 4, as: UInt32.self).littleEndian)
                if candidateLength == length
                    && (length == 0 || memcmp(plain.base + offset, bytes.baseAddress!, length) == 0) {
                    isNew = false
                    return UInt32(candidate)
                }
            }
            slot = (slot + 1) & slotMask
        }
        let index = count
        plain.appendLittleEndian(UInt32(length))
        entryOffsets.append(plain.count)
        plain.append(bytes)
        entryHashes.append(shortHash)
        slots[slot] = Int32(index + 1)
        count += 1
        if count * 2 > slotMask { growSlots() }
        isNew = true
        return UInt32(index)
    }

    private func growSlots() {
        let newMask = slotMask * 2 + 1
        let newSlots = UnsafeMutablePointer<Int32>.allocate(capacity: newMask + 1)
        newSlots.initialize(repeating: 0, count: newMask + 1)
        for index in 0..<count {
            let offset = entryOffsets[index]
            let length = Int(plain.base.loadUnaligned(fromByteOffset: offset - 4, as: UInt32.self).littleEndian)
            var slot = Int(truncatingIfNeeded: ByteHashing.hash(plain.base + offset, length)) & newMask
            while newSlots[slot] != 0 { slot = (slot + 1) & newMask }
            newSlots[slot] = Int32(index + 1)
        }
        slots.deallocate()
        slots = newSlots
        slotMask = newMask
    }
}
