/// Column-chunk statistics as they go into the footer: min and max as PLAIN bytes (no length prefix for
/// byte arrays), ordered by the column's TYPE_ORDER, plus the null count.
struct ColumnStatistics: Equatable {
    var nullCount: Int64
    var minValue: [UInt8]?
    var maxValue: [UInt8]?
    /// Whether the deprecated signed `min`/`max` fields may repeat the values: true where signed order
    /// equals the type order (numbers, booleans) or min equals max.
    var writeLegacyFields: Bool
    /// NaNs seen in a DOUBLE column; written when the column is DOUBLE.
    var nanCount: Int64?

    func encode(into writer: inout ThriftCompactWriter) {
        if writeLegacyFields, let minValue, let maxValue {
            writer.writeBinary(1, maxValue)
            writer.writeBinary(2, minValue)
        }
        writer.writeI64(3, nullCount)
        if let minValue, let maxValue {
            writer.writeBinary(5, maxValue)
            writer.writeBinary(6, minValue)
        }
        if let nanCount {
            writer.writeI64(9, nanCount)
        }
    }
}
