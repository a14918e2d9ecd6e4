/// Why an upsert could not start or had to stop. Row-level problems are not errors: those rows are rejected with
/// a reason and the rest are written.
public enum MySQLUpsertError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTable(String)
    /// Input columns the table does not have; nothing was written.
    case unknownColumns(table: String, columns: [String])
    /// The input's columns do not cover a primary or unique key, so ON DUPLICATE KEY UPDATE could never match.
    case noKeyCovered(table: String, keys: [[String]])
    case configuration(String)
    case mysql(MySQLError)

    public var description: String {
        switch self {
        case .unknownTable(let table): "table \(table) does not exist (information_schema has no columns for it)"
        case .unknownColumns(let table, let columns):
            "table \(table) has no column \(columns.map { "\"\($0)\"" }.joined(separator: ", ")); nothing was written"
        case .noKeyCovered(let table, let keys):
            keys.isEmpty
                ? "table \(table) has no primary or unique key, so rows cannot be upserted"
                : "the input columns cover none of table \(table)'s unique keys \(keys.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: ", "))"
        case .configuration(let message): message
        case .mysql(let error): error.description
        }
    }
}
