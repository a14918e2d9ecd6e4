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
    /// Records accepted so far; the number of the next record.
    public var rowCount: Int { file.rowCount }

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
        guard file.isOpen else { throw ParquetError.writerClosed }
        try RecordShredding.check(record, schema: schema, row: rowCount)
        try file.failing {
            try RecordShredding.write(record, schema: schema, slots: slots)
            try file.rowAppended()
        }
    }

    /// Writes a batch of records given field by field, in schema order; every field holds the same number.
    public func write(columns: [ParquetNestedColumnValues]) throws {
        guard file.isOpen else { throw ParquetError.writerClosed }
        try ColumnarShredding.check(columns, schema: schema, firstRow: rowCount)
        try file.appendBatch(count: columns.first?.count ?? 0) { [slots, schema] (leaf, records) throws(ParquetError) in
            try slots[leaf].appendNested(leaf: leaf, of: columns, schema: schema, records: records)
        }
    }

    /// Bytes buffered for the open row group.
    public var bufferedBytes: Int { file.bufferedBytes }

    /// Writes the open row group now (if it has records).
    public func flushRowGroup() throws {
        try file.flushRowGroup()
    }

    /// Writes the last row group and the footer. The sink then holds a complete file.
    @discardableResult
    public func close() throws -> ParquetFileSummary {
        try file.close(schema: schema.footerElements)
    }
}
