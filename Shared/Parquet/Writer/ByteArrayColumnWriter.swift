#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// STRING columns (BYTE_ARRAY): dictionary-encoded until the dictionary outgrows its limit, PLAIN after that.
///
/// Unlike the fixed-width columns, a string column is dictionary-encoded in every data page of the file or in
/// none: fastparquet (2026.9) misreads files that mix the two for a column, pyarrow's own included. So the
/// choice is made once, before the first data page: nearly all-distinct values, or a dictionary that overflows
/// before any page used it, make the column PLAIN for the whole file. Once pages use the dictionary, an
/// overflow closes the row group after the current row (or batch slice) and the next row group starts a new one.
final class ByteArrayColumnWriter: ColumnWriter {
    private enum Mode { case dictionary, plain }
    private enum FileEncoding { case undecided, dictionary, plain }

    private var mode: Mode
    private var fileEncoding: FileEncoding
    private let dictionary = ByteArrayDictionary()
    private var dictionaryPagesWritten = false
    private var dictionaryValueCount = 0
    private let indices = IndexBuffer()
    private let plainValues = ByteBuffer(capacity: 1 << 16)

    // Statistics: unsigned byte-wise order, a prefix first.
    private let minValue = ByteBuffer(capacity: 64)
    private let maxValue = ByteBuffer(capacity: 64)
    private var hasMinMax = false

    override init(column: ParquetColumn, options: ParquetWriterOptions, compressor: PageCompressor) {
        mode = column.encoding == .dictionary ? .dictionary : .plain
        fileEncoding = column.encoding == .dictionary ? .undecided : .plain
        super.init(column: column, options: options, compressor: compressor)
    }

