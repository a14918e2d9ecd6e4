/// The pages of one column chunk (dictionary page, data pages v1 and v2), decoded a part at a time.
///
/// The chunk's stored bytes are read from the source in windows (`windowBytes`, or one whole page when a page
/// is larger), and each data page is decoded `ParquetReaderOptions.valuesPerSlice` entries at a time (RLE
/// levels, PLAIN values and dictionary indices resume where the last part stopped; DELTA_*, BYTE_STREAM_SPLIT,
/// boolean values and BIT_PACKED levels are decoded a whole page at once). So a column holds one window of
/// stored bytes, one decompressed page, one part's levels and values and its dictionary, whatever the row
/// group's size. `next()` hands out each part in buffers that are reused for the following one. A reader that
/// wants the whole chunk (`ParquetReader.readColumn`) uses the same pages with `accumulate`, one window covering
/// the chunk.
///
/// Every size a page header states is checked against the chunk's bytes and the reader's limits before
/// anything is allocated for it; what the column holds is reported to the shared `ParquetReadBudget`, which
/// refuses a window or page that would take the total over its limit.
public final class ParquetColumnPages {
    public let leaf: ParquetFileLeaf
    let metadata: ParquetColumnChunkMetadata
    let options: ParquetReaderOptions
    private let source: any ParquetByteSource
    /// Offset of the chunk's first byte in the file, to read and to place errors.
    private let fileOffset: Int
    private let chunkLength: Int
    private let windowBytes: Int
    /// Keep every page's values (whole-chunk decoding) instead of one page at a time.
    private let accumulate: Bool
    private let budget: ParquetReadBudget?
    private let rowGroup: Int?

    private var window: [UInt8] = []
    /// Chunk-relative offset of `window[0]`.
    private var windowOffset = 0
    /// Chunk-relative offset of the next page header.
    private var position = 0
    private let decompressor: PageDecompressor
    private let values: any ColumnValueDecoder
    private var state: PageState
    private let scratch = PageScratch()
    /// A data page v2's level sections, copied out of the window while the page is read in parts.
    private let levelScratch = PageScratch()
    /// Entries of the current data page not yet decoded (it is read `valuesPerSlice` entries at a time).
    private var pendingEntries = 0
    /// Where the current data page starts in the file, to place errors in its later parts.
    private var pendingOffset = 0
    private var sawData = false
    private var sawDictionary = false
    /// What this column last reported to the budget.
    private var reported = 0

    /// Level entries (values and nulls) the chunk declares.
    public var valueCount: Int { metadata.valueCount }
    /// Level entries decoded so far.
    public var decodedCount: Int { state.decodedLevels }
    /// True once every page the chunk declares has been decoded.
    public var isFinished: Bool { state.decodedLevels >= metadata.valueCount }

    /// Bytes this column holds now: the compressed window, the decompressed page, levels, values, dictionary.
    public var bufferedBytes: Int {
        window.capacity + scratch.capacity + levelScratch.capacity + state.definitionLevels.capacity + state.repetitionLevels.capacity + values.heldBytes
    }

    init(
        leaf: ParquetFileLeaf, metadata: ParquetColumnChunkMetadata, options: ParquetReaderOptions, source: any ParquetByteSource,
        chunkLength: Int, windowBytes: Int, accumulate: Bool, budget: ParquetReadBudget?, rowGroup: Int?
    ) throws(ParquetError) {
        self.leaf = leaf
        self.metadata = metadata
        self.options = options
        self.source = source
        fileOffset = metadata.startOffset
        self.chunkLength = chunkLength
        self.windowBytes = max(windowBytes, 1)
        self.accumulate = accumulate
        self.budget = budget
        self.rowGroup = rowGroup
        let valueCount = metadata.valueCount
        guard valueCount <= options.maximumValuesPerColumnChunk else {
            throw .unreadable(.limitExceeded, "the chunk declares \(valueCount) values, more than the limit of \(options.maximumValuesPerColumnChunk)", fileOffset: fileOffset)
        }
        let width: Int
        switch leaf.physicalType {
        case .boolean: width = 1
        case .int32, .float: width = 4
        case .int64, .double, .byteArray: width = 8
        case .int96: width = 12
        case .fixedLenByteArray(let bytes): width = bytes
        }
        guard valueCount <= options.maximumDecodedColumnBytes / width else {
            throw .unreadable(.limitExceeded, "\(valueCount) values of \(width) bytes exceed maximumDecodedColumnBytes (\(options.maximumDecodedColumnBytes))", fileOffset: fileOffset)
        }
        decompressor = try PageDecompressor(codec: metadata.codec)
        // Whole-chunk buffers are sized once from the chunk's count; page buffers grow to the largest page.
        let capacity = accumulate ? valueCount : 0
        values = try Self.makeValueDecoder(leaf: leaf, metadata: metadata, options: options, capacity: capacity)
        state = PageState(
            definitionLevels: leaf.maxDefinitionLevel > 0 ? [UInt8](repeating: 0, count: capacity) : [],
            repetitionLevels: leaf.maxRepetitionLevel > 0 ? [UInt8](repeating: 0, count: capacity) : [],
            definition: leaf.maxDefinitionLevel > 0, repetition: leaf.maxRepetitionLevel > 0)
    }

