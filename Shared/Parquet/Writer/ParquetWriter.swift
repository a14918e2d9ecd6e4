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
    private let file: ParquetFileAssembler
    private let slots: [ColumnSlot]
    /// The same writers as `slots`, for the steps that run on every column.
    private let writers: [ColumnWriter]
    private let lanes: ColumnLanes
    private var rowsInGroup = 0
    private var isOpen = true
    /// Rows accepted so far; the row number of the next row.
    public private(set) var rowCount = 0

    public init(schema: ParquetSchema, options: ParquetWriterOptions = ParquetWriterOptions(), sink: any ParquetSink) throws {
        self.schema = schema
        self.options = options
        file = try ParquetFileAssembler(leaves: schema.columns.map { ($0, [$0.name]) }, options: options, sink: sink)
        slots = file.slots
        writers = file.writers
        lanes = file.lanes
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
            for (index, value) in row.enumerated() { try slots[index].append(value) }
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
                    try slots[index].append(columns[index], range: range)
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

    private var aColumnWantsRowGroupEnd: Bool { file.aColumnWantsRowGroupEnd }

    /// Bytes buffered for the open row group.
    public var bufferedBytes: Int { file.bufferedBytes }

    /// Writes the open row group now (if it has rows), for example before a pause in the input.
    public func flushRowGroup() throws {
        guard isOpen else { throw ParquetError.writerClosed }
        try failing { try writeRowGroup(thenReset: true) }
    }

    /// Writes the last row group and the footer. The sink then holds a complete file.
    @discardableResult
    public func close() throws -> ParquetFileSummary {
        guard isOpen else { throw ParquetError.writerClosed }
        var summary: ParquetFileSummary?
        try failing {
            summary = try file.finish(schema: FooterSchemaElement.flat(schema), openRows: rowsInGroup, totalRows: rowCount)
        }
        isOpen = false
        return summary!
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

    private func writeRowGroup(thenReset: Bool) throws {
        try file.writeRowGroup(rowCount: rowsInGroup, thenReset: thenReset)
        rowsInGroup = 0
    }
}
