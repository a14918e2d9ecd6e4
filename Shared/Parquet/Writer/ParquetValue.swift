/// One non-null value of a row; a null is `nil` in a `[ParquetValue?]` row.
public enum ParquetValue: Sendable, Equatable {
    case string(String)
    /// Text given as raw bytes (for example a slice of a decoded record); checked to be UTF-8 on write.
    case utf8(bytes: [UInt8])
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    /// Days since 1970-01-01.
    case date(daysSinceEpoch: Int32)
    /// Time since the Unix epoch in the column's unit (milliseconds or microseconds).
    case timestamp(Int64)
    /// The unscaled value: 12.34 in a DECIMAL(p, 2) column is `.decimal(unscaled: 1234)`.
    case decimal(unscaled: Int128)

    var kindName: String {
        switch self {
        case .string: "string"
        case .utf8: "UTF-8 bytes"
        case .boolean: "boolean"
        case .int32: "int32"
        case .int64: "int64"
        case .double: "double"
        case .date: "date"
        case .timestamp: "timestamp"
        case .decimal: "decimal"
        }
    }
}

/// The values of one column for a batch of rows; `nil` is null.
public enum ParquetColumnValues: Sendable {
    case strings([String?])
    case utf8([[UInt8]?])
    /// Strings as contiguous UTF-8 bytes with offsets (see `ParquetStringColumn`); checked to be UTF-8 on write.
    case utf8Column(ParquetStringColumn)
    case booleans([Bool?])
    case int32s([Int32?])
    case int64s([Int64?])
    case doubles([Double?])
    case dates([Int32?])
    case timestamps([Int64?])
    case decimals([Int128?])

    public var count: Int {
        switch self {
        case .strings(let values): values.count
        case .utf8(let values): values.count
        case .utf8Column(let column): column.count
        case .booleans(let values): values.count
        case .int32s(let values): values.count
        case .int64s(let values): values.count
        case .doubles(let values): values.count
        case .dates(let values): values.count
        case .timestamps(let values): values.count
        case .decimals(let values): values.count
        }
    }

    var kindName: String {
        switch self {
        case .strings: "strings"
        case .utf8: "UTF-8 byte strings"
        case .utf8Column: "UTF-8 string column"
        case .booleans: "booleans"
        case .int32s: "int32s"
        case .int64s: "int64s"
        case .doubles: "doubles"
        case .dates: "dates"
        case .timestamps: "timestamps"
        case .decimals: "decimals"
        }
    }
}