    deinit { budget?.release(reported) }

    /// The next part of a data page (levels and values of up to `valuesPerSlice` entries, or a whole page in
    /// the encodings read whole), or nil after the chunk's last page. The buffers are reused for the part after:
    /// release this one before asking for the next, or its storage is copied.
    public func next() throws(ParquetError) -> ParquetColumnBuffer? {
        do {
            if pendingEntries == 0 {
                guard try decodeNextDataPage() else {
                    dropWindow()
                    return nil
                }
            }
            if pendingEntries > 0 { try readPart() }
        } catch {
            throw error.located(rowGroup: rowGroup, column: leaf.name)
        }
        let page = ParquetColumnBuffer(
            leaf: leaf, values: values.finish(), definitionLevels: state.takeDefinitionLevels(),
            repetitionLevels: state.takeRepetitionLevels(), levelCount: state.levelCount)
        if isFinished { dropWindow() }
        return page
    }

    /// The next `valuesPerSlice` entries of a data page read in parts.
    private func readPart() throws(ParquetError) {
        let count = min(pendingEntries, max(options.valuesPerSlice, 1))
        startPage(count)
        do {
            try state.readNextLevels(count)
            let present = try state.finishLevels(count, leaf: leaf)
            try values.readNextValues(count: present)
        } catch {
            throw error.at(offset: pendingOffset)
        }
        pendingEntries -= count
        try report()
    }

    /// Every page of the chunk into one buffer.
    func decodeAll() throws(ParquetError) -> ParquetColumnBuffer {
        while try decodeNextDataPage() {}
        dropWindow()
        return ParquetColumnBuffer(
            leaf: leaf, values: values.finish(), definitionLevels: state.definitionLevels,
            repetitionLevels: state.repetitionLevels, levelCount: state.levelCount)
    }

    /// The compressed bytes are not needed once the last page is decoded.
    private func dropWindow() {
        window = []
        try? report()
    }

    private func report() throws(ParquetError) {
        let now = bufferedBytes
        defer { reported = now }
        try budget?.change(from: reported, to: now, column: leaf.name)
    }

    /// Makes `window` hold chunk bytes `from..<from + count` (clamped to the chunk), releasing the old window first.
    private func load(from start: Int, count: Int) throws(ParquetError) {
        let count = min(count, chunkLength - start)
        window = []
        try budget?.change(from: reported, to: bufferedBytes + count, column: leaf.name)
        reported = bufferedBytes + count
        do {
            window = try source.read(offset: fileOffset + start, count: count)
        } catch let error as ParquetError {
            throw error
        } catch {
            throw .unreadable(.io, "reading \(count) bytes: \(error)", fileOffset: fileOffset + start)
        }
        guard window.count == count else {
            throw .unreadable(.io, "the source returned \(window.count) of \(count) bytes", fileOffset: fileOffset + start)
        }
        windowOffset = start
    }

    private var windowEnd: Int { windowOffset + window.count }

    /// Decodes pages up to and including the next data page; false when the chunk has no more.
    private func decodeNextDataPage() throws(ParquetError) -> Bool {
        let valueCount = metadata.valueCount
        while state.decodedLevels < valueCount {
            guard position < chunkLength else {
                throw .unreadable(.truncated, "the pages end after \(state.decodedLevels) of the \(valueCount) values the chunk declares",
                                  fileOffset: fileOffset + position)
            }
            let pageOffset = fileOffset + position
            pendingOffset = pageOffset
            do {
                let isData = try decodePage() == true
                try report()
                if isData && !accumulate { return true }
            } catch let error as ParquetError {
                throw error.at(offset: pageOffset)
            } catch {
                throw .unreadable(.malformedPage, "\(error)", fileOffset: pageOffset)
            }
        }
        return false
    }

