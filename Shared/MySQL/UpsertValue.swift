/// One input value for the upsert writer, as a reader produced it.
public enum UpsertValue: Sendable, Equatable {
    case null
    /// Text from a delimited file, or a value a typed reader rendered as text; converted per the column's type.
    case text(String)
    /// Raw bytes (a Parquet BYTE_ARRAY); sent as a hex literal to binary columns, as UTF-8 text to others.
    case bytes([UInt8])
}

/// Where the upsert writer takes its rows from. The delimited-text reader and the Parquet reader conform to it.
public protocol UpsertRowSource {
    /// The input's column names, in the order `nextRow` returns values.
    var columnNames: [String] { get }
    /// The next row and its position in the input (a line or record number, for reject reasons); nil at the end.
    mutating func nextRow() throws -> (values: [UpsertValue], position: Int)?
}

/// A row the writer did not store, with the reason and where it came from.
public struct RejectedRow: Sendable, Equatable {
    public var position: Int
    public var values: [UpsertValue]
    public var reason: String
    /// The table column whose value did not fit, when one column is to blame.
    public var column: String?

    public init(position: Int, values: [UpsertValue], reason: String, column: String? = nil) {
        self.position = position
        self.values = values
        self.reason = reason
        self.column = column
    }
}
