/// What a closed file holds.
public struct ParquetFileSummary: Sendable, Equatable {
    public let rowCount: Int
    public let rowGroupCount: Int
    public let byteCount: Int
}

/// The part of a file writer that does not depend on how rows arrive: the leaf columns' writers, the row
/// count, when a row group closes and how (its chunks in schema order, their metadata), the footer, and
/// closing for good after a failure. `ParquetWriter` (flat rows) and `ParquetNestedWriter` (records with
/// groups, lists and maps) feed it.
final class ParquetFileAssembler {
    let options: ParquetWriterOptions
    private let sink: any ParquetSink
    let slots: [ColumnSlot]
    /// The same writers as `slots`, for the steps that run on every column.
    let writers: [ColumnWriter]
    let lanes: ColumnLanes
    /// `path_in_schema` of each leaf.
    private let paths: [[String]]
    private var rowGroups: [RowGroupMetaData] = []
    private(set) var bytesWritten = 0
    /// Rows (records) accepted so far, and those in the open row group.
    private(set) var rowCount = 0
    private var rowsInGroup = 0
    /// False after `close()`, or after a write failed part-way and left the file incomplete.
    private(set) var isOpen = true

    /// Starts the file (its magic goes to `sink`); `leaves` are the leaf columns in schema order.
    init(leaves: [(column: ParquetColumn, path: [String])], options: ParquetWriterOptions, sink: any ParquetSink) throws {
        try options.validate()
        self.options = options
        self.sink = sink
        let lanes = ColumnLanes(count: options.encodingThreads, codec: options.compression)
        self.lanes = lanes
        slots = leaves.map { ColumnSlot(column: $0.column, options: options, compressor: lanes.callerCompressor) }
        writers = slots.map(\.writer)
        paths = leaves.map(\.path)
        try emit(ParquetMagic.bytes)
    }

    /// Runs `body`, which appends to the columns; if it fails, the file is left incomplete, so the writer closes.
    func failing(_ body: () throws -> Void) throws {
        guard isOpen else { throw ParquetError.writerClosed }
        do {
            try body()
        } catch {
            isOpen = false
            throw error
        }
    }

    /// Counts a row the caller has just appended to every column, and closes the row group when it is full.
    @inline(__always)
    func rowAppended() throws {
        rowCount += 1
        rowsInGroup += 1
        if rowsInGroup >= options.rowGroupRowLimit || aColumnWantsRowGroupEnd
            || (rowsInGroup % 256 == 0 && bufferedBytes >= options.rowGroupByteLimit) {
            try writeRowGroup(thenReset: true)
        }
    }

    /// Appends a batch of `count` rows in slices: `append(column, rows)` runs for every column of a slice,
    /// side by side on the lanes, then the row group closes if it is full. Slices keep row groups and
    /// dictionaries within their limits.
    func appendBatch(count: Int, _ append: @escaping (Int, Range<Int>) throws(ParquetError) -> Void) throws {
        try failing {
            var start = 0
            while start < count {
                let sliceRows = BatchSlicing.rows(
                    rowsInGroup: rowsInGroup, bufferedBytes: bufferedBytes, rowGroupByteLimit: options.rowGroupByteLimit,
                    columnRows: writers.reduce(Int.max) { min($0, $1.rowsBeforeDictionaryLimit) })
                let end = min(count, start + sliceRows, start + options.rowGroupRowLimit - rowsInGroup)
                // The columns encode the slice side by side; the checks below see all of them done.
                let range = start..<end
                try lanes.run(writers) { (index) throws(ParquetError) in try append(index, range) }
                rowCount += end - start
                rowsInGroup += end - start
                if rowsInGroup >= options.rowGroupRowLimit || aColumnWantsRowGroupEnd
                    || bufferedBytes >= options.rowGroupByteLimit {
                    try writeRowGroup(thenReset: true)
                }
                start = end
            }
        }
    }