    /// The page header at `position`, read from the window (loaded or widened as needed), and its length.
    private func pageHeader() throws -> (ThriftValue, Int) {
        if position < windowOffset || position >= windowEnd { try load(from: position, count: windowBytes) }
        while true {
            var reader = ThriftCompactReader(window, at: position - windowOffset)
            do {
                let header = try reader.structure()
                return (header, reader.position - (position - windowOffset))
            } catch {
                // A header cut by the window's end: widen the window; at the chunk's end it is malformed.
                guard windowEnd < chunkLength else { throw ParquetError.unreadable(.malformedMetadata, "page header: \(error)") }
                try load(from: position, count: max(windowBytes, 2 * (windowEnd - position)))
            }
        }
    }

    /// Decodes the page at `position`: true for a data page, false for a dictionary page, nil for a page
    /// this reader skips (index pages and types added later).
    private func decodePage() throws -> Bool? {
        let (header, headerLength) = try pageHeader()
        guard let type = header[1]?.int, let uncompressedRaw = header[2]?.int, let compressedRaw = header[3]?.int else {
            throw ParquetError.unreadable(.malformedMetadata, "the page header misses its type or sizes")
        }
        let left = chunkLength - position - headerLength
        guard compressedRaw >= 0, compressedRaw <= Int64(left) else {
            throw ParquetError.unreadable(.malformedPage, "the page claims \(compressedRaw) compressed bytes, the column chunk has \(left) left")
        }
        guard uncompressedRaw >= 0, uncompressedRaw <= Int64(options.maximumPageBytes) else {
            throw ParquetError.unreadable(.limitExceeded, "the page claims \(uncompressedRaw) uncompressed bytes, over the limit of \(options.maximumPageBytes)")
        }
        guard uncompressedRaw <= Int64(max(metadata.totalUncompressedSize, 0)) || metadata.codec == .uncompressed else {
            throw ParquetError.unreadable(.limitExceeded, "the page claims \(uncompressedRaw) uncompressed bytes, more than the whole column chunk's \(metadata.totalUncompressedSize)")
        }
        let compressed = Int(compressedRaw)
        let uncompressed = Int(uncompressedRaw)
        if position + headerLength + compressed > windowEnd {
            try load(from: position, count: max(windowBytes, headerLength + compressed))
        }
        let bodyStart = position - windowOffset + headerLength
        position += headerLength + compressed
        let valueCount = metadata.valueCount
        return try window.withUnsafeBytes { (all) throws -> Bool? in
            let body = UnsafeRawBufferPointer(rebasing: all[bodyStart..<bodyStart + compressed])
            switch type {
            case 2:
                guard !sawData, !sawDictionary else {
                    throw ParquetError.unreadable(.malformedPage, "a dictionary page after \(sawData ? "data pages" : "another dictionary page")")
                }
                sawDictionary = true
                guard let dictionary = header[7], let count = dictionary[1]?.int, count >= 0, count <= Int64(uncompressed) else {
                    throw ParquetError.unreadable(.malformedMetadata, "the dictionary page header misses or misstates num_values")
                }
                let encoding = Int32(truncatingIfNeeded: dictionary[2]?.int ?? 0)
                guard encoding == ValueEncoding.plain || encoding == ValueEncoding.plainDictionary else {
                    throw ParquetError.unreadable(.unsupported, "dictionary page encoded as \(ValueEncoding.name(encoding))")
                }
                let page = try expand(body, to: uncompressed, decompressor: decompressor, scratch: scratch)
                try values.readDictionary(page, count: Int(count))
                return false
            case 0:
                sawData = true
                guard let pageHeader = header[5], let count = pageHeader[1]?.int, let encoding = pageHeader[2]?.int else {
                    throw ParquetError.unreadable(.malformedMetadata, "the data page header misses num_values or encoding")
                }
                let page = accumulate
                    ? try expand(body, to: uncompressed, decompressor: decompressor, scratch: scratch)
                    : try expandStable(body, to: uncompressed)
                var cursor = 0
                let entries = try state.reserve(count, capacity: valueCount)
                if !accumulate {
                    // A page without entries (writers emit some) is decoded whole: there are no parts to read.
                    if entries > 0, try beginPartsV1(page, header: pageHeader, entries: entries, encoding: Int32(truncatingIfNeeded: encoding)) {
                        return true
                    }
                    startPage(entries)
                }
                if leaf.maxRepetitionLevel > 0 {
                    cursor += try state.readLevelsV1(
                        UnsafeRawBufferPointer(rebasing: page[cursor...]), encoding: pageHeader[4]?.int ?? 3,
                        maximum: leaf.maxRepetitionLevel, count: entries, repetition: true)
                }
                if leaf.maxDefinitionLevel > 0 {
                    cursor += try state.readLevelsV1(
                        UnsafeRawBufferPointer(rebasing: page[cursor...]), encoding: pageHeader[3]?.int ?? 3,
                        maximum: leaf.maxDefinitionLevel, count: entries, repetition: false)
                }
                let present = try state.finishLevels(entries, leaf: leaf)
                try values.readValues(UnsafeRawBufferPointer(rebasing: page[cursor...]), count: present,
                                      encoding: Int32(truncatingIfNeeded: encoding))
                return true
            case 3:
                sawData = true
                guard let pageHeader = header[8], let count = pageHeader[1]?.int, let encoding = pageHeader[4]?.int,
                    let definitionLength = pageHeader[5]?.int, let repetitionLength = pageHeader[6]?.int,
                    definitionLength >= 0, repetitionLength >= 0,
                    definitionLength + repetitionLength <= Int64(min(compressed, uncompressed))
                else {
                    throw ParquetError.unreadable(.malformedMetadata, "the data page v2 header misses or misstates counts, encoding or level lengths")
                }
                let levelBytes = Int(definitionLength + repetitionLength)
                let entries = try state.reserve(count, capacity: valueCount)
                let isCompressed = pageHeader[7]?.bool ?? true
                if !accumulate {
                    // Levels and values out of the window into memory of the column's own, then read in parts.
                    let levels = levelScratch.copy(UnsafeRawBufferPointer(rebasing: body[0..<levelBytes]))
                    let valueBody = UnsafeRawBufferPointer(rebasing: body[levelBytes...])
                    let page = isCompressed ? try expandStable(valueBody, to: uncompressed - levelBytes) : scratch.copy(valueBody)
                    if entries > 0, try values.beginValues(page, encoding: Int32(truncatingIfNeeded: encoding)) {
                        try state.beginLevels(
                            repetition: leaf.maxRepetitionLevel > 0 ? UnsafeRawBufferPointer(rebasing: levels[0..<Int(repetitionLength)]) : nil,
                            definition: leaf.maxDefinitionLevel > 0 ? UnsafeRawBufferPointer(rebasing: levels[Int(repetitionLength)...]) : nil,
                            leaf: leaf)
                        pendingEntries = entries
                        return true
                    }
                    startPage(entries)
                    let present = try readLevelsV2(levels, repetitionLength: Int(repetitionLength), entries: entries)
                    try values.readValues(page, count: present, encoding: Int32(truncatingIfNeeded: encoding))
                    return true
                }
                if leaf.maxRepetitionLevel > 0 {
                    try state.readLevelsV2(UnsafeRawBufferPointer(rebasing: body[0..<Int(repetitionLength)]),
                                           maximum: leaf.maxRepetitionLevel, count: entries, repetition: true)
                }
                if leaf.maxDefinitionLevel > 0 {
                    try state.readLevelsV2(UnsafeRawBufferPointer(rebasing: body[Int(repetitionLength)..<levelBytes]),
                                           maximum: leaf.maxDefinitionLevel, count: entries, repetition: false)
                }
                let present = try state.finishLevels(entries, leaf: leaf)
                let valueBody = UnsafeRawBufferPointer(rebasing: body[levelBytes...])
                let page = isCompressed
                    ? try expand(valueBody, to: uncompressed - levelBytes, decompressor: decompressor, scratch: scratch)
                    : valueBody
                try values.readValues(page, count: present, encoding: Int32(truncatingIfNeeded: encoding))
                return true
            default:
                // Index pages and page types added later carry nothing this reader needs.
                return nil
            }
        }
    }

