/// The rows of the block `GA4ExportParquetWriter.write(rows:rowCount:visit:)` just decoded, read from the writer's
/// column builders, so a table written beside the events (the hashed identifiers) needs no second Avro decode.
/// Valid only inside the `visit` closure: the writer hands the batch to Parquet afterwards. Only the lake's
/// columns are here (a session field the lake does not have was skipped while decoding).
public struct GA4ExportDecodedRows {
    private let root: RecordColumnBuilder
    private let promoted: PromotedColumnsBuilder
    /// The block's rows as slots of the current batch.
    public let rows: Range<Int>

    init(root: RecordColumnBuilder, promoted: PromotedColumnsBuilder, rows: Range<Int>) {
        self.root = root
        self.promoted = promoted
        self.rows = rows
    }

    /// A STRING column at `path` (a top-level column, or fields of records inside each other, such as
    /// `["collected_traffic_source", "gclid"]`); nil when NULL, when a record on the way is NULL, or when the lake
    /// has no such column.
    public func string(_ path: [String], row: Int) -> String? {
        var record = root
        for name in path.dropLast() {
            guard let child = record.child(named: name) as? RecordColumnBuilder else { return nil }
            record = child
        }
        guard let last = path.last, let column = record.child(named: last) as? StringColumnBuilder else { return nil }
        return column.value(at: row).map { String(decoding: $0, as: UTF8.self) }
    }

    /// An INT64 column at the top level.
    public func int64(_ name: String, row: Int) -> Int64? {
        (root.child(named: name) as? Int64ColumnBuilder)?.values[row] ?? nil
    }

    /// `value.string_value` of the first element of the key/value list `list` (`event_params`, `user_properties`)
    /// whose key is `key`; nil when there is none, or when that element's value holds no string.
    public func parameterString(_ list: String, key: String, row: Int) -> String? {
        guard let elements = root.child(named: list) as? ListColumnBuilder,
            let element = elements.element as? RecordColumnBuilder,
            let keys = element.child(named: "key") as? StringColumnBuilder
        else { return nil }
        let wanted = Array(key.utf8)
        for slot in elements.elements(at: row) {
            guard let name = keys.value(at: slot), name.elementsEqual(wanted) else { continue }
            guard let value = element.child(named: "value") as? RecordColumnBuilder,
                let strings = value.child(named: "string_value") as? StringColumnBuilder
            else { return nil }
            return strings.value(at: slot).map { String(decoding: $0, as: UTF8.self) }
        }
        return nil
    }

    /// The row's `event_key` (as in the lake's column).
    public func eventKey(row: Int) -> String {
        promoted.eventKey(row: row)
    }
}
