/// A fixed set of byte strings (a contract's valid values) asked about cells in place: the cell is looked up
/// as the reader's borrowed bytes, with no array or hash per cell. Members are kept sorted by length, then
/// bytes, and found by binary search. Members and values of up to 15 bytes are compared as two words instead
/// (the bytes and the length packed in 16 bytes), the common case of status codes and other short enumerations.
final class ByteStringSet: @unchecked Sendable {
    /// Every member of up to 15 bytes as its packed words (`packed`), sorted.
    private let short: UnsafeMutableBufferPointer<Packed>
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    /// Member `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private let starts: UnsafeMutableBufferPointer<Int>
    let count: Int

    init<S: Sequence>(_ members: S) where S.Element == [UInt8] {
        let sorted = Set(members).sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
        count = sorted.count
        bytes = .allocate(capacity: max(sorted.reduce(0) { $0 + $1.count }, 1))
        starts = .allocate(capacity: sorted.count + 1)
        var offset = 0
        for (index, member) in sorted.enumerated() {
            starts[index] = offset
            for byte in member { bytes[offset] = byte; offset += 1 }
        }
        starts[sorted.count] = offset
        let packed = sorted.filter { $0.count <= 15 }.map { $0.withUnsafeBufferPointer { Self.packed($0) } }.sorted()
        short = .allocate(capacity: packed.count)
        _ = short.initialize(from: packed)
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        short.deallocate()
    }

    /// Up to 15 bytes as (the first 8 bytes, the next 7 and the length in the top byte), zero-padded, so two
    /// byte strings are equal exactly when their packed words are.
    struct Packed: Comparable {
        var low: UInt64
        var high: UInt64
        static func < (a: Packed, b: Packed) -> Bool { (a.high, a.low) < (b.high, b.low) }
    }

    @inline(__always)
    static func packed(_ value: UnsafeBufferPointer<UInt8>) -> Packed {
        var words: (UInt64, UInt64) = (0, 0)
        if let base = value.baseAddress {
            withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base, byteCount: value.count) }
        }
        return Packed(low: UInt64(littleEndian: words.0), high: UInt64(littleEndian: words.1) | UInt64(value.count) << 56)
    }

    func contains(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if value.count <= 15 {
            let key = Self.packed(value)
            var low = 0, high = short.count
            while low < high {
                let middle = (low + high) / 2
                let member = short[middle]
                if member == key { return true }
                if member < key { low = middle + 1 } else { high = middle }
            }
            return false
        }
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            let order = compare(member: middle, value)
            if order == 0 { return true }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return false
    }

    /// The order of member `index` against `value` (length first, then bytes): negative, zero or positive.
    @inline(__always)
    private func compare(member index: Int, _ value: UnsafeBufferPointer<UInt8>) -> Int {
        let start = starts[index]
        let length = starts[index + 1] - start
        if length != value.count { return length - value.count }
        for offset in 0..<length where bytes[start + offset] != value[offset] {
            return Int(bytes[start + offset]) - Int(value[offset])
        }
        return 0
    }
}
