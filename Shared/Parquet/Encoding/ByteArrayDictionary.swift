#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPrefetch

/// The distinct values of a BYTE_ARRAY column chunk, in first-seen order, with an open-addressing index.
///
/// Entries are kept PLAIN-encoded (4-byte little-endian length, then the bytes) in one buffer, which is
/// therefore the dictionary page body as it goes into the file.
final class ByteArrayDictionary {
    /// The dictionary page body.
    let plain = ByteBuffer(capacity: 4096)
    private(set) var count = 0
    private var entryOffsets: [Int] = []  // of each entry's bytes (after its length) in `plain`
    /// Two words per slot: (hash's low 32 bits << 32 | entry index + 1), 0 when empty; then the offset of
    /// the entry's bytes in `plain`. With hash and offset in the slot, a lookup touches the slot's cache line
    /// and the entry's bytes, nothing else. The slot number is also taken from the hash's low bits, so growing
    /// the table moves slots without rehashing or reading any entry.
    private var table = DictionarySlots()
    private var slots: UnsafeMutablePointer<UInt64> { table.words }
    private var slotMask: Int { table.mask }

    init() {}

    deinit { table.release() }

    /// Forgets every entry. Keeping the capacity clears the buffers in place, for a next chunk that will likely
    /// grow as large; otherwise large buffers are given back (a dictionary given up does not need them).
    func removeAll(keepingCapacity: Bool = true) {
        plain.removeAll(keepingCapacity: keepingCapacity)
        count = 0
        entryOffsets.removeAll(keepingCapacity: keepingCapacity)
        table.removeAll(keepingCapacity: keepingCapacity)
    }

    /// The bytes of entry `index`.
    @inline(__always)
    func entry(_ index: Int) -> UnsafeRawBufferPointer {
        let offset = entryOffsets[index]
        let length = Int(plain.base.loadUnaligned(fromByteOffset: offset - 4, as: UInt32.self).littleEndian)
        return UnsafeRawBufferPointer(start: plain.base + offset, count: length)
    }

    /// Whether the table has outgrown a core's fast caches (512 KiB of slots, from 8,192 entries on), so
    /// that lookups wait on memory and prefetching them pays; below that, the hints only cost time.
    var outgrowsCache: Bool { slotMask >= (1 << 15) - 1 }

    /// The hash a lookup of `bytes` starts from.
    @inline(__always)
    func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        ByteHashing.hash(bytes.baseAddress ?? UnsafeRawPointer(plain.base), bytes.count)
    }

    /// Starts loading the slot that a lookup with `hash` reads first. A hint only: the table may change
    /// before the lookup, which then simply waits as it would have.
    @inline(__always)
    func prefetchSlot(_ hash: UInt64) {
        cprefetch_read(slots + 2 * (Int(truncatingIfNeeded: hash) & slotMask))
    }

    /// Reads that slot (loaded by `prefetchSlot` some values earlier) and, when it holds an entry with the
    /// same hash bits, starts loading the entry's bytes, which the lookup compares next.
    @inline(__always)
    func prefetchEntry(_ hash: UInt64) {
        let slot = Int(truncatingIfNeeded: hash) & slotMask
        if slots[2 * slot] & 0xFFFF_FFFF_0000_0000 == hash << 32 {
            cprefetch_read(plain.base + Int(truncatingIfNeeded: slots[2 * slot + 1]) - 4)
        }
    }

    /// The index of `bytes`, adding it when new; `isNew` tells which.
    @inline(__always)
    func index(of bytes: UnsafeRawBufferPointer, isNew: inout Bool) -> UInt32 {
        index(of: bytes, hash: hash(bytes), isNew: &isNew)
    }

    /// The index of `bytes` whose `hash(_:)` is `hash`, adding it when new; `isNew` tells which.
    @inline(__always)
    func index(of bytes: UnsafeRawBufferPointer, hash: UInt64, isNew: inout Bool) -> UInt32 {
        let length = bytes.count
        let tag = hash << 32
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        while true {
            let stored = slots[2 * slot]
            if stored == 0 { break }
            if stored & 0xFFFF_FFFF_0000_0000 == tag {
                let candidate = Int(truncatingIfNeeded: stored & 0xFFFF_FFFF) - 1
                let offset = Int(truncatingIfNeeded: slots[2 * slot + 1])
                let candidateLength = Int(plain.base.loadUnaligned(fromByteOffset: offset - 4, as: UInt32.self).littleEndian)
                if candidateLength == length && Self.equal(plain.base + offset, bytes.baseAddress, length) {
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
        slots[2 * slot] = tag | UInt64(index + 1)
        slots[2 * slot + 1] = UInt64(plain.count - length)
        count += 1
        if count * 2 > slotMask { growSlots() }
        isNew = true
        return UInt32(index)
    }

    /// Compares short values word by word in place; a call to memcmp costs more than the comparison for the
    /// ids and URLs that fill these dictionaries.
    @inline(__always)
    private static func equal(_ stored: UnsafeRawPointer, _ candidate: UnsafeRawPointer?, _ length: Int) -> Bool {
        guard let candidate, length > 0 else { return true }
        if length >= 8 {
            var offset = 0
            while offset &+ 8 <= length {
                if stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    != candidate.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
                offset &+= 8
            }
            return offset == length
                || stored.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
                    == candidate.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
        }
        if length >= 4 {
            return stored.loadUnaligned(as: UInt32.self) == candidate.loadUnaligned(as: UInt32.self)
                && stored.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
                    == candidate.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
        }
        return memcmp(stored, candidate, length) == 0
    }

    /// The slot number comes from the stored hash bits, so entries move without being read or rehashed.
    private func growSlots() {
        table.grow { slots, slotMask, newSlots, newMask in
            for slotIndex in 0...slotMask where slots[2 * slotIndex] != 0 {
                var slot = Int(truncatingIfNeeded: slots[2 * slotIndex] >> 32) & newMask
                while newSlots[2 * slot] != 0 { slot = (slot + 1) & newMask }
                newSlots[2 * slot] = slots[2 * slotIndex]
                newSlots[2 * slot + 1] = slots[2 * slotIndex + 1]
            }
        }
    }
}
