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
    /// Rows accepted so far; the row number of the next row.
    public var rowCount: Int { file.rowCount }

    public init(schema: ParquetSchema, options: ParquetWriterOptions = ParquetWriterOptions(), sink: any ParquetSink) throws {
        self.schema = schema
        self.options = options
        file = try ParquetFileAssembler(leaves: schema.columns.map { ($0, [$0.name]) }, options: options, sink: sink)
        slots = file.slots
    }

    // MARK: Rows

    /// Writes one row: a value or `nil` (null) per column, in schema order.
    public func write(row: [ParquetValue?]) throws {
        guard file.isOpen else { throw ParquetError.writerClosed }
        guard row.count == slots.count else {
            throw ParquetError.rowWidthMismatch(row: rowCount, expected: slots.count, found: row.count)
        }
        for (index, value) in row.enumerated() {
            try ValueValidation.check(value, column: schema.columns[index], row: rowCount)
        }
        try file.failing {
            for (index, value) in row.enumerated() { try slots[index].append(value) }
            try file.rowAppended()
        }
    }

    /// Writes a batch of rows given column by column, in schema order; every column must have the same count.
    public func write(columns: [ParquetColumnValues]) throws {
        guard file.isOpen else { throw ParquetError.writerClosed }
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
        try file.appendBatch(count: count) { [slots] (index, range) throws(ParquetError) in
            try slots[index].append(columns[index], range: range)
        }
    }

    /// Bytes buffered for the open row group.
    public var bufferedBytes: Int { file.bufferedBytes }

    /// Writes the open row group now (if it has rows), for example before a pause in the input.
    public func flushRowGroup() throws {
        try file.flushRowGroup()
    }

    /// Writes the last row group and the footer. The sink then holds a complete file.
    @discardableResult
    public func close() throws -> ParquetFileSummary {
        try file.close(schema: FooterSchemaElement.flat(schema))
    }
}
