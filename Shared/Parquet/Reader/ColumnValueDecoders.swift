/// `Encoding` numbers of parquet.thrift that the value decoders dispatch on.
enum ValueEncoding {
    static let plain: Int32 = 0
    static let plainDictionary: Int32 = 2
    static let rle: Int32 = 3
    static let bitPacked: Int32 = 4
    static let deltaBinaryPacked: Int32 = 5
    static let deltaLengthByteArray: Int32 = 6
    static let deltaByteArray: Int32 = 7
    static let rleDictionary: Int32 = 8
    static let byteStreamSplit: Int32 = 9

    static func name(_ encoding: Int32) -> String {
        switch encoding {
        case 0: "PLAIN"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        default: "encoding \(encoding)"
        }
    }

    static func isDictionary(_ encoding: Int32) -> Bool { encoding == plainDictionary || encoding == rleDictionary }
}

/// Receives one column chunk's values page by page: into buffers sized for the whole chunk, or (after `reset`)
/// into buffers that hold one page and are reused for the next.
protocol ColumnValueDecoder: AnyObject {
    /// Starts over with room for `capacity` values, keeping the dictionary and the buffers' storage (a page at a
    /// time: the previous page's values must have been released, or its storage is copied).
    func reset(capacity: Int)
    /// Bytes the decoder holds: value buffers, the dictionary and scratch.
    var heldBytes: Int { get }
    /// A dictionary page: `count` PLAIN entries.
    func readDictionary(_ page: UnsafeRawBufferPointer, count: Int) throws(ParquetError)
    /// The values section of a data page holding `count` non-null values.
    func readValues(_ data: UnsafeRawBufferPointer, count: Int, encoding: Int32) throws(ParquetError)
    func finish() -> ParquetLeafValues
    /// Starts reading a data page's values in parts (`readNextValues`), so a page of many values need not be
    /// decoded at once; false for encodings read whole (DELTA_*, BYTE_STREAM_SPLIT, booleans). `data` must stay
    /// valid until the page's last part is read.
    func beginValues(_ data: UnsafeRawBufferPointer, encoding: Int32) throws(ParquetError) -> Bool
    /// The next `count` values of the page `beginValues` started.
    func readNextValues(count: Int) throws(ParquetError)
}

/// Where a data page read in parts stands: its values section, encoding, and the bytes used so far.
struct PageValueCursor {
    var data: UnsafeRawBufferPointer
    var encoding: Int32
    var offset = 0

    /// Whether values in `encoding` can be read in parts by the decoders (PLAIN and dictionary indices).
    static func readsInParts(_ encoding: Int32) -> Bool {
        encoding == ValueEncoding.plain || ValueEncoding.isDictionary(encoding)
    }

    /// A cursor for a page whose values are read in parts, or nil when `encoding` is read whole.
    static func begin(_ data: UnsafeRawBufferPointer, encoding: Int32, indices: DictionaryIndexDecoder) throws(ParquetError) -> PageValueCursor? {
        guard readsInParts(encoding) else { return nil }
        if ValueEncoding.isDictionary(encoding) { try indices.begin(data) }
        return PageValueCursor(data: data, encoding: encoding)
    }

    /// Reads the next `count` values with the decoder's `read` (dictionary indices continue in the index
    /// decoder; PLAIN values start where the last part ended and move on by the bytes `plainBytes` says).
    mutating func readNext(
        _ count: Int, read: (UnsafeRawBufferPointer, Int, Int32) throws(ParquetError) -> Void, plainBytes: () -> Int
    ) throws(ParquetError) {
        try read(UnsafeRawBufferPointer(rebasing: data[min(offset, data.count)...]), count, encoding)
        if encoding == ValueEncoding.plain { offset += plainBytes() }
    }
}

extension ColumnValueDecoder {
    static func unsupported(_ encoding: Int32, _ type: ParquetPhysicalType) -> ParquetError {
        .unreadable(.unsupported, "\(ValueEncoding.name(encoding)) is not a valid encoding for \(type) values")
    }

    static func tooMany(_ count: Int, room: Int) -> ParquetError {
        .unreadable(.malformedPage, "a page holds \(count) values but the column chunk declares room for only \(room) more")
    }
}

