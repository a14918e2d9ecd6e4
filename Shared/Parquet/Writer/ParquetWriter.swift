/// What a closed file holds.
public struct ParquetFileSummary: Sendable, Equatable {
    public let rowCount: Int
    public let rowGroupCount: Int
    public let byteCount: Int
}

/// Streams rows into a Parquet file.
///
/// Rows are buffered per column as encoded pages; when the buffered row group reaches
/// `rowGroupByteLimit` bytes or `rowGroupRowLimit` rows it is written to the sink and dropped, so memory
/// stays bounded whatever the number of rows. `close()` writes the footer.
///
///     let writer = try ParquetWriter(schema: schema, sink: FileOutputSink(path: path))
///     try writer.write(row: [.string("page_view"), .timestamp(1_735_689_600_000), nil])
///     try writer.write(columns: [.strings(types), .timestamps(times), .int32s(durations)])
///     try writer.close()
///
/// A row or batch that is rejected (null in a required column, wrong type, bad UTF-8, decimal out of range)
/// is not written at all, and the writer stays usable. A failure of the sink or a codec closes the writer.
public final class ParquetWriter {
    public let schema: ParquetSchema
    public let options: ParquetWriterOptions
    private let sink: any ParquetSink
    private let slots: [ColumnSlot]
    /// The same writers as `slots`, for the steps that run on every column.
    private let writers: [ColumnWriter]
    private let lanes: ColumnLanes
    private var rowGroups: [RowGroupMetaData] = []
    private var rowsInGroup = 0
    private var bytesWritten = 0
    private var isOpen = true
    /// Rows accepted so far; the row number of the next row.
    public private(set) var rowCount = 0

    public init(schema: ParquetSchema, options: ParquetWriterOptions = ParquetWriterOptions(), sink: any ParquetSink) throws {
        try options.validate()
        self.schema = schema
        self.options = options
        self.sink = sink
        let lanes = ColumnLanes(count: options.encodingThreads, codec: options.compression)
        self.lanes = lanes
        slots = schema.columns.map { ColumnSlot(column: $0, options: options, compressor: lanes.callerCompressor) }
        writers = slots.map(\.writer)
        try emit(ParquetMagic.bytes)
    }

    // MARK: Rows

    /// Writes one row: a value or `nil` (null) per column, in schema order.
    public func write(row: [ParquetValue?]) throws {
        guard isOpen else { throw ParquetError.writerClosed }
        guard row.count == slots.count else {
            throw ParquetError.rowWidthMismatch(row: rowCount, expected: slots.count, found: row.count)
        }
        for (index, value) in row.enumerated() {
            try ValueValidation.check(value, column: schema.columns[index], row: rowCount)
        }
        try failing {
            for (index, value) in row.enumerated() { try append(value, to: slots[index]) }
            rowCount += 1
            rowsInGroup += 1
            if rowsInGroup >= options.rowGroupRowLimit || aColumnWantsRowGroupEnd
                || (rowsInGroup % 256 == 0 && bufferedBytes >= options.rowGroupByteLimit) {
                try flushRowGroup()
            }
        }
    }

    /// Writes a batch of rows given column by column, in schema order; every column must have the same count.
    public func write(columns: [ParquetColumnValues]) throws {
        guard isOpen else { throw ParquetError.writerClosed }
        guard columns.count == slots.count else {
            throw ParquetError.batchMismatch("\(columns.count) columns given for a schema of \(slots.count)")
        }
        let count = columns.first?.count ?? 0
        for (index, values) in columns.enumerated() {
            let column = schema.columns[index]
            guard values.count == count else {
                throw ParquetError.batchMismatch(
                    "column '\(column.name)' has \(values.count) values, column '\(schema.columns[0].name)' has \(count)")
            }
            try ValueValidation.check(values, column: column, firstRow: rowCount)
        }
        try failing {
            var start = 0
            while start < count {
                let sliceRows = BatchSlicing.rows(
                    rowsInGroup: rowsInGroup, bufferedBytes: bufferedBytes, rowGroupByteLimit: options.rowGroupByteLimit,
                    columnRows: writers.reduce(Int.max) { min($0, $1.rowsBeforeDictionaryLimit) })
                let end = min(count, start + sliceRows, start + options.rowGroupRowLimit - rowsInGroup)
                // The columns encode the slice side by side; the checks below see all of them done.
                let range = start..<end
                try lanes.run(writers) { [slots] (index) throws(ParquetError) in
                    try Self.append(columns[index], range: range, to: slots[index])
                }
                rowCount += end - start
                rowsInGroup += end - start
                if rowsInGroup >= options.rowGroupRowLimit || aColumnWantsRowGroupEnd
                    || bufferedBytes >= options.rowGroupByteLimit {
                    try flushRowGroup()
                }
                start = end
            }
        }
    }

    private var aColumnWantsRowGroupEnd: Bool {
        slots.contains { $0.writer.wantsRowGroupEnd }
    }

    /// Bytes buffered for the open row group.
    public var bufferedBytes: Int {
        slots.reduce(0) { $0 + $1.writer.bufferedBytes }
    }

