/// Decodes the pages of one column chunk (dictionary page, data pages v1 and v2) into a `ParquetColumnBuffer`.
///
/// Every size a page header states is checked against the chunk's bytes and the reader's limits before
/// anything is allocated for it, and the buffers are sized once from the chunk's value count.
struct ColumnChunkDecoder {
    let leaf: ParquetFileLeaf
    let metadata: ParquetColumnChunkMetadata
    let options: ParquetReaderOptions
    /// Offset of the chunk's first byte in the file, to place errors.
    let fileOffset: Int

    func decode(_ chunk: [UInt8]) throws(ParquetError) -> ParquetColumnBuffer {
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
        let decompressor = try PageDecompressor(codec: metadata.codec)
        let values = try makeValueDecoder(capacity: valueCount)
        var state = PageState(
            definitionLevels: leaf.maxDefinitionLevel > 0 ? [UInt8](repeating: 0, count: valueCount) : [],
            repetitionLevels: leaf.maxRepetitionLevel > 0 ? [UInt8](repeating: 0, count: valueCount) : [])
        let scratch = PageScratch()
        var position = 0
        var sawData = false
        var sawDictionary = false
        while state.levelCount < valueCount {
            guard position < chunk.count else {
                throw .unreadable(.truncated, "the pages end after \(state.levelCount) of the \(valueCount) values the chunk declares",
                                  fileOffset: fileOffset + position)
            }
            let pageOffset = fileOffset + position
            do {
                var reader = ThriftCompactReader(chunk, at: position)
                let header: ThriftValue
                do {
                    header = try reader.structure()
                } catch {
                    throw ParquetError.unreadable(.malformedMetadata, "page header: \(error)")
                }
                let bodyStart = reader.position
                guard let type = header[1]?.int, let uncompressedRaw = header[2]?.int, let compressedRaw = header[3]?.int else {
                    throw ParquetError.unreadable(.malformedMetadata, "the page header misses its type or sizes")
                }
                guard compressedRaw >= 0, compressedRaw <= Int64(chunk.count - bodyStart) else {
                    throw ParquetError.unreadable(.malformedPage, "the page claims \(compressedRaw) compressed bytes, the column chunk has \(chunk.count - bodyStart) left")
                }
                guard uncompressedRaw >= 0, uncompressedRaw <= Int64(options.maximumPageBytes) else {
                    throw ParquetError.unreadable(.limitExceeded, "the page claims \(uncompressedRaw) uncompressed bytes, over the limit of \(options.maximumPageBytes)")
                }
                guard uncompressedRaw <= Int64(max(metadata.totalUncompressedSize, 0)) || metadata.codec == .uncompressed else {
                    throw ParquetError.unreadable(.limitExceeded, "the page claims \(uncompressedRaw) uncompressed bytes, more than the whole column chunk's \(metadata.totalUncompressedSize)")
                }
                let compressed = Int(compressedRaw)
                let uncompressed = Int(uncompressedRaw)
                position = bodyStart + compressed
                try chunk.withUnsafeBytes { all in
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
                    case 0:
                        sawData = true
                        guard let pageHeader = header[5], let count = pageHeader[1]?.int, let encoding = pageHeader[2]?.int else {
                            throw ParquetError.unreadable(.malformedMetadata, "the data page header misses num_values or encoding")
                        }
                        let page = try expand(body, to: uncompressed, decompressor: decompressor, scratch: scratch)
                        var cursor = 0
                        let entries = try state.reserve(count, capacity: valueCount)
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
                        let isCompressed = pageHeader[7]?.bool ?? true
                        let page = isCompressed
                            ? try expand(valueBody, to: uncompressed - levelBytes, decompressor: decompressor, scratch: scratch)
                            : valueBody
                        try values.readValues(page, count: present, encoding: Int32(truncatingIfNeeded: encoding))
                    default:
                        // Index pages and page types added later carry nothing this reader needs.
                        break
                    }
                }
            } catch let error as ParquetError {
                throw error.at(offset: pageOffset)
            } catch {
                throw .unreadable(.malformedPage, "\(error)", fileOffset: pageOffset)
            }
        }
        return ParquetColumnBuffer(
            leaf: leaf, values: values.finish(), definitionLevels: state.definitionLevels,
            repetitionLevels: state.repetitionLevels, levelCount: state.levelCount)
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

    private func makeValueDecoder(capacity: Int) throws(ParquetError) -> any ColumnValueDecoder {
        switch leaf.physicalType {
        case .boolean: BooleanValueDecoder(capacity: capacity)
        case .int32: FixedWidthValueDecoder<Int32>(type: .int32, capacity: capacity) { .int32($0) }
        case .int64: FixedWidthValueDecoder<Int64>(type: .int64, capacity: capacity) { .int64($0) }
        case .int96: FixedWidthValueDecoder<ParquetInt96>(type: .int96, capacity: capacity) { .int96($0) }
        case .float: FixedWidthValueDecoder<Float>(type: .float, capacity: capacity) { .float($0) }
        case .double: FixedWidthValueDecoder<Double>(type: .double, capacity: capacity) { .double($0) }
        case .byteArray:
            ByteArrayValueDecoder(
                capacity: capacity, dataCapacity: min(metadata.totalUncompressedSize, options.maximumPageBytes),
                limit: options.maximumDecodedColumnBytes)
        case .fixedLenByteArray(let width): try FixedBytesValueDecoder(width: width, capacity: capacity)
        }
    }
}

/// The levels decoded so far for one chunk.
private struct PageState {
    var definitionLevels: [UInt8]
    var repetitionLevels: [UInt8]
    var levelCount = 0

    /// Checks a page's num_values against the room the chunk declared.
    func reserve(_ count: Int64, capacity: Int) throws(ParquetError) -> Int {
        guard count >= 0, count <= Int64(capacity - levelCount) else {
            throw .unreadable(.malformedPage, "the page holds \(count) values; the column chunk has \(capacity - levelCount) left of the \(capacity) it declares")
        }
        return Int(count)
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

    func buffer(_ size: Int) -> UnsafeMutableRawBufferPointer {
        if storage.count < size {
            storage.deallocate()
            storage = .allocate(byteCount: max(size, 64), alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(rebasing: storage[0..<size])
    }

    deinit { storage.deallocate() }
}