/// Dictionary indices of a data page: a bit-width byte, then RLE/bit-packed indices, each checked against the
/// dictionary's size once per page.
final class DictionaryIndexDecoder {
    private var scratch: [UInt32] = []
    /// The indices of a page read in parts (`begin`, then `next`).
    private var running: RLEHybridDecoder?

    var heldBytes: Int { scratch.capacity * 4 }

    /// Starts a page whose indices are read in parts.
    func begin(_ data: UnsafeRawBufferPointer) throws(ParquetError) {
        running = nil
        guard data.count >= 1 else { return }
        running = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: data[1...]), bitWidth: Int(data[0]))
    }

    /// The next `count` indices of the page `begin` started.
    func next(count: Int, dictionarySize: Int?) throws(ParquetError) -> UnsafeBufferPointer<UInt32> {
        guard count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        guard var decoder = running else { throw .unreadable(.malformedValues, "dictionary indices are missing") }
        defer { running = decoder }
        return try decode(with: &decoder, count: count, dictionarySize: dictionarySize)
    }

    func decode(_ data: UnsafeRawBufferPointer, count: Int, dictionarySize: Int?) throws(ParquetError) -> UnsafeBufferPointer<UInt32> {
        guard dictionarySize != nil else { throw .unreadable(.malformedPage, "a dictionary-encoded page comes without a dictionary page") }
        guard count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        guard data.count >= 1 else { throw .unreadable(.malformedValues, "dictionary indices are missing") }
        var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: data[1...]), bitWidth: Int(data[0]))
        return try decode(with: &decoder, count: count, dictionarySize: dictionarySize)
    }

    private func decode(with decoder: inout RLEHybridDecoder, count: Int, dictionarySize: Int?) throws(ParquetError) -> UnsafeBufferPointer<UInt32> {
        guard let dictionarySize else { throw .unreadable(.malformedPage, "a dictionary-encoded page comes without a dictionary page") }
        if scratch.count < count { scratch = [UInt32](repeating: 0, count: max(count, scratch.count * 2)) }
        return try scratch.withUnsafeMutableBufferPointer { (buffer) throws(ParquetError) -> UnsafeBufferPointer<UInt32> in
            let out = buffer.baseAddress!
            try decoder.decode(into: out, count: count)
            var largest: UInt32 = 0
            for index in 0..<count { largest = max(largest, out[index]) }
            guard Int(largest) < dictionarySize else {
                var first = 0
                while out[first] != largest { first += 1 }
                throw .unreadable(.malformedValues, "dictionary index \(largest) (value \(first) of the page) is out of range for a dictionary of \(dictionarySize)")
            }
            return UnsafeBufferPointer(start: out, count: count)
        }
    }
}

/// INT32, INT64, INT96, FLOAT and DOUBLE values: PLAIN, dictionary, DELTA_BINARY_PACKED (integers) and
/// BYTE_STREAM_SPLIT.
final class FixedWidthValueDecoder<T: BitwiseCopyable>: ColumnValueDecoder {
    private let type: ParquetPhysicalType
    private var values: [T]
    private var count = 0
    private var dictionary: [T]?
    private let indices = DictionaryIndexDecoder()
    private let wrap: ([T]) -> ParquetLeafValues
    private var cursor: PageValueCursor?

    func beginValues(_ data: UnsafeRawBufferPointer, encoding: Int32) throws(ParquetError) -> Bool {
        cursor = try PageValueCursor.begin(data, encoding: encoding, indices: indices)
        return cursor != nil
    }

    func readNextValues(count n: Int) throws(ParquetError) {
        try cursor?.readNext(n, read: readValues) { n * width }
    }

    init(type: ParquetPhysicalType, capacity: Int, wrap: @escaping ([T]) -> ParquetLeafValues) {
        self.type = type
        self.wrap = wrap
        values = Self.zeroed(capacity)
    }