    /// Writes the open row group now (if it has rows), for example before a pause in the input.
    public func flushRowGroup() throws {
        guard isOpen else { throw ParquetError.writerClosed }
        try failing { try writeRowGroup(thenReset: true) }
    }

    /// Writes the last row group and the footer. The sink then holds a complete file.
    @discardableResult
    public func close() throws -> ParquetFileSummary {
        guard isOpen else { throw ParquetError.writerClosed }
        try failing {
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
            try emit(footer)
        }
        isOpen = false
        return ParquetFileSummary(rowCount: rowCount, rowGroupCount: rowGroups.count, byteCount: bytesWritten)
    }

    // MARK: Internals

    /// Runs `body`; if it fails, the file is left incomplete, so the writer closes.
    private func failing(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            isOpen = false
            throw error
        }
    }

    private func emit(_ buffer: ByteBuffer) throws {
        try emit(buffer.bytes)
    }

    private func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try emit($0) }
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        try sink.write(bytes)
        bytesWritten += bytes.count
    }

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
        for (index, column) in schema.columns.enumerated() {
            // A failure surfaces at its column, after the columns before it went out, as when written one by one.
            let chunk = try finished[index]!.get()
            let chunkOffset = Int64(bytesWritten)
            try emit(chunk.dictionaryPage)
            let dataPageOffset = Int64(bytesWritten)
            try emit(chunk.dataPages)
            chunks.append(ColumnChunkMetaData(
                physicalType: column.type.physicalType, encodings: chunk.encodings, path: column.name,
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

    private func append(_ value: ParquetValue?, to slot: ColumnSlot) throws(ParquetError) {
        guard let value else {
            try slot.writer.appendNull()
            return
        }
        switch (slot, value) {
        case (.text(let writer), .string(let text)): try writer.append(text)
        case (.text(let writer), .utf8(let bytes)): try writer.append(bytes)
        case (.boolean(let writer), .boolean(let flag)): try writer.append(flag)
        case (.int32(let writer), .int32(let number)), (.int32(let writer), .date(let number)): try writer.append(number)
        case (.int32(let writer), .decimal(let unscaled)): try writer.append(Int32(unscaled))
        case (.int64(let writer), .int64(let number)), (.int64(let writer), .timestamp(let number)): try writer.append(number)
        case (.int64(let writer), .decimal(let unscaled)): try writer.append(Int64(unscaled))
        case (.double(let writer), .double(let number)): try writer.append(number)
        case (.wideDecimal(let writer), .decimal(let unscaled)): try writer.append(unscaled)
        default:
            preconditionFailure("value \(value.kindName) passed validation for column '\(slot.writer.column.name)'")
        }
    }

    private static func append(_ values: ParquetColumnValues, range: Range<Int>, to slot: ColumnSlot) throws(ParquetError) {
        switch (slot, values) {
        case (.text(let writer), .strings(let strings)):
            // Borrowed through the buffer, the strings are read in place without a retain and release each.
            try strings.withUnsafeBufferPointer { (buffer) throws(ParquetError) in try writer.append(buffer, range: range) }
        case (.text(let writer), .utf8(let byteStrings)):
            for index in range {
                if let bytes = byteStrings[index] { try writer.append(bytes) } else { try writer.appendNull() }
            }
        case (.text(let writer), .utf8Column(let strings)):
            try writer.append(strings, range: range)
        case (.boolean(let writer), .booleans(let flags)):
            for index in range {
                if let flag = flags[index] { try writer.append(flag) } else { try writer.appendNull() }
            }
        case (.int32(let writer), .int32s(let numbers)), (.int32(let writer), .dates(let numbers)):
            try Self.appendAll(numbers, range: range, to: writer)
        case (.int32(let writer), .decimals(let unscaled)):
            for index in range {
                if let value = unscaled[index] { try writer.append(Int32(value)) } else { try writer.appendNull() }
            }
        case (.int64(let writer), .int64s(let numbers)), (.int64(let writer), .timestamps(let numbers)):
            try Self.appendAll(numbers, range: range, to: writer)
        case (.int64(let writer), .decimals(let unscaled)):
            for index in range {
                if let value = unscaled[index] { try writer.append(Int64(value)) } else { try writer.appendNull() }
            }
        case (.double(let writer), .doubles(let numbers)):
            try Self.appendAll(numbers, range: range, to: writer)
        case (.wideDecimal(let writer), .decimals(let unscaled)):
            for index in range {
                if let value = unscaled[index] { try writer.append(value) } else { try writer.appendNull() }
            }
        default:
            preconditionFailure("\(values.kindName) passed validation for column '\(slot.writer.column.name)'")
        }
    }

    private static func appendAll<Value: FixedWidthValue>(
        _ values: [Value?], range: Range<Int>, to writer: FixedWidthColumnWriter<Value>
    ) throws(ParquetError) {
        for index in range {
            if let value = values[index] { try writer.append(value) } else { try writer.appendNull() }
        }
    }
}
