/// INT32, INT64 and DOUBLE columns (with DATE, TIMESTAMP and INT32/INT64 DECIMAL on top): dictionary-encoded
/// until the dictionary outgrows its limit, PLAIN after that.
final class FixedWidthColumnWriter<Value: FixedWidthValue>: ColumnWriter {
    private enum Mode { case dictionary, plain }

    private var mode: Mode
    private let dictionary = FixedWidthDictionary()
    private var dictionaryPagesWritten = false
    private var dictionaryValueCount = 0
    /// A nested column's dictionary outgrew its limit inside a record: PLAIN starts with the next record.
    private var plainIsDue = false
    private let indices = IndexBuffer()
    private let plainValues = ByteBuffer(capacity: 1 << 16)
    private let dictionaryPlain = ByteBuffer(capacity: 1024)

    private var minimum: Value?
    private var maximum: Value?
    private var nanCount = 0
    private let tracksNaN: Bool

    override init(column: ParquetColumn, options: ParquetWriterOptions, compressor: PageCompressor) {
        mode = column.encoding == .dictionary ? .dictionary : .plain
        tracksNaN = Value.self == Double.self
        super.init(column: column, options: options, compressor: compressor)
    }

    @inline(__always)
    func append(_ value: Value) throws(ParquetError) {
        recordPresent()
        if mode == .dictionary {
            var isNew = false
            let index = dictionary.index(of: value.bitPattern64, isNew: &isNew)
            indices.append(index)
            dictionaryValueCount += 1
            if isNew {
                updateStatistics(value)
                if dictionary.count * Value.byteWidth > dictionaryByteLimit { try fallBackToPlain() }
            } else if tracksNaN && !value.isOrdered {
                nanCount += 1
            }
            if indices.count & 1023 == 0 { try checkDictionaryPage() }
        } else {
            value.appendPlain(to: plainValues)
            updateStatistics(value)
            try finishPageIfFull(encodedBytes: plainValues.count)
        }
    }

    @inline(__always)
    private func updateStatistics(_ value: Value) {
        guard value.isOrdered else {
            nanCount += 1
            return
        }
        guard let currentMinimum = minimum, let currentMaximum = maximum else {
            minimum = value
            maximum = value
            return
        }
        if Value.isOrderedBefore(value, currentMinimum) {
            minimum = value
        } else if Value.isOrderedBefore(currentMaximum, value) {
            maximum = value
        }
    }

    private func checkDictionaryPage() throws(ParquetError) {
        if dictionaryValueCount == DictionaryPolicy.probeValueCount && !dictionaryPagesWritten
            && DictionaryPolicy.shouldAbandon(distinct: dictionary.count, values: dictionaryValueCount) {
            abandonDictionary()
            return
        }
        let width = max(1, RLEHybridEncoder.bitWidth(forMaximum: UInt32(max(dictionary.count - 1, 0))))
        try finishPageIfFull(encodedBytes: indices.count * width / 8)
    }

    private func abandonDictionary() {
        let values = dictionary.values
        for index in indices.values {
            Value(bitPattern64: values[Int(index)]).appendPlain(to: plainValues)
        }
        indices.removeAll()
        dictionary.removeAll(keepingCapacity: false)
        mode = .plain
    }

    private func fallBackToPlain() throws(ParquetError) {
        if nested != nil {
            // The dictionary page's values end with the page, which ends before the next record.
            plainIsDue = true
            try finishPage()
            return
        }
        try finishPage()
        mode = .plain
    }

    override func reachRecordBoundary() throws(ParquetError) {
        try super.reachRecordBoundary()
        if plainIsDue {
            plainIsDue = false
            mode = .plain
        }
    }

    override func encodePageValues(into body: ByteBuffer) -> Encoding {
        if !indices.isEmpty {
            let width = max(1, RLEHybridEncoder.bitWidth(forMaximum: UInt32(dictionary.count - 1)))
            body.append(UInt8(width))
            RLEHybridEncoder.encode(indices.values, bitWidth: width, into: body)
            indices.removeAll()
            dictionaryPagesWritten = true
            return .rleDictionary
        }
        body.append(plainValues)
        plainValues.removeAll()
        return .plain
    }

    override func dictionaryPageBody() -> (body: UnsafeRawBufferPointer, entryCount: Int)? {
        guard dictionaryPagesWritten else { return nil }
        dictionaryPlain.removeAll()
        for bits in dictionary.values { Value(bitPattern64: bits).appendPlain(to: dictionaryPlain) }
        return (dictionaryPlain.bytes, dictionary.count)
    }

    override func chunkStatistics() -> ColumnStatistics {
        let nan: Int64? = tracksNaN ? Int64(nanCount) : nil
        guard let minimum, let maximum else {
            return ColumnStatistics(nullCount: Int64(chunkNullCount), writeLegacyFields: false, nanCount: nan)
        }
        return ColumnStatistics(
            nullCount: Int64(chunkNullCount),
            minValue: Value.statisticsMinimum(minimum).plainBytes,
            maxValue: Value.statisticsMaximum(maximum).plainBytes,
            writeLegacyFields: true, nanCount: nan)
    }

    override func resetValues() {
        mode = column.encoding == .dictionary ? .dictionary : .plain
        dictionary.removeAll()
        dictionaryPagesWritten = false
        dictionaryValueCount = 0
        plainIsDue = false
        indices.removeAll()
        plainValues.removeAll()
        minimum = nil
        maximum = nil
        nanCount = 0
    }

    override var bufferedValueBytes: Int {
        plainValues.count + indices.count * 4 + dictionary.count * Value.byteWidth
    }
}