    static func zeroed(_ count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
            initialized = count
        }
    }

    private var width: Int { MemoryLayout<T>.size }

    func reset(capacity: Int) {
        count = 0
        if values.count < capacity { values += Self.zeroed(capacity - values.count) }
    }

    var heldBytes: Int {
        (values.capacity + (dictionary?.capacity ?? 0)) * MemoryLayout<T>.stride + indices.heldBytes
    }

    func readDictionary(_ page: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        guard page.count / width >= count else {
            throw .unreadable(.malformedValues, "a dictionary of \(count) values needs \(count * width) bytes, the page has \(page.count)")
        }
        var entries = Self.zeroed(count)
        entries.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: page[0..<count * width])) }
        dictionary = entries
    }

    func readValues(_ data: UnsafeRawBufferPointer, count n: Int, encoding: Int32) throws(ParquetError) {
        guard n <= values.count - count else { throw Self.tooMany(n, room: values.count - count) }
        let width = self.width
        let start = count
        switch encoding {
        case ValueEncoding.plain:
            guard data.count / width >= n else {
                throw .unreadable(.malformedValues, "\(n) PLAIN values need \(n * width) bytes, the page has \(data.count)")
            }
            values.withUnsafeMutableBytes { out in
                (out.baseAddress! + start * width).copyMemory(from: data.baseAddress!, byteCount: n * width)
            }
        case ValueEncoding.plainDictionary, ValueEncoding.rleDictionary:
            let picks = cursor != nil
                ? try indices.next(count: n, dictionarySize: dictionary?.count)
                : try indices.decode(data, count: n, dictionarySize: dictionary?.count)
            dictionary!.withUnsafeBufferPointer { entries in
                values.withUnsafeMutableBufferPointer { out in
                    let target = out.baseAddress! + start
                    let source = entries.baseAddress!
                    for index in 0..<n { target[index] = source[Int(picks[index])] }
                }
            }
        case ValueEncoding.deltaBinaryPacked where type == .int32 || type == .int64:
            try values.withMutableBytes { (out) throws(ParquetError) in
                let target = out.baseAddress! + start * width
                if width == 4 {
                    _ = try DeltaBinaryPackedDecoder.decode(data, count: n, into: target.assumingMemoryBound(to: Int32.self))
                } else {
                    _ = try DeltaBinaryPackedDecoder.decode(data, count: n, into: target.assumingMemoryBound(to: Int64.self))
                }
            }
        case ValueEncoding.byteStreamSplit where type != .int96:
            try values.withMutableBytes { (out) throws(ParquetError) in
                try ByteStreamSplitDecoder.decode(data, count: n, width: width, into: out.baseAddress! + start * width)
            }
        default:
            throw Self.unsupported(encoding, type)
        }
        count += n
    }

    func finish() -> ParquetLeafValues {
        values.removeLast(values.count - count)
        return wrap(values)
    }
}

/// BOOLEAN values: PLAIN (bit-packed, LSB first) and RLE (data page v2's default, with a 4-byte length).
final class BooleanValueDecoder: ColumnValueDecoder {
    private var values: [Bool]
    private var count = 0

    init(capacity: Int) { values = [Bool](repeating: false, count: capacity) }

    func reset(capacity: Int) {
        count = 0
        if values.count < capacity { values += repeatElement(false, count: capacity - values.count) }
    }

    var heldBytes: Int { values.capacity }

    func beginValues(_ data: UnsafeRawBufferPointer, encoding: Int32) throws(ParquetError) -> Bool { false }
    func readNextValues(count: Int) throws(ParquetError) {}

    func readDictionary(_ page: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        throw .unreadable(.unsupported, "BOOLEAN columns cannot have a dictionary page")
    }

    func readValues(_ data: UnsafeRawBufferPointer, count n: Int, encoding: Int32) throws(ParquetError) {
        guard n <= values.count - count else { throw Self.tooMany(n, room: values.count - count) }
        let start = count
        switch encoding {
        case ValueEncoding.plain:
            guard data.count >= (n + 7) / 8 else {
                throw .unreadable(.malformedValues, "\(n) PLAIN booleans need \((n + 7) / 8) bytes, the page has \(data.count)")
            }
            values.withUnsafeMutableBufferPointer { out in
                for index in 0..<n { out[start + index] = (data[index >> 3] >> UInt8(index & 7)) & 1 == 1 }
            }
        case ValueEncoding.rle:
            guard data.count >= 4 else { throw .unreadable(.malformedValues, "RLE booleans miss their length") }
            let length = Int(data.loadUnaligned(as: UInt32.self).littleEndian)
            guard length <= data.count - 4 else {
                throw .unreadable(.malformedValues, "RLE booleans claim \(length) bytes, the page has \(data.count - 4)")
            }
            var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: data[4..<4 + length]), bitWidth: 1)
            try values.withUnsafeMutableBufferPointer { (out) throws(ParquetError) in
                try UnsafeMutableRawPointer(out.baseAddress! + start).withMemoryRebound(to: UInt8.self, capacity: n) {
                    (bytes) throws(ParquetError) in try decoder.decode(into: bytes, count: n)
                }
            }
        default:
            throw Self.unsupported(encoding, .boolean)
        }
        count += n
    }

    func finish() -> ParquetLeafValues {
        values.removeLast(values.count - count)
        return .boolean(values)
    }
}

