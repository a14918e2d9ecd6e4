/// A text result set: column definitions and every row's values as text (nil = NULL).
public struct MySQLResultSet: Sendable, Equatable {
    public var columns: [ColumnDefinition]
    public var rows: [[String?]]

    public init(columns: [ColumnDefinition], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }
}
