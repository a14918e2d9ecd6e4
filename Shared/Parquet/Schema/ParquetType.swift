/// Unit of a TIMESTAMP column. Athena's Hive tables hold milliseconds; use microseconds only when every reader
/// downstream is known to take them.
public enum TimestampUnit: Sendable, Equatable {
    case milliseconds
    case microseconds
}

/// The type of a column as a table sees it; each maps to one physical type plus annotations.
public enum ParquetType: Sendable, Equatable, CustomStringConvertible {
    /// UTF-8 text: BYTE_ARRAY annotated STRING (and the legacy UTF8).
    case string
    case boolean
    case int32
    case int64
    case double
    /// Days since 1970-01-01, INT32 annotated DATE.
    case date
    /// Time since the Unix epoch in `unit`, INT64 annotated TIMESTAMP(isAdjustedToUTC=true).
    case timestamp(TimestampUnit)
    /// An unscaled integer times 10^-scale. Stored as INT32 up to 9 digits, INT64 up to 18,
    /// FIXED_LEN_BYTE_ARRAY (big-endian two's complement, minimal width) up to 38.
    case decimal(precision: Int, scale: Int)

    public var description: String {
        switch self {
        case .string: "STRING"
        case .boolean: "BOOLEAN"
        case .int32: "INT32"
        case .int64: "INT64"
        case .double: "DOUBLE"
        case .date: "DATE"
        case .timestamp(.milliseconds): "TIMESTAMP(MILLIS)"
        case .timestamp(.microseconds): "TIMESTAMP(MICROS)"
        case .decimal(let precision, let scale): "DECIMAL(\(precision),\(scale))"
        }
    }

    var physicalType: PhysicalType {
        switch self {
        case .string: .byteArray
        case .boolean: .boolean
        case .int32, .date: .int32
        case .int64, .timestamp: .int64
        case .double: .double
        case .decimal(let precision, _):
            precision <= 9 ? .int32 : precision <= 18 ? .int64 : .fixedLenByteArray
        }
    }

    /// Byte width of a FIXED_LEN_BYTE_ARRAY decimal: the fewest bytes whose signed range holds 10^precision - 1.
    static func decimalByteWidth(precision: Int) -> Int {
        var width = 1
        while width < 16 {
            // Largest value a signed `width`-byte integer holds is 2^(8*width-1) - 1.
            let limit = Int128(1) << (8 * width - 1)
            if DecimalLimits.maximumUnscaled(precision: precision) < limit { return width }
            width += 1
        }
        return 16
    }

    func validate(column name: String) throws(ParquetError) {
        if case .decimal(let precision, let scale) = self {
            guard (1...38).contains(precision) else {
                throw .invalidSchema("column '\(name)': decimal precision \(precision) is outside 1...38")
            }
            guard (0...precision).contains(scale) else {
                throw .invalidSchema("column '\(name)': decimal scale \(scale) is outside 0...\(precision)")
            }
        }
    }
}

enum DecimalLimits {
    /// 10^p - 1 for p in 0...38.
    private static let maximums: [Int128] = {
        var power: Int128 = 1
        var table: [Int128] = []
        for _ in 0...38 {
            table.append(power - 1)
            if table.count <= 38 { power *= 10 }
        }
        return table
    }()

    /// 10^precision - 1, the largest unscaled magnitude a DECIMAL(precision, _) may hold.
    static func maximumUnscaled(precision: Int) -> Int128 {
        maximums[precision]
    }
}