/// BYTE_ARRAY values into one contiguous data buffer plus offsets: PLAIN, dictionary, DELTA_LENGTH_BYTE_ARRAY
/// and DELTA_BYTE_ARRAY.
final class ByteArrayValueDecoder: ColumnValueDecoder {
    private(set) var data: [UInt8]
    private(set) var dataCount = 0
    private(set) var offsets: [Int]
    private(set) var count = 0
    private var dictionaryData: [UInt8] = []
    private var dictionaryOffsets: [Int]?
    private let indices = DictionaryIndexDecoder()
    private var lengths: [Int64] = []
    private var cursor: PageValueCursor?
    /// Bytes the last PLAIN read used.
    private var plainConsumed = 0

    func beginValues(_ data: UnsafeRawBufferPointer, encoding: Int32) throws(ParquetError) -> Bool {
        cursor = try PageValueCursor.begin(data, encoding: encoding, indices: indices)
        return cursor != nil
    }

    func readNextValues(count n: Int) throws(ParquetError) {
        try cursor?.readNext(n, read: readValues) { plainConsumed }
    }

    /// Most data bytes the column may decode to.
    private let limit: Int
    /// Values the buffers are being filled with (the chunk's, or the page's after `reset`).
    private var capacity: Int

    init(capacity: Int, dataCapacity: Int, limit: Int) {
        self.limit = limit
        self.capacity = capacity
        offsets = [Int](repeating: 0, count: capacity + 1)
        data = [UInt8](repeating: 0, count: max(dataCapacity, 64))
    }

    func reset(capacity: Int) {
        count = 0
        dataCount = 0
        self.capacity = capacity
        if offsets.count < capacity + 1 { offsets += repeatElement(0, count: capacity + 1 - offsets.count) }
    }

    var heldBytes: Int {
        data.capacity + offsets.capacity * 8 + dictionaryData.capacity + (dictionaryOffsets?.capacity ?? 0) * 8
            + lengths.capacity * 8 + indices.heldBytes
    }

    /// Bytes kept free past the last value, so short values can be copied as whole 8-byte words.
    static let slack = 16

    /// Makes room for `additional` more data bytes plus the slack. Growth aims at the size the chunk will
    /// reach at the current average length, so a chunk is rarely copied more than once.
    private func reserve(_ additional: Int) throws(ParquetError) {
        let needed = dataCount + additional + Self.slack
        guard data.count < needed else { return }
        guard additional <= limit - dataCount else {
            throw .unreadable(.limitExceeded, "the column decodes to more than \(limit) bytes (maximumDecodedColumnBytes)")
        }
        let values = capacity
        let projected = count > 0 ? dataCount / count * values + dataCount / 8 : 0
        data.append(contentsOf: repeatElement(0, count: min(max(needed, projected, data.count * 2), limit + Self.slack) - data.count))
    }

    func readDictionary(_ page: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        let plain = ByteArrayValueDecoder(capacity: count, dataCapacity: page.count, limit: limit)
        try plain.readValues(page, count: count, encoding: ValueEncoding.plain)
        dictionaryOffsets = Array(plain.offsets[0...count])
        // The slack lets the gather below read whole words past the last entry.
        dictionaryData = plain.data
        dictionaryData.append(contentsOf: repeatElement(0, count: Self.slack))
    }