    /// Sets up a data page v1 to be read in parts: RLE level sections (their lengths say where the values
    /// start) and values the decoder reads in parts. False when the page must be decoded whole.
    private func beginPartsV1(_ page: UnsafeRawBufferPointer, header: ThriftValue, entries: Int, encoding: Int32) throws(ParquetError) -> Bool {
        var cursor = 0
        func section(_ encoding: Int64, repetition: Bool) throws(ParquetError) -> UnsafeRawBufferPointer? {
            guard encoding == Int64(ValueEncoding.rle) else { return nil }
            guard page.count - cursor >= 4 else { throw .unreadable(.malformedPage, "the \(repetition ? "repetition" : "definition") level length is missing") }
            let length = Int(UnsafeRawBufferPointer(rebasing: page[cursor...]).loadUnaligned(as: UInt32.self).littleEndian)
            guard length <= page.count - cursor - 4 else {
                throw .unreadable(.malformedPage, "\(repetition ? "repetition" : "definition") levels claim \(length) bytes, the page has \(page.count - cursor - 4) left")
            }
            defer { cursor += 4 + length }
            return UnsafeRawBufferPointer(rebasing: page[(cursor + 4)..<(cursor + 4 + length)])
        }
        var repetition: UnsafeRawBufferPointer?
        var definition: UnsafeRawBufferPointer?
        if leaf.maxRepetitionLevel > 0 {
            guard let levels = try section(header[4]?.int ?? 3, repetition: true) else { return false }
            repetition = levels
        }
        if leaf.maxDefinitionLevel > 0 {
            guard let levels = try section(header[3]?.int ?? 3, repetition: false) else { return false }
            definition = levels
        }
        guard try values.beginValues(UnsafeRawBufferPointer(rebasing: page[cursor...]), encoding: encoding) else { return false }
        try state.beginLevels(repetition: repetition, definition: definition, leaf: leaf)
        pendingEntries = entries
        return true
    }

