/// One row group's projected columns read page by page (`ParquetReader.rowGroupPages`): each column's
/// `ParquetColumnPages` for callers with their own row loop over the column buffers, or whole rows assembled
/// across page boundaries (`nextRow`). What the columns hold together is counted in `budget`.
public final class ParquetRowGroupPages {
    public let index: Int
    public let rowCount: Int
    public let schema: ParquetFileSchema
    /// The projected leaf columns, in the order asked for.
    public let columns: [ParquetColumnPages]
    public let budget: ParquetReadBudget
    private var assembler: RecordAssembler?
    /// Rows handed out by `nextRow`.
    public private(set) var rowsRead = 0

    init(index: Int, rowCount: Int, schema: ParquetFileSchema, columns: [ParquetColumnPages], budget: ParquetReadBudget) {
        self.index = index
        self.rowCount = rowCount
        self.schema = schema
        self.columns = columns
        self.budget = budget
    }

    /// The pages of leaf column `leaf` (an index into `schema.leaves`), if projected.
    public func pages(leaf: Int) -> ParquetColumnPages? {
        columns.first { $0.leaf.index == leaf }
    }

    /// The next row as a `.group` of the projected top-level fields, or nil after the row group's last row.
    /// Use either this or the columns' pages directly, not both.
    public func nextRow() throws(ParquetError) -> ParquetFieldValue? {
        if assembler == nil { assembler = RecordAssembler(schema: schema, pages: columns) }
        guard rowsRead < rowCount else {
            if let column = try assembler!.leftover() {
                throw .unreadable(.malformedPage, "the column holds more rows than the row group declares (\(rowCount))", rowGroup: index, column: column)
            }
            return nil
        }
        let row = try assembler!.nextRow(rowsRead, rowGroup: index)
        rowsRead += 1
        return row
    }
}
