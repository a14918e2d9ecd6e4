extension ParquetColumnBuffer {
    /// The `index`-th present value (not level entry) with the leaf's logical type applied, as the row view
    /// shows it. Callers with their own row loop use this for the types they do not read from `values` directly.
    public func fieldValue(at index: Int) throws(ParquetError) -> ParquetFieldValue {
        try LeafValue.make(self, at: index)
    }
}

extension ParquetRowGroup {
    /// A row group from columns decoded one at a time (`ParquetReader.readColumn`), so a caller that fetches
    /// column chunks itself can still assemble rows (`rows()`).
    public init(rowGroup index: Int, rowCount: Int, schema: ParquetFileSchema, columns: [ParquetColumnBuffer]) {
        self.index = index
        self.rowCount = rowCount
        self.schema = schema
        self.columns = columns
    }
}