    /// Writes the open row group now (if it has rows).
    func flushRowGroup() throws {
        try failing { try writeRowGroup(thenReset: true) }
    }

    /// Writes the last row group and the footer for `schema`: the sink then holds a complete file.
    func close(schema: [FooterSchemaElement]) throws -> ParquetFileSummary {
        var summary: ParquetFileSummary?
        try failing { summary = try finish(schema: schema) }
        isOpen = false
        return summary!
    }

    var aColumnWantsRowGroupEnd: Bool {
        slots.contains { $0.writer.wantsRowGroupEnd }
    }

    /// Bytes buffered for the open row group.
    var bufferedBytes: Int {
        slots.reduce(0) { $0 + $1.writer.bufferedBytes }
    }

    /// Writes the open row group (nothing when it has no rows); with `thenReset`, clears the columns for the
    /// next one.
    private func writeRowGroup(thenReset: Bool) throws {
        guard rowsInGroup > 0 else { return }
        // Closing a chunk compresses its last page and its dictionary: that runs for all columns side by
        // side, then the chunks go out in schema order.
        let finished = UnsafeMutableBufferPointer<Result<EncodedColumnChunk, ParquetError>?>.allocate(capacity: writers.count)
        finished.initialize(repeating: nil)
        defer {
            _ = finished.deinitialize()
            finished.deallocate()
        }
        try lanes.run(writers) { [writers] (index) throws(ParquetError) in
            finished[index] = Result { () throws(ParquetError) in try writers[index].finishChunk() }
        }
        let rowGroupOffset = Int64(bytesWritten)
        var chunks: [ColumnChunkMetaData] = []
        for (index, writer) in writers.enumerated() {
            // A failure surfaces at its column, after the columns before it went out, as when written one by one.
            let chunk = try finished[index]!.get()
            let chunkOffset = Int64(bytesWritten)
            try emit(chunk.dictionaryPage)
            let dataPageOffset = Int64(bytesWritten)
            try emit(chunk.dataPages)
            chunks.append(ColumnChunkMetaData(
                physicalType: writer.column.type.physicalType, encodings: chunk.encodings, path: paths[index],
                codec: options.compression, valueCount: Int64(chunk.valueCount),
                totalUncompressedSize: Int64(chunk.uncompressedSize),
                totalCompressedSize: Int64(bytesWritten) - chunkOffset,
                dataPageOffset: dataPageOffset,
                dictionaryPageOffset: chunk.dictionaryPage.isEmpty ? nil : chunkOffset,
                statistics: chunk.statistics))
        }
        if thenReset {
            // Clearing the dictionaries for the next row group is per column work too.
            try lanes.run(writers) { [writers] index in writers[index].reset() }
        }
        rowGroups.append(RowGroupMetaData(
            columns: chunks, rowCount: Int64(rowsInGroup), fileOffset: rowGroupOffset,
            ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
        rowsInGroup = 0
    }

    private func finish(schema: [FooterSchemaElement]) throws -> ParquetFileSummary {
        // The last row group: no next one for the columns to be cleared for.
        try writeRowGroup(thenReset: false)
        let footer = ByteBuffer(capacity: 4096)
        FileMetaData(
            schema: schema, rowCount: Int64(rowCount), rowGroups: rowGroups,
            keyValueMetadata: options.keyValueMetadata.map { ($0.key, $0.value) }, createdBy: options.createdBy
        ).encode(into: footer)
        let footerLength = footer.count
        footer.appendLittleEndian(UInt32(footerLength))
        footer.append(ParquetMagic.bytes)
        try emit(footer.bytes)
        return ParquetFileSummary(rowCount: rowCount, rowGroupCount: rowGroups.count, byteCount: bytesWritten)
    }

    private func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try emit($0) }
    }

    private func emit(_ buffer: ByteBuffer) throws {
        try emit(buffer.bytes)
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        try sink.write(bytes)
        bytesWritten += bytes.count
    }
}
