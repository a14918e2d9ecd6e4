/// What a typed file format (Parquet) says a column holds, so a contract's `logicalType` is judged once per
/// column instead of by parsing every cell. Text formats have no stored types: every cell is parsed.
public struct StoredColumnType: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Text (STRING, ENUM, JSON, and unannotated byte arrays): checked cell by cell like CSV.
        case text
        case boolean
        /// Whole numbers of any width and sign.
        case integer
        /// FLOAT and DOUBLE.
        case floating
        /// Exact decimals with `scale` digits after the point.
        case decimal(scale: Int)
        case date
        case timestamp
        case time
        /// Bytes that are no text (UUID, FLOAT16, BSON, fixed-width bytes); rendered, never parsed.
        case bytes
        /// Groups, lists and maps, rendered as JSON text.
        case nested
    }

    public var kind: Kind
    /// The type as the file states it, for reasons in the report (`INT64`, `BYTE_ARRAY (STRING)`).
    public var description: String

    public init(_ kind: Kind, description: String) {
        self.kind = kind
        self.description = description
    }

    /// Values carried as numbers beside their text (used for bounds and SQL without parsing the text).
    public var isNumeric: Bool {
        switch kind {
        case .integer, .floating, .decimal: true
        default: false
        }
    }
}

/// How a column's values are judged against the declared `logicalType`.
enum TypeVerdict: Equatable {
    /// No stored type (CSV, JSON lines, text columns of Parquet): parse each cell's text.
    case parseText
    /// The stored type is the declared one: every value conforms.
    case conforms
    /// Floating or decimal storage for `integer`: each value must be a whole number.
    case wholeNumbers
    /// The stored type cannot hold the declared one: every non-null value fails the type check.
    case mismatch

    /// The decision table for a stored type against a declared one (the format applies only to text: a
    /// stored DATE is a date whatever `format` says text would look like).
    static func judge(_ logical: LogicalType, _ stored: StoredColumnType?) -> TypeVerdict {
        guard let stored else { return .parseText }
        switch stored.kind {
        case .text: return .parseText
        default: break
        }
        switch logical {
        case .string, .object, .array: return .conforms
        case .integer:
            switch stored.kind {
            case .integer, .decimal(scale: 0): return .conforms
            case .floating, .decimal: return .wholeNumbers
            default: return .mismatch
            }
        case .number: return stored.isNumeric ? .conforms : .mismatch
        case .boolean: return stored.kind == .boolean ? .conforms : .mismatch
        case .date: return stored.kind == .date ? .conforms : .mismatch
        case .timestamp: return stored.kind == .timestamp ? .conforms : .mismatch
        case .time: return stored.kind == .time ? .conforms : .mismatch
        }
    }
}
