/// A column chunk on its way into the file: the dictionary page (if any) and the data pages, ready to write.
struct EncodedColumnChunk {
    /// Header and body of the dictionary page; empty when the chunk has none.
    let dictionaryPage: ByteBuffer
    let dataPages: ByteBuffer
    let encodings: [Encoding]
    let valueCount: Int
    let uncompressedSize: Int
    let statistics: ColumnStatistics
}

/// What every column writer shares: definition levels, cutting values into data pages v1, compressing them,
/// and the chunk's running totals. Subclasses own the values: how they are buffered, encoded and summarised.
class ColumnWriter {
    let column: ParquetColumn
    let pageByteLimit: Int
    let dictionaryByteLimit: Int
    /// Compresses this column's pages. Compressors keep scratch state, so each thread that encodes has its own
    /// and lends it to the columns it works on (see `ColumnLanes`); the output does not depend on which.
    final var compressor: PageCompressor
    /// Readers allocate whole pages, so a page of mostly nulls is cut at this many values too.
    static let maximumValuesPerPage = 1 << 20

    /// Set by a column that needs the row group to end after the current row or slice (see
    /// `ByteArrayColumnWriter`); the writer then closes it.
    final var wantsRowGroupEnd = false

    // The open page.
    final var definitionLevels: [UInt8] = []
    /// Level entries in the open page: values and nulls of a flat column; values and absent entries (a null
    /// or an empty list on the way) of a nested one.
    final var pageValueCount = 0
    final var pageNullCount = 0

    /// A leaf inside groups, lists or maps: its level limits (see `NestedLevels`). Nil for a flat column.
    final var nested: NestedLevels? {
        didSet { maxDefinitionLevel = nested?.maxDefinition ?? 0 }
    }
    // The open page of a nested column: its definition levels are in `definitionLevels`, one per entry.
    final var repetitionLevels: [UInt8] = []
    final var maxDefinitionLevel: UInt8 = 0
    /// Entries below the maximum definition level; they count as nulls in the statistics.
    final var pageAbsentCount = 0
    /// The page is to end before the next record.
    final var pageEndIsDue = false

    // The open chunk.
    final let dataPages = ByteBuffer(capacity: 1 << 16)
    final var chunkValueCount = 0
    final var chunkNullCount = 0
    final var chunkUncompressedSize = 0
    private final var encodingsUsed: Set<Encoding> = []

    // Scratch space reused from page to page.
    private final let pageBody = ByteBuffer(capacity: 1 << 16)
    private final let compressedBody = ByteBuffer(capacity: 1 << 16)
    private final let pageHeader = ByteBuffer(capacity: 64)

    init(column: ParquetColumn, options: ParquetWriterOptions, compressor: PageCompressor) {
        self.column = column
        pageByteLimit = options.dataPageByteLimit
        dictionaryByteLimit = options.dictionaryPageByteLimit
        self.compressor = compressor
    }

    // MARK: Subclass hooks

    /// Appends the open page's values to `body` and clears them; returns their encoding.
    func encodePageValues(into body: ByteBuffer) -> Encoding { fatalError("subclass must implement") }

    /// The dictionary page body and its entry count, when data pages of this chunk refer to a dictionary.
    func dictionaryPageBody() -> (body: UnsafeRawBufferPointer, entryCount: Int)? { nil }

    func chunkStatistics() -> ColumnStatistics { fatalError("subclass must implement") }

    /// Clears the values, dictionary and statistics for the next row group.
    func resetValues() { fatalError("subclass must implement") }

    /// Bytes held for the open page's values and the dictionary.
    var bufferedValueBytes: Int { fatalError("subclass must implement") }

    /// About how many more values may come before this column asks for the row group to end
    /// (`wantsRowGroupEnd`); `Int.max` for a column that never asks. An estimate for `BatchSlicing`.
    var rowsBeforeDictionaryLimit: Int { .max }

    // MARK: Levels

    /// Records a present value in the open page. Definition levels are only kept once the page has a null:
    /// until then they are all 1 and encode as one RLE run.
    @inline(__always)
    final func recordPresent() {
        if pageNullCount > 0 { definitionLevels.append(1) }
        pageValueCount += 1
    }

    final func appendNull() throws(ParquetError) {
        if pageNullCount == 0 {
            definitionLevels.removeAll(keepingCapacity: true)
            definitionLevels.append(contentsOf: repeatElement(1, count: pageValueCount))
        }
        definitionLevels.append(0)
        pageValueCount += 1
        pageNullCount += 1
        if pageValueCount >= Self.maximumValuesPerPage { try finishPage() }
    }

    /// Bytes this column holds in memory for the open row group.
    final var bufferedBytes: Int {
        dataPages.count + bufferedValueBytes + definitionLevels.count + repetitionLevels.count
    }

    // MARK: Pages

    /// Ends the open page once its encoded values reach the page size or it holds the most values a page may.
    @inline(__always)
    final func finishPageIfFull(encodedBytes: Int) throws(ParquetError) {
        if encodedBytes >= pageByteLimit || pageValueCount >= Self.maximumValuesPerPage { try finishPage() }
    }