    /// A whole data page v2's levels from their copied sections; returns the entries holding a value.
    private func readLevelsV2(_ levels: UnsafeRawBufferPointer, repetitionLength: Int, entries: Int) throws(ParquetError) -> Int {
        if leaf.maxRepetitionLevel > 0 {
            try state.readLevelsV2(UnsafeRawBufferPointer(rebasing: levels[0..<repetitionLength]),
                                   maximum: leaf.maxRepetitionLevel, count: entries, repetition: true)
        }
        if leaf.maxDefinitionLevel > 0 {
            try state.readLevelsV2(UnsafeRawBufferPointer(rebasing: levels[repetitionLength...]),
                                   maximum: leaf.maxDefinitionLevel, count: entries, repetition: false)
        }
        return try state.finishLevels(entries, leaf: leaf)
    }

    /// The page body uncompressed in the column's own scratch memory (copied when stored uncompressed), so it
    /// stays valid while the page is read in parts and the window moves on.
    private func expandStable(_ body: UnsafeRawBufferPointer, to size: Int) throws(ParquetError) -> UnsafeRawBufferPointer {
        if decompressor.codec == .uncompressed {
            guard body.count == size else {
                throw .unreadable(.malformedPage, "an uncompressed page of \(body.count) bytes declares \(size)")
            }
            return scratch.copy(body)
        }
        return try expand(body, to: size, decompressor: decompressor, scratch: scratch)
    }

    /// A data page read on its own: the buffers start over with room for its entries.
    private func startPage(_ entries: Int) {
        values.reset(capacity: entries)
        state.reset(capacity: entries)
    }

    /// The page body uncompressed: the stored bytes themselves for UNCOMPRESSED, else decompressed into scratch.
    private func expand(
        _ body: UnsafeRawBufferPointer, to size: Int, decompressor: PageDecompressor, scratch: PageScratch
    ) throws(ParquetError) -> UnsafeRawBufferPointer {
        if decompressor.codec == .uncompressed {
            guard body.count == size else {
                throw .unreadable(.malformedPage, "an uncompressed page of \(body.count) bytes declares \(size)")
            }
            return body
        }
        let output = scratch.buffer(size)
        try decompressor.decompress(body, into: output)
        return UnsafeRawBufferPointer(output)
    }