    /// Appends one present value; the caller has checked it (UTF-8, size).
    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) {
        try append(bytes, hash: mode == .dictionary ? dictionary.hash(bytes) : 0)
    }

    /// Appends one present value whose dictionary hash is `hash` (unused in PLAIN mode).
    @inline(__always)
    private func append(_ bytes: UnsafeRawBufferPointer, hash: UInt64) throws(ParquetError) {
        recordPresent()
        if mode == .dictionary {
            var isNew = false
            let index = dictionary.index(of: bytes, hash: hash, isNew: &isNew)
            indices.append(index)
            dictionaryValueCount += 1
            if isNew {
                updateStatistics(bytes)
                if dictionary.plain.count > dictionaryByteLimit { dictionaryIsFull() }
            }
            if indices.count & 1023 == 0 { try checkDictionaryPage() }
        } else {
            plainValues.reserve(4 + bytes.count)
            plainValues.appendLittleEndian(UInt32(truncatingIfNeeded: bytes.count))
            plainValues.append(bytes)
            updateStatistics(bytes)
            try finishPageIfFull(encodedBytes: plainValues.count)
        }
    }

    @inline(__always)
    func append(_ string: String) throws(ParquetError) {
        try append(string, hash: nil)
    }

    /// Appends one present string; `hash`, when given, is its dictionary hash.
    @inline(__always)
    private func append(_ string: String, hash: UInt64?) throws(ParquetError) {
        var failure: ParquetError?
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { buffer in
            let bytes = UnsafeRawBufferPointer(buffer)
            do throws(ParquetError) {
                if let hash { try append(bytes, hash: hash) } else { try append(bytes) }
            } catch {
                failure = error
            }
        }
        if done == nil {
            var copy = string
            copy.withUTF8 { buffer in
                let bytes = UnsafeRawBufferPointer(buffer)
                do throws(ParquetError) {
                    if let hash { try append(bytes, hash: hash) } else { try append(bytes) }
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
    }

    /// The dictionary hash of `string`'s UTF-8 bytes.
    @inline(__always)
    private func hash(_ string: String) -> UInt64 {
        if let hash = string.utf8.withContiguousStorageIfAvailable({ dictionary.hash(UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        var copy = string
        return copy.withUTF8 { dictionary.hash(UnsafeRawBufferPointer($0)) }
    }

    func append(_ bytes: [UInt8]) throws(ParquetError) {
        var failure: ParquetError?
        bytes.withUnsafeBytes { raw in
            do throws(ParquetError) { try append(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Appends values `range` of checked strings, read in place.
    func append(_ strings: UnsafeBufferPointer<String?>, range: Range<Int>) throws(ParquetError) {
        if mode == .dictionary && dictionary.outgrowsCache {
            try DictionaryPrefetch.forEach(range, in: dictionary, hashOf: { index in
                strings[index].map(hash) ?? 0
            }) { (index, hash) throws(ParquetError) in
                if let string = strings[index] { try append(string, hash: hash) } else { try appendNull() }
            }
        } else {
            for index in range {
                if let string = strings[index] { try append(string) } else { try appendNull() }
            }
        }
    }

    /// Appends values `range` of a checked column, reading them in place.
    func append(_ strings: ParquetStringColumn, range: Range<Int>) throws(ParquetError) {
        var failure: ParquetError?
        strings.bytes.withUnsafeBytes { text in
            strings.offsets.withUnsafeBufferPointer { offsets in
                // An empty byte array has no address; empty values then point at the offsets instead.
                let base = text.baseAddress ?? UnsafeRawPointer(offsets.baseAddress!)
                @inline(__always) func value(_ index: Int) -> UnsafeRawBufferPointer {
                    let start = Int(offsets[index])
                    return UnsafeRawBufferPointer(start: base + start, count: Int(offsets[index + 1]) - start)
                }
                @inline(__always) func isPresent(_ index: Int) -> Bool {
                    strings.validity == nil || strings.isPresent(index)
                }
                do throws(ParquetError) {
                    if mode == .dictionary && dictionary.outgrowsCache {
                        try DictionaryPrefetch.forEach(range, in: dictionary, hashOf: { index in
                            isPresent(index) ? dictionary.hash(value(index)) : 0
                        }) { (index, hash) throws(ParquetError) in
                            if isPresent(index) { try append(value(index), hash: hash) } else { try appendNull() }
                        }
                    } else {
                        for index in range {
                            if isPresent(index) { try append(value(index)) } else { try appendNull() }
                        }
                    }
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
    }

    private func dictionaryIsFull() {
        if fileEncoding == .undecided && !dictionaryPagesWritten {
            abandonDictionary()
        } else {
            wantsRowGroupEnd = true
        }
    }

    private func checkDictionaryPage() throws(ParquetError) {
        if fileEncoding == .undecided && dictionaryValueCount == DictionaryPolicy.probeValueCount && !dictionaryPagesWritten
            && DictionaryPolicy.shouldAbandon(distinct: dictionary.count, values: dictionaryValueCount) {
            abandonDictionary()
            return
        }
        let width = max(1, RLEHybridEncoder.bitWidth(forMaximum: UInt32(max(dictionary.count - 1, 0))))
        try finishPageIfFull(encodedBytes: indices.count * width / 8)
    }

    /// Rewrites the open page's values PLAIN and forgets the dictionary (no page has used it yet); the column
    /// stays PLAIN for the rest of the file.
    private func abandonDictionary() {
        fileEncoding = .plain
        for index in indices.values {
            let bytes = dictionary.entry(Int(index))
            plainValues.appendLittleEndian(UInt32(bytes.count))
            plainValues.append(bytes)
        }
        indices.removeAll()
        dictionary.removeAll(keepingCapacity: false)
        mode = .plain
    }

    /// Unsigned byte-wise order: negative, zero or positive.
    @inline(__always)
    private static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common >= 8 {
            // The first eight bytes as big-endian words order the same way; most values differ there.
            let left = UInt64(bigEndian: a.baseAddress!.loadUnaligned(as: UInt64.self))
            let right = UInt64(bigEndian: b.baseAddress!.loadUnaligned(as: UInt64.self))
            if left != right { return left < right ? -1 : 1 }
        }
        if common > 0 {
            let order = memcmp(a.baseAddress!, b.baseAddress!, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    @inline(__always)
    private func updateStatistics(_ bytes: UnsafeRawBufferPointer) {
        if !hasMinMax {
            minValue.append(bytes)
            maxValue.append(bytes)
            hasMinMax = true
            return
        }
        if Self.compare(bytes, minValue.bytes) < 0 {
            minValue.removeAll()
            minValue.append(bytes)
        } else if Self.compare(bytes, maxValue.bytes) > 0 {
            maxValue.removeAll()
            maxValue.append(bytes)
        }
    }

    override func encodePageValues(into body: ByteBuffer) -> Encoding {
        if !indices.isEmpty {
            let width = max(1, RLEHybridEncoder.bitWidth(forMaximum: UInt32(dictionary.count - 1)))
            body.append(UInt8(width))
            RLEHybridEncoder.encode(indices.values, bitWidth: width, into: body)
            indices.removeAll()
            dictionaryPagesWritten = true
            fileEncoding = .dictionary
            return .rleDictionary
        }
        body.append(plainValues)
        plainValues.removeAll()
        return .plain
    }

    override func dictionaryPageBody() -> (body: UnsafeRawBufferPointer, entryCount: Int)? {
        dictionaryPagesWritten ? (dictionary.plain.bytes, dictionary.count) : nil
    }

    override func chunkStatistics() -> ColumnStatistics {
        guard hasMinMax else {
            return ColumnStatistics(nullCount: Int64(chunkNullCount), writeLegacyFields: false)
        }
        let minimum = minValue.array
        let maximum = maxValue.array
        // The legacy fields are signed-order; for text they are only right when min equals max.
        return ColumnStatistics(
            nullCount: Int64(chunkNullCount), minValue: minimum, maxValue: maximum,
            writeLegacyFields: minimum == maximum)
    }

    override func resetValues() {
        mode = fileEncoding == .plain ? .plain : .dictionary
        dictionary.removeAll()
        dictionaryPagesWritten = false
        dictionaryValueCount = 0
        indices.removeAll()
        plainValues.removeAll()
        minValue.removeAll()
        maxValue.removeAll()
        hasMinMax = false
    }

    override var rowsBeforeDictionaryLimit: Int {
        // A dictionary that pages use closes the row group when it overflows. One that no page used yet counts
        // too: a page may use it later in the same slice, before it overflows. A column with no value yet
        // gives no measure.
        guard mode == .dictionary, dictionaryValueCount > 0 else { return .max }
        // Half of what is left, at the dictionary's average growth per value so far.
        let bytesPerValue = max(1, dictionary.plain.count / dictionaryValueCount)
        return max(0, dictionaryByteLimit - dictionary.plain.count) / (2 * bytesPerValue)
    }

    override var bufferedValueBytes: Int {
        plainValues.count + indices.count * 4 + dictionary.plain.count
    }
}