    /// Encodes, compresses and appends the open page, if it has any values. In a nested column the page
    /// ends before the next record instead, so that every page starts at repetition level 0.
    final func finishPage() throws(ParquetError) {
        if nested != nil {
            pageEndIsDue = true
            return
        }
        try writePage()
    }

    /// Runs what waited for a record boundary (a nested column's page end); called before an entry at
    /// repetition level 0.
    func reachRecordBoundary() throws(ParquetError) {
        pageEndIsDue = false
        try writePage()
    }

    /// Nested: one level entry without a value, a null or an empty list or map at some depth.
    @inline(__always)
    final func appendAbsent(repetition: UInt8, definition: UInt8) throws(ParquetError) {
        if repetition == 0 && pageEndIsDue { try reachRecordBoundary() }
        repetitionLevels.append(repetition)
        definitionLevels.append(definition)
        pageAbsentCount += 1
        pageValueCount += 1
        if pageValueCount >= Self.maximumValuesPerPage { pageEndIsDue = true }
    }

    /// Nested: the levels of the present value that the caller appends next (at the maximum definition level).
    @inline(__always)
    final func appendPresentLevels(repetition: UInt8) throws(ParquetError) {
        if repetition == 0 && pageEndIsDue { try reachRecordBoundary() }
        repetitionLevels.append(repetition)
        definitionLevels.append(maxDefinitionLevel)
    }

    private final func writePage() throws(ParquetError) {
        guard pageValueCount > 0 else { return }
        pageBody.removeAll()
        var absentCount = 0
        if let nested {
            absentCount = pageAbsentCount
            if nested.encodePage(repetition: repetitionLevels, definition: definitionLevels, into: pageBody) {
                encodingsUsed.insert(.rle)
            }
        } else if column.isOptional {
            // Data page v1: definition levels are RLE/bit-packed with a 4-byte little-endian length first.
            let lengthOffset = pageBody.count
            pageBody.appendLittleEndian(UInt32(0))
            if pageNullCount == 0 {
                RLEHybridEncoder.writeRun(value: 1, length: pageValueCount, bitWidth: 1, into: pageBody)
            } else if pageNullCount == pageValueCount {
                RLEHybridEncoder.writeRun(value: 0, length: pageValueCount, bitWidth: 1, into: pageBody)
            } else {
                definitionLevels.withUnsafeBufferPointer {
                    RLEHybridEncoder.encode($0, bitWidth: 1, into: pageBody)
                }
            }
            pageBody.setLittleEndianUInt32(UInt32(pageBody.count - lengthOffset - 4), at: lengthOffset)
            encodingsUsed.insert(.rle)
        }
        let encoding = encodePageValues(into: pageBody)
        encodingsUsed.insert(encoding)
        guard pageBody.count <= Int(Int32.max) else {
            throw .valueOutOfRange(column: column.name, row: -1, detail: "a data page exceeds 2 GiB")
        }
        compressedBody.removeAll()
        try compressor.compress(pageBody.bytes, into: compressedBody)
        pageHeader.removeAll()
        PageHeader.dataPage(
            uncompressedSize: pageBody.count, compressedSize: compressedBody.count, valueCount: pageValueCount,
            encoding: encoding, into: pageHeader)
        dataPages.append(pageHeader)
        dataPages.append(compressedBody)
        chunkUncompressedSize += pageHeader.count + pageBody.count
        chunkValueCount += pageValueCount
        chunkNullCount += pageNullCount + absentCount
        repetitionLevels.removeAll(keepingCapacity: true)
        pageAbsentCount = 0
        definitionLevels.removeAll(keepingCapacity: true)
        pageValueCount = 0
        pageNullCount = 0
    }

    /// Closes the chunk: the last page, then the dictionary page. The writer must write the returned buffers
    /// before calling `reset()`.
    final func finishChunk() throws(ParquetError) -> EncodedColumnChunk {
        // A row group ends between records, so the open page may end here in a nested column too.
        pageEndIsDue = false
        try writePage()
        let dictionaryPage = ByteBuffer(capacity: 64)
        var uncompressedSize = chunkUncompressedSize
        if let dictionary = dictionaryPageBody() {
            compressedBody.removeAll()
            try compressor.compress(dictionary.body, into: compressedBody)
            PageHeader.dictionaryPage(
                uncompressedSize: dictionary.body.count, compressedSize: compressedBody.count,
                entryCount: dictionary.entryCount, into: dictionaryPage)
            uncompressedSize += dictionaryPage.count + dictionary.body.count
            dictionaryPage.append(compressedBody)
            // The dictionary page body is PLAIN.
            encodingsUsed.insert(.plain)
        }
        return EncodedColumnChunk(
            dictionaryPage: dictionaryPage, dataPages: dataPages, encodings: encodingsUsed.sorted(),
            valueCount: chunkValueCount, uncompressedSize: uncompressedSize, statistics: chunkStatistics())
    }

    /// Starts the next chunk.
    final func reset() {
        wantsRowGroupEnd = false
        dataPages.removeAll()
        chunkValueCount = 0
        chunkNullCount = 0
        chunkUncompressedSize = 0
        encodingsUsed.removeAll()
        resetValues()
    }
}