    private static func makeValueDecoder(
        leaf: ParquetFileLeaf, metadata: ParquetColumnChunkMetadata, options: ParquetReaderOptions, capacity: Int
    ) throws(ParquetError) -> any ColumnValueDecoder {
        switch leaf.physicalType {
        case .boolean: BooleanValueDecoder(capacity: capacity)
        case .int32: FixedWidthValueDecoder<Int32>(type: .int32, capacity: capacity) { .int32($0) }
        case .int64: FixedWidthValueDecoder<Int64>(type: .int64, capacity: capacity) { .int64($0) }
        case .int96: FixedWidthValueDecoder<ParquetInt96>(type: .int96, capacity: capacity) { .int96($0) }
        case .float: FixedWidthValueDecoder<Float>(type: .float, capacity: capacity) { .float($0) }
        case .double: FixedWidthValueDecoder<Double>(type: .double, capacity: capacity) { .double($0) }
        case .byteArray:
            ByteArrayValueDecoder(
                capacity: capacity, dataCapacity: min(capacity == 0 ? 1 << 16 : metadata.totalUncompressedSize, options.maximumPageBytes),
                limit: options.maximumDecodedColumnBytes)
        case .fixedLenByteArray(let width): try FixedBytesValueDecoder(width: width, capacity: capacity)
        }
    }
}

/// The levels in the buffers (the whole chunk's, or the current page's) and the count decoded from the chunk.
private struct PageState {
    var definitionLevels: [UInt8]
    var repetitionLevels: [UInt8]
    /// Entries in the buffers.
    var levelCount = 0
    /// Entries decoded from the chunk so far.
    var decodedLevels = 0

    /// Checks a page's num_values against the room the chunk declared.
    func reserve(_ count: Int64, capacity: Int) throws(ParquetError) -> Int {
        guard count >= 0, count <= Int64(capacity - decodedLevels) else {
            throw .unreadable(.malformedPage, "the page holds \(count) values; the column chunk has \(capacity - decodedLevels) left of the \(capacity) it declares")
        }
        return Int(count)
    }

    /// Whether the leaf has each kind of level (an empty buffer alone cannot say so between pages).
    let hasDefinition: Bool
    let hasRepetition: Bool

    init(definitionLevels: [UInt8], repetitionLevels: [UInt8], definition: Bool, repetition: Bool) {
        self.definitionLevels = definitionLevels
        self.repetitionLevels = repetitionLevels
        hasDefinition = definition
        hasRepetition = repetition
    }

    /// Level runs of a data page read in parts.
    private var repetitionRuns: RLEHybridDecoder?
    private var definitionRuns: RLEHybridDecoder?

    mutating func beginLevels(repetition: UnsafeRawBufferPointer?, definition: UnsafeRawBufferPointer?, leaf: ParquetFileLeaf) throws(ParquetError) {
        repetitionRuns = nil
        definitionRuns = nil
        if let repetition { repetitionRuns = try RLEHybridDecoder(repetition, bitWidth: BitReader.width(forMaximum: leaf.maxRepetitionLevel)) }
        if let definition { definitionRuns = try RLEHybridDecoder(definition, bitWidth: BitReader.width(forMaximum: leaf.maxDefinitionLevel)) }
    }

    /// The next `count` entries' levels of the page `beginLevels` started, after those in the buffers.
    mutating func readNextLevels(_ count: Int) throws(ParquetError) {
        let start = levelCount
        if var runs = repetitionRuns {
            try withLevels(true) { (levels) throws(ParquetError) in try runs.decode(into: levels + start, count: count) }
            repetitionRuns = runs
        }
        if var runs = definitionRuns {
            try withLevels(false) { (levels) throws(ParquetError) in try runs.decode(into: levels + start, count: count) }
            definitionRuns = runs
        }
    }

    /// Empties the buffers for a page of `capacity` entries, keeping their storage.
    mutating func reset(capacity: Int) {
        levelCount = 0
        if hasDefinition && definitionLevels.count < capacity {
            definitionLevels += repeatElement(0, count: capacity - definitionLevels.count)
        }
        if hasRepetition && repetitionLevels.count < capacity {
            repetitionLevels += repeatElement(0, count: capacity - repetitionLevels.count)
        }
    }

    /// The page's definition levels, trimmed to its entries (the storage is kept for the next page).
    mutating func takeDefinitionLevels() -> [UInt8] {
        guard hasDefinition else { return [] }
        definitionLevels.removeLast(definitionLevels.count - levelCount)
        return definitionLevels
    }

    mutating func takeRepetitionLevels() -> [UInt8] {
        guard hasRepetition else { return [] }
        repetitionLevels.removeLast(repetitionLevels.count - levelCount)
        return repetitionLevels
    }

