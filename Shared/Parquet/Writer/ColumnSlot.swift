/// The typed writer behind one schema column, so appends reach the right buffer with one switch.
enum ColumnSlot {
    case text(ByteArrayColumnWriter)
    case boolean(BooleanColumnWriter)
    /// INT32, DATE and DECIMAL of up to 9 digits.
    case int32(FixedWidthColumnWriter<Int32>)
    /// INT64, TIMESTAMP and DECIMAL of 10 to 18 digits.
    case int64(FixedWidthColumnWriter<Int64>)
    case double(FixedWidthColumnWriter<Double>)
    /// DECIMAL of 19 to 38 digits.
    case wideDecimal(FixedLenDecimalColumnWriter)

    init(column: ParquetColumn, options: ParquetWriterOptions, compressor: PageCompressor) {
        switch column.type {
        case .string:
            self = .text(ByteArrayColumnWriter(column: column, options: options, compressor: compressor))
        case .boolean:
            self = .boolean(BooleanColumnWriter(column: column, options: options, compressor: compressor))
        case .int32, .date:
            self = .int32(FixedWidthColumnWriter(column: column, options: options, compressor: compressor))
        case .int64, .timestamp:
            self = .int64(FixedWidthColumnWriter(column: column, options: options, compressor: compressor))
        case .double:
            self = .double(FixedWidthColumnWriter(column: column, options: options, compressor: compressor))
        case .decimal(let precision, _):
            if precision <= 9 {
                self = .int32(FixedWidthColumnWriter(column: column, options: options, compressor: compressor))
            } else if precision <= 18 {
                self = .int64(FixedWidthColumnWriter(column: column, options: options, compressor: compressor))
            } else {
                self = .wideDecimal(
                    FixedLenDecimalColumnWriter(column: column, precision: precision, options: options, compressor: compressor))
            }
        }
    }

    var writer: ColumnWriter {
        switch self {
        case .text(let writer): writer
        case .boolean(let writer): writer
        case .int32(let writer): writer
        case .int64(let writer): writer
        case .double(let writer): writer
        case .wideDecimal(let writer): writer
        }
    }
}