    func readValues(_ page: UnsafeRawBufferPointer, count n: Int, encoding: Int32) throws(ParquetError) {
        guard n <= capacity - count else { throw Self.tooMany(n, room: capacity - count) }
        switch encoding {
        case ValueEncoding.plain: try readPlain(page, n)
        case ValueEncoding.plainDictionary, ValueEncoding.rleDictionary: try readDictionaryIndices(page, n)
        case ValueEncoding.deltaLengthByteArray: _ = try readDeltaLength(page, n)
        case ValueEncoding.deltaByteArray: try readDeltaByteArray(page, n)
        default: throw Self.unsupported(encoding, .byteArray)
        }
    }

    private func readPlain(_ page: UnsafeRawBufferPointer, _ n: Int) throws(ParquetError) {
        // The values can hold at most the page's bytes, so one reservation covers them all.
        try reserve(page.count)
        let start = count
        var position = 0
        var end = dataCount
        let failure: ParquetError? = data.withUnsafeMutableBytes { out in
            offsets.withUnsafeMutableBufferPointer { offsets in
                guard let source = page.baseAddress else { return n == 0 ? nil : .unreadable(.malformedValues, "an empty page for \(n) values") }
                let target = out.baseAddress!
                for index in 0..<n {
                    guard page.count &- position >= 4 else {
                        return .unreadable(.malformedValues, "PLAIN value \(index) of \(n): its length is past the end of the page")
                    }
                    let length = Int(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                    position &+= 4
                    guard page.count &- position >= length else {
                        return .unreadable(.malformedValues, "PLAIN value \(index) of \(n) claims \(length) bytes, \(page.count - position) are left")
                    }
                    if length <= 16 && page.count &- position >= 16 {
                        // Room on both sides (the data buffer keeps 16 bytes of slack): two word copies.
                        WordCopy.sixteen(from: source + position, to: target + end)
                    } else {
                        (target + end).copyMemory(from: source + position, byteCount: length)
                    }
                    position &+= length
                    end &+= length
                    offsets[start &+ index &+ 1] = end
                }
                return nil
            }
        }
        if let failure { throw failure }
        plainConsumed = position
        dataCount = end
        count += n
    }

    private func readDictionaryIndices(_ page: UnsafeRawBufferPointer, _ n: Int) throws(ParquetError) {
        let size = dictionaryOffsets.map { $0.count - 1 }
        let picks = cursor != nil ? try indices.next(count: n, dictionarySize: size) : try indices.decode(page, count: n, dictionarySize: size)
        let dictionaryOffsets = self.dictionaryOffsets!
        var total = 0
        dictionaryOffsets.withUnsafeBufferPointer { bounds in
            for index in 0..<n {
                let pick = Int(picks[index])
                total &+= bounds[pick &+ 1] &- bounds[pick]
            }
        }
        try reserve(total)
        let start = count
        var end = dataCount
        dictionaryData.withUnsafeBytes { entries in
            dictionaryOffsets.withUnsafeBufferPointer { bounds in
                data.withUnsafeMutableBytes { out in
                    offsets.withUnsafeMutableBufferPointer { offsets in
                        let target = out.baseAddress!
                        let source = entries.baseAddress!
                        for index in 0..<n {
                            let pick = Int(picks[index])
                            let from = bounds[pick]
                            let length = bounds[pick &+ 1] &- from
                            if length <= 16 {
                                // Both buffers have 16 bytes of slack: two word copies beat a call to memmove.
                                WordCopy.sixteen(from: source + from, to: target + end)
                            } else {
                                (target + end).copyMemory(from: source + from, byteCount: length)
                            }
                            end &+= length
                            offsets[start &+ index &+ 1] = end
                        }
                    }
                }
            }
        }
        dataCount = end
        count += n
    }

    /// Lengths (DELTA_BINARY_PACKED) then the concatenated bytes; returns the bytes consumed.
    private func readDeltaLength(_ page: UnsafeRawBufferPointer, _ n: Int) throws(ParquetError) -> Int {
        if lengths.count < n { lengths = [Int64](repeating: 0, count: n) }
        let used = try lengths.withUnsafeMutableBufferPointer { (buffer) throws(ParquetError) in
            try DeltaBinaryPackedDecoder.decode(page, count: n, into: buffer.baseAddress!)
        }
        var total = 0
        for index in 0..<n {
            let length = lengths[index]
            guard length >= 0, length <= Int64(page.count) else {
                throw .unreadable(.malformedValues, "DELTA_LENGTH_BYTE_ARRAY value \(index) has length \(length)")
            }
            total += Int(length)
        }
        guard total <= page.count - used else {
            throw .unreadable(.malformedValues, "DELTA_LENGTH_BYTE_ARRAY values need \(total) bytes, \(page.count - used) are left")
        }
        try reserve(total)
        let start = count
        let base = dataCount
        data.withUnsafeMutableBytes { out in
            if total > 0 { (out.baseAddress! + base).copyMemory(from: page.baseAddress! + used, byteCount: total) }
        }
        var end = base
        for index in 0..<n {
            end += Int(lengths[index])
            offsets[start + index + 1] = end
        }
        dataCount = end
        count += n
        return used + total
    }

    /// Prefix lengths (DELTA_BINARY_PACKED), then the suffixes as DELTA_LENGTH_BYTE_ARRAY; each value is the
    /// previous value's prefix plus its suffix.
    private func readDeltaByteArray(_ page: UnsafeRawBufferPointer, _ n: Int) throws(ParquetError) {
        var prefixes = [Int64](repeating: 0, count: n)
        let used = try prefixes.withUnsafeMutableBufferPointer { (buffer) throws(ParquetError) in
            try DeltaBinaryPackedDecoder.decode(page, count: n, into: buffer.baseAddress!)
        }
        // Decode the suffixes into their own buffer, then splice prefixes in front.
        let suffixes = ByteArrayValueDecoder(capacity: n, dataCapacity: page.count, limit: limit)
        _ = try suffixes.readDeltaLength(UnsafeRawBufferPointer(rebasing: page[used...]), n)
        var previousStart = 0
        var previousLength = 0
        let start = count
        for index in 0..<n {
            let prefix = prefixes[index]
            guard prefix >= 0, prefix <= Int64(previousLength) else {
                throw .unreadable(.malformedValues, "DELTA_BYTE_ARRAY value \(index) takes a prefix of \(prefix) bytes from a \(previousLength)-byte value")
            }
            let suffixStart = suffixes.offsets[index]
            let suffixLength = suffixes.offsets[index + 1] - suffixStart
            let length = Int(prefix) + suffixLength
            try reserve(length)
            let end = dataCount
            data.withUnsafeMutableBytes { out in
                let target = out.baseAddress!
                if prefix > 0 { (target + end).copyMemory(from: target + previousStart, byteCount: Int(prefix)) }
                suffixes.data.withUnsafeBytes { source in
                    if suffixLength > 0 {
                        (target + end + Int(prefix)).copyMemory(from: source.baseAddress! + suffixStart, byteCount: suffixLength)
                    }
                }
            }
            previousStart = end
            previousLength = length
            dataCount = end + length
            offsets[start + index + 1] = dataCount
        }
        count += n
    }

    func finish() -> ParquetLeafValues {
        .byteArray(takeValues())
    }

    func takeValues() -> ParquetByteArrayValues {
        data.removeLast(data.count - dataCount)
        offsets.removeLast(offsets.count - count - 1)
        return ParquetByteArrayValues(data: data, offsets: offsets)
    }
}

/// FIXED_LEN_BYTE_ARRAY values (decimals, UUIDs, FLOAT16): PLAIN, dictionary, BYTE_STREAM_SPLIT and
/// DELTA_BYTE_ARRAY.
final class FixedBytesValueDecoder: ColumnValueDecoder {
    private let width: Int
    private var data: [UInt8]
    private var count = 0
    private var capacity: Int
    private var dictionary: [UInt8]?
    private let indices = DictionaryIndexDecoder()

