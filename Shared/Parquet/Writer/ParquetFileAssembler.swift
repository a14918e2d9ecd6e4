/// What a closed file holds.
public struct ParquetFileSummary: Sendable, Equatable {
    public let rowCount: Int
    public let rowGroupCount: Int
    public let byteCount: Int
}

/// The part of a file writer that does not depend on how rows arrive: the leaf columns' writers, closing a row
/// group (its chunks in schema order, their metadata), and the footer. `ParquetWriter` (flat rows) and
/// `ParquetNestedWriter` (records with groups, lists and maps) feed it.
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

    var aColumnWantsRowGroupEnd: Bool {
        slots.contains { $0.writer.wantsRowGroupEnd }
    }

    /// Bytes buffered for the open row group.
    var bufferedBytes: Int {
        slots.reduce(0) { $0 + $1.writer.bufferedBytes }
    }

    /// Writes the open row group of `rowCount` rows (nothing when it has none); with `thenReset`, clears the
    /// columns for the next one.
    func writeRowGroup(rowCount: Int, thenReset: Bool) throws {
        guard rowCount > 0 else { return }
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
            columns: chunks, rowCount: Int64(rowCount), fileOffset: rowGroupOffset,
            ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
    }

    /// Writes the last row group (`openRows` rows), then the footer for `schema`: the sink holds a complete file.
    func finish(schema: [FooterSchemaElement], openRows: Int, totalRows: Int) throws -> ParquetFileSummary {
        // The last row group: no next one for the columns to be cleared for.
        try writeRowGroup(rowCount: openRows, thenReset: false)
        let footer = ByteBuffer(capacity: 4096)
        FileMetaData(
            schema: schema, rowCount: Int64(totalRows), rowGroups: rowGroups,
            keyValueMetadata: options.keyValueMetadata.map { ($0.key, $0.value) }, createdBy: options.createdBy
        ).encode(into: footer)
        let footerLength = footer.count
        footer.appendLittleEndian(UInt32(footerLength))
        footer.append(ParquetMagic.bytes)
        try emit(footer.bytes)
        return ParquetFileSummary(rowCount: totalRows, rowGroupCount: rowGroups.count, byteCount: bytesWritten)
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
