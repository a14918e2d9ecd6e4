/// An exact decimal: `unscaled × 10^-scale`.
public struct ParquetDecimal: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var unscaled: Int128
    public var precision: Int
    public var scale: Int

    public init(unscaled: Int128, precision: Int, scale: Int) {
        self.unscaled = unscaled
        self.precision = precision
        self.scale = scale
    }

    /// Plain decimal text with exactly `scale` fractional digits, e.g. "-12.50".
    public var description: String {
        let magnitude = String(unscaled.magnitude)
        let sign = unscaled < 0 ? "-" : ""
        guard scale > 0 else { return sign + magnitude }
        let padded = String(repeating: "0", count: max(0, scale + 1 - magnitude.count)) + magnitude
        return sign + padded.dropLast(scale) + "." + padded.suffix(scale)
    }
}

public struct ParquetFieldMapEntry: Sendable, Equatable {
    public var key: ParquetFieldValue
    public var value: ParquetFieldValue
}

public struct ParquetNamedValue: Sendable, Equatable {
    public var name: String
    public var value: ParquetFieldValue
}

/// One value of a record as the row view shows it, with its logical type applied.
public indirect enum ParquetFieldValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    /// INT32 columns, including INT(8/16/32, signed) and UINT(8/16) annotations.
    case int32(Int32)
    /// INT64 columns and UINT_32 values.
    case int64(Int64)
    case uint64(UInt64)
    case float(Float)
    case double(Double)
    /// UTF-8 text as stored (STRING, ENUM, JSON annotations), not validated.
    case string([UInt8])
    /// Unannotated BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY, UUID, BSON, FLOAT16 and decimals wider than 16 bytes.
    case bytes([UInt8])
    case decimal(ParquetDecimal)
    /// Days since 1970-01-01.
    case date(Int32)
    /// Since the Unix epoch in `unit`. INT96 values come as nanoseconds, not UTC-adjusted, as pyarrow and DuckDB read them.
    case timestamp(Int64, ParquetTimeUnit, isAdjustedToUTC: Bool)
    /// Since midnight in `unit`.
    case time(Int64, ParquetTimeUnit, isAdjustedToUTC: Bool)
    case list([ParquetFieldValue])
    case map([ParquetFieldMapEntry])
    case group([ParquetNamedValue])

    /// The text of a `.string` value.
    public var text: String? {
        if case .string(let bytes) = self { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    /// A group's field by name.
    public subscript(field: String) -> ParquetFieldValue? {
        if case .group(let fields) = self { return fields.first { $0.name == field }?.value }
        return nil
    }
}
