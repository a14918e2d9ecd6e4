/// A fixed set of byte strings (a contract's valid values) asked about cells in place: the cell is looked up
/// as the reader's borrowed bytes, with no array or hash per cell. Members are kept sorted by length, then
/// bytes, and found by binary search.
final class ByteStringSet: @unchecked Sendable {
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
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    func contains(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
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
