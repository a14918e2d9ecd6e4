/// Streams records of a nested schema (STRUCT, LIST and MAP fields around today's leaf types) into a
/// Parquet file.
///
/// Records come row by row as value trees, or in batches column by column with offsets and validity per
/// level (Arrow's layout), which is the fast path. Each leaf column gets repetition and definition levels
/// (RLE/bit-packed in data page v1) and is otherwise encoded like a flat column: dictionaries, statistics,
/// codecs, bounded row groups and the column-parallel encoding are the same. Pages and row groups start at a
/// record boundary.
///
///     let schema = try ParquetNestedSchema([
///         .primitive("event_name", .string),
///         .list("event_params", of: .group("element", [.primitive("key", .string), .primitive("value", .int64)])),
///     ])
///     let writer = try ParquetNestedWriter(schema: schema, sink: sink)
///     try writer.write(record: [.value(.string("page_view")), .list([.group([.value(.string("n")), .value(.int64(1))])])])
///     try writer.close()
///
/// A record or batch that is rejected is not written at all, and the writer stays usable. A failure of the
/// sink or a codec closes the writer.
public final class ParquetNestedWriter {
    public let schema: ParquetNestedSchema
    public let options: ParquetWriterOptions
    private let file: ParquetFileAssembler
    private let slots: [ColumnSlot]
    private var rowsInGroup = 0
    private var isOpen = true
    /// Records accepted so far; the number of the next record.
    public private(set) var rowCount = 0

    public init(schema: ParquetNestedSchema, options: ParquetWriterOptions = ParquetWriterOptions(), sink: any ParquetSink) throws {
        self.schema = schema
        self.options = options
        file = try ParquetFileAssembler(leaves: schema.leaves.map { ($0.column, $0.path) }, options: options, sink: sink)
        slots = file.slots
        for (slot, leaf) in zip(slots, schema.leaves) {
            slot.writer.nested = NestedLevels(maxRepetition: leaf.maxRepetitionLevel, maxDefinition: leaf.maxDefinitionLevel)
        }
    }

    /// Writes one record: a value per top-level field, in schema order.
    public func write(record: [ParquetNestedValue]) throws {
        guard isOpen else { throw ParquetError.writerClosed }
        try RecordShredding.check(record, schema: schema, row: rowCount)
        try failing {
            try RecordShredding.write(record, schema: schema, slots: slots)
            rowCount += 1
            rowsInGroup += 1
            if rowsInGroup >= options.rowGroupRowLimit || file.aColumnWantsRowGroupEnd
                || (rowsInGroup % 256 == 0 && file.bufferedBytes >= options.rowGroupByteLimit) {
                try flushRowGroup()
            }
        }
    }

    /// Writes a batch of records given field by field, in schema order; every field holds the same number.
    public func write(columns: [ParquetNestedColumnValues]) throws {
        guard isOpen else { throw ParquetError.writerClosed }
        try ColumnarShredding.check(columns, schema: schema, firstRow: rowCount)
        let count = columns.first?.count ?? 0
        try failing {
            var start = 0
            while start < count {
                let sliceRows = BatchSlicing.rows(
                    rowsInGroup: rowsInGroup, bufferedBytes: file.bufferedBytes, rowGroupByteLimit: options.rowGroupByteLimit,
                    columnRows: file.writers.reduce(Int.max) { min($0, $1.rowsBeforeDictionaryLimit) })
                let end = min(count, start + sliceRows, start + options.rowGroupRowLimit - rowsInGroup)
                let records = start..<end
                // The leaves encode the slice side by side; the checks below see all of them done.
                try file.lanes.run(file.writers) { [slots, schema] (index) throws(ParquetError) in
                    try slots[index].appendNested(leaf: index, of: columns, schema: schema, records: records)
                }
                rowCount += end - start
                rowsInGroup += end - start
                if rowsInGroup >= options.rowGroupRowLimit || file.aColumnWantsRowGroupEnd
                    || file.bufferedBytes >= options.rowGroupByteLimit {
                    try flushRowGroup()
                }
                start = end
            }
        }
    }

    /// Bytes buffered for the open row group.
    public var bufferedBytes: Int { file.bufferedBytes }

    /// Writes the open row group now (if it has records).
    public func flushRowGroup() throws {
        guard isOpen else { throw ParquetError.writerClosed }
        try failing {
            try file.writeRowGroup(rowCount: rowsInGroup, thenReset: true)
            rowsInGroup = 0
        }
    }

    /// Writes the last row group and the footer. The sink then holds a complete file.
    @discardableResult
    public func close() throws -> ParquetFileSummary {
        guard isOpen else { throw ParquetError.writerClosed }
        var summary: ParquetFileSummary?
        try failing {
            summary = try file.finish(schema: schema.footerElements, openRows: rowsInGroup, totalRows: rowCount)
        }
        isOpen = false
        return summary!
    }

    /// Runs `body`; if it fails, the file is left incomplete, so the writer closes.
    private func failing(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            isOpen = false
            throw error
        }
    }
}