    /// Data page v1 levels: RLE with a 4-byte length prefix, or the deprecated BIT_PACKED. Returns bytes used.
    mutating func readLevelsV1(_ data: UnsafeRawBufferPointer, encoding: Int64, maximum: Int, count: Int, repetition: Bool) throws(ParquetError) -> Int {
        let width = BitReader.width(forMaximum: maximum)
        let start = levelCount
        switch encoding {
        case Int64(ValueEncoding.rle):
            guard data.count >= 4 else { throw .unreadable(.malformedPage, "the \(repetition ? "repetition" : "definition") level length is missing") }
            let length = Int(data.loadUnaligned(as: UInt32.self).littleEndian)
            guard length <= data.count - 4 else {
                throw .unreadable(.malformedPage, "\(repetition ? "repetition" : "definition") levels claim \(length) bytes, the page has \(data.count - 4) left")
            }
            var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: data[4..<4 + length]), bitWidth: width)
            try withLevels(repetition) { (levels) throws(ParquetError) in try decoder.decode(into: levels + start, count: count) }
            return 4 + length
        case Int64(ValueEncoding.bitPacked):
            return try withLevels(repetition) { (levels) throws(ParquetError) in
                try LegacyBitPackedDecoder.decode(data, bitWidth: width, count: count, into: levels + start)
            }
        default:
            throw .unreadable(.unsupported, "\(repetition ? "repetition" : "definition") levels encoded as \(ValueEncoding.name(Int32(truncatingIfNeeded: encoding)))")
        }
    }

    /// Data page v2 levels: RLE without a length prefix, filling exactly the bytes the header gives them.
    mutating func readLevelsV2(_ data: UnsafeRawBufferPointer, maximum: Int, count: Int, repetition: Bool) throws(ParquetError) {
        var decoder = try RLEHybridDecoder(data, bitWidth: BitReader.width(forMaximum: maximum))
        let start = levelCount
        try withLevels(repetition) { (levels) throws(ParquetError) in try decoder.decode(into: levels + start, count: count) }
    }

    private mutating func withLevels<R>(_ repetition: Bool, _ body: (UnsafeMutablePointer<UInt8>) throws(ParquetError) -> R) throws(ParquetError) -> R {
        if repetition {
            return try repetitionLevels.withUnsafeMutableBufferPointer { (buffer) throws(ParquetError) in try body(buffer.baseAddress!) }
        }
        return try definitionLevels.withUnsafeMutableBufferPointer { (buffer) throws(ParquetError) in try body(buffer.baseAddress!) }
    }

    /// Validates the page's levels and returns how many entries hold a value.
    mutating func finishLevels(_ count: Int, leaf: ParquetFileLeaf) throws(ParquetError) -> Int {
        let start = levelCount
        levelCount += count
        decodedLevels += count
        if leaf.maxRepetitionLevel > 0 {
            let maximum = UInt8(leaf.maxRepetitionLevel)
            let largest = repetitionLevels[start..<start + count].max() ?? 0
            guard largest <= maximum else {
                throw .unreadable(.malformedValues, "repetition level \(largest) exceeds the column's maximum \(maximum)")
            }
        }
        guard leaf.maxDefinitionLevel > 0 else { return count }
        let maximum = UInt8(leaf.maxDefinitionLevel)
        return try definitionLevels.withUnsafeBufferPointer { (levels) throws(ParquetError) -> Int in
            var present = 0
            var largest: UInt8 = 0
            for index in start..<start + count {
                let level = levels[index]
                largest = max(largest, level)
                present &+= level == maximum ? 1 : 0
            }
            guard largest <= maximum else {
                throw .unreadable(.malformedValues, "definition level \(largest) exceeds the column's maximum \(maximum)")
            }
            return present
        }
    }
}

/// One reusable buffer for decompressed pages.
private final class PageScratch {
    private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    var capacity: Int { storage.count }

    /// `bytes` copied into the buffer.
    func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let output = buffer(bytes.count)
        if let base = bytes.baseAddress, bytes.count > 0 { output.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
        return UnsafeRawBufferPointer(output)
    }

    func buffer(_ size: Int) -> UnsafeMutableRawBufferPointer {
        if storage.count < size {
            storage.deallocate()
            storage = .allocate(byteCount: max(size, 64), alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(rebasing: storage[0..<size])
    }

    deinit { storage.deallocate() }
}