    init(width: Int, capacity: Int) throws(ParquetError) {
        guard capacity <= Int.max / width / 2 else { throw .unreadable(.limitExceeded, "\(capacity) values of \(width) bytes") }
        self.width = width
        self.capacity = capacity
        data = [UInt8](repeating: 0, count: capacity * width)
    }

    func reset(capacity: Int) {
        count = 0
        self.capacity = capacity
        if data.count < capacity * width { data += repeatElement(0, count: capacity * width - data.count) }
    }

    var heldBytes: Int { data.capacity + (dictionary?.capacity ?? 0) + indices.heldBytes }

    private var cursor: PageValueCursor?

    func beginValues(_ data: UnsafeRawBufferPointer, encoding: Int32) throws(ParquetError) -> Bool {
        cursor = try PageValueCursor.begin(data, encoding: encoding, indices: indices)
        return cursor != nil
    }

    func readNextValues(count n: Int) throws(ParquetError) {
        try cursor?.readNext(n, read: readValues) { n * width }
    }

    func readDictionary(_ page: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        guard page.count / width >= count else {
            throw .unreadable(.malformedValues, "a dictionary of \(count) values needs \(count * width) bytes, the page has \(page.count)")
        }
        dictionary = Array(page[0..<count * width])
    }

    func readValues(_ page: UnsafeRawBufferPointer, count n: Int, encoding: Int32) throws(ParquetError) {
        guard n <= capacity - count else { throw Self.tooMany(n, room: capacity - count) }
        let width = self.width
        let start = count * width
        switch encoding {
        case ValueEncoding.plain:
            guard page.count / width >= n else {
                throw .unreadable(.malformedValues, "\(n) values of \(width) bytes need \(n * width) bytes, the page has \(page.count)")
            }
            data.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: start).copyMemory(from: page.baseAddress!, byteCount: n * width) }
        case ValueEncoding.plainDictionary, ValueEncoding.rleDictionary:
            let size = dictionary.map { $0.count / width }
            let picks = cursor != nil ? try indices.next(count: n, dictionarySize: size) : try indices.decode(page, count: n, dictionarySize: size)
            dictionary!.withUnsafeBytes { entries in
                data.withUnsafeMutableBytes { out in
                    for index in 0..<n {
                        (out.baseAddress! + start + index * width)
                            .copyMemory(from: entries.baseAddress! + Int(picks[index]) * width, byteCount: width)
                    }
                }
            }
        case ValueEncoding.byteStreamSplit:
            try data.withMutableBytes { (out) throws(ParquetError) in
                try ByteStreamSplitDecoder.decode(page, count: n, width: width, into: out.baseAddress! + start)
            }
        case ValueEncoding.deltaByteArray:
            let variable = ByteArrayValueDecoder(capacity: n, dataCapacity: n * width, limit: n * width)
            try variable.readValues(page, count: n, encoding: encoding)
            let values = variable.takeValues()
            guard values.data.count == n * width else {
                throw .unreadable(.malformedValues, "DELTA_BYTE_ARRAY values are not all \(width) bytes long")
            }
            for index in 0..<n where values.offsets[index + 1] - values.offsets[index] != width {
                throw .unreadable(.malformedValues, "DELTA_BYTE_ARRAY value \(index) is not \(width) bytes long")
            }
            data.replaceSubrange(start..<start + n * width, with: values.data)
        default:
            throw Self.unsupported(encoding, .fixedLenByteArray(width: width))
        }
        count += n
    }

    func finish() -> ParquetLeafValues {
        data.removeLast(data.count - count * width)
        return .fixedLenByteArray(ParquetFixedBytesValues(data: data, width: width))
    }
}

/// BYTE_STREAM_SPLIT: byte `b` of value `i` is at `b * count + i`.
enum ByteStreamSplitDecoder {
    static func decode(_ page: UnsafeRawBufferPointer, count: Int, width: Int, into out: UnsafeMutableRawPointer) throws(ParquetError) {
        guard page.count / width >= count else {
            throw .unreadable(.malformedValues, "BYTE_STREAM_SPLIT needs \(count * width) bytes for \(count) values, the page has \(page.count)")
        }
        guard count > 0 else { return }
        let stride = count
        let source = page.baseAddress!
        for index in 0..<count {
            for byte in 0..<width {
                out.storeBytes(of: source.load(fromByteOffset: byte * stride + index, as: UInt8.self),
                               toByteOffset: index * width + byte, as: UInt8.self)
            }
        }
    }
}

extension Array where Element: BitwiseCopyable {
    /// `withUnsafeMutableBytes` for bodies that throw `ParquetError` (the standard one rethrows untyped).
    mutating func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws(ParquetError) -> R) throws(ParquetError) -> R {
        try withUnsafeMutableBufferPointer { (buffer) throws(ParquetError) in try body(UnsafeMutableRawBufferPointer(buffer)) }
    }
}
