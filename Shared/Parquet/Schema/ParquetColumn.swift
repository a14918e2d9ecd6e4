/// How a column's values are encoded in its pages.
public enum ColumnEncoding: Sendable, Equatable {
    /// A dictionary page plus RLE_DICTIONARY data pages. The writer abandons the dictionary when the first
    /// 65,536 values are nearly all distinct (unique ids, fine timestamps) and falls back to PLAIN when it
    /// outgrows `dictionaryPageByteLimit` (see there). BOOLEAN columns are always PLAIN.
    case dictionary
    /// PLAIN only.
    case plain
}

/// One flat column: a name, a type, and whether it may hold nulls.
public struct ParquetColumn: Sendable, Equatable {
    public let name: String
    public let type: ParquetType
    public let isOptional: Bool
    public let encoding: ColumnEncoding

    public init(_ name: String, _ type: ParquetType, optional: Bool = true, encoding: ColumnEncoding = .dictionary) {
        self.name = name
        self.type = type
        self.isOptional = optional
        self.encoding = type == .boolean ? .plain : encoding
    }

    /// Names Athena, Glue, Spark and Trino all treat the same way: Athena and Glue lower-case names and match
    /// columns by name, and Spark rejects separators such as space, comma, dot or braces.
    static func validate(name: String) throws(ParquetError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else { throw .invalidSchema("a column name is empty") }
        guard bytes.count <= 255 else {
            throw .invalidSchema("column name '\(name.prefix(40))…' is longer than 255 bytes (Glue's limit)")
        }
        let first = bytes[0]
        guard first == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
            throw .invalidSchema("column name '\(name)' must start with a lowercase letter or '_'")
        }
        for byte in bytes {
            let allowed = byte == UInt8(ascii: "_")
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard allowed else {
                throw .invalidSchema(
                    "column name '\(name)' may hold only lowercase letters, digits and '_' (Athena and Glue lower-case names)")
            }
        }
    }
}

/// A flat table schema: the columns in file order.
public struct ParquetSchema: Sendable, Equatable {
    public let columns: [ParquetColumn]

    public init(_ columns: [ParquetColumn]) throws(ParquetError) {
        guard !columns.isEmpty else { throw .invalidSchema("a schema needs at least one column") }
        var seen = Set<String>()
        for column in columns {
            try ParquetColumn.validate(name: column.name)
            try column.type.validate(column: column.name)
            guard seen.insert(column.name).inserted else {
                throw .invalidSchema("column name '\(column.name)' appears twice")
            }
        }
        self.columns = columns
    }

    public func index(of name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }
}
