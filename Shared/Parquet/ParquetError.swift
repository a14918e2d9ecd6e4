/// Everything the encoder can refuse. Each case names the column and, for data, the row
/// (0-based, counted from the first row written to the file).
public enum ParquetError: Error, Equatable, CustomStringConvertible {
    /// The schema itself is unusable: no columns, a bad name, duplicate names, a bad decimal.
    case invalidSchema(String)
    /// A writer option is out of range.
    case invalidOptions(String)
    /// A null was written to a column declared required.
    case nullInRequiredColumn(column: String, row: Int)
    /// A value's type does not match the column's type.
    case typeMismatch(column: String, row: Int, expected: String, found: String)
    /// Bytes given for a STRING column are not valid UTF-8; `byteOffset` is the first bad byte.
    case invalidUTF8(column: String, row: Int, byteOffset: Int)
    /// A value does not fit the column: a decimal with more digits than its precision, a string over 2 GiB.
    case valueOutOfRange(column: String, row: Int, detail: String)
    /// A row has a different number of values than the schema has columns.
    case rowWidthMismatch(row: Int, expected: Int, found: Int)
    /// The columns of a batch do not match the schema or do not have the same number of rows.
    case batchMismatch(String)
    /// A codec library reported an error.
    case compressionFailed(codec: String, detail: String)
    /// The writer was used after `close()`, or after an earlier write failed part-way.
    case writerClosed
    /// A sink refused bytes.
    case sinkFailed(String)
    /// A file could not be read: malformed, truncated, over a limit or using an unsupported feature.
    case unreadable(ParquetReadFailure)

    public var description: String {
        switch self {
        case .invalidSchema(let detail):
            "invalid Parquet schema: \(detail)"
        case .invalidOptions(let detail):
            "invalid Parquet writer options: \(detail)"
        case .nullInRequiredColumn(let column, let row):
            "column '\(column)', row \(row): null in a required column"
        case .typeMismatch(let column, let row, let expected, let found):
            "column '\(column)', row \(row): expected \(expected), found \(found)"
        case .invalidUTF8(let column, let row, let byteOffset):
            "column '\(column)', row \(row): string is not valid UTF-8 (first bad byte at offset \(byteOffset))"
        case .valueOutOfRange(let column, let row, let detail):
            "column '\(column)', row \(row): \(detail)"
        case .rowWidthMismatch(let row, let expected, let found):
            "row \(row): \(found) values for \(expected) columns"
        case .batchMismatch(let detail):
            "batch does not match the schema: \(detail)"
        case .compressionFailed(let codec, let detail):
            "\(codec) compression failed: \(detail)"
        case .writerClosed:
            "the Parquet writer is closed"
        case .sinkFailed(let detail):
            "writing the Parquet output failed: \(detail)"
        case .unreadable(let failure):
            failure.description
        }
    }
}
