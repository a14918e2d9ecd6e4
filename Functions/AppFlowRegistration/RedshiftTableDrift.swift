import AWS

/// How existing tables differ from what a registration asks for. `CREATE TABLE IF NOT EXISTS` leaves an existing
/// table as it is, so after the DDL the columns Redshift reports (`svv_columns`, the schema passed as a parameter)
/// are compared with the event's: a difference is reported in the result, never altered.
enum RedshiftTableDrift {
    /// The query, with the schema as the parameter `:schema` (no text from the event in the statement).
    static let columnsQuery =
        "SELECT table_name, column_name, data_type FROM svv_columns WHERE table_schema = :schema ORDER BY table_name, ordinal_position"

    /// The `data_type` svv_columns reports for a type of the DDL's type map.
    static func reportedType(_ ddlType: String) -> String {
        if ddlType.hasPrefix("VARCHAR") { return "character varying" }
        if ddlType.hasPrefix("DECIMAL") { return "numeric" }
        return ddlType.lowercased()
    }

    /// Per table of `ddl`, what differs from `rows` (`table_name`, `column_name`, `data_type`); tables that match
    /// are left out.
    static func differences(_ ddl: RedshiftTableDDL, rows: [[RedshiftField]]) -> [String: [String]] {
        var existing: [String: [(column: String, type: String)]] = [:]
        for row in rows where row.count >= 3 {
            guard let table = row[0].stringValue, let column = row[1].stringValue, let type = row[2].stringValue else { continue }
            existing[table, default: []].append((column, type))
        }
        var result: [String: [String]] = [:]
        for table in ddl.tables {
            guard let columns = existing[table.name.name] else { continue }
            var problems: [String] = []
            let held = Dictionary(columns.map { ($0.column, $0.type) }, uniquingKeysWith: { first, _ in first })
            for column in table.columns {
                let wanted = reportedType(column.type)
                guard let type = held[column.name.name] else {
                    problems.append("column \(column.name) (\(column.field)) is missing")
                    continue
                }
                if type != wanted { problems.append("column \(column.name) is \(type), the event asks for \(wanted)") }
            }
            let wantedNames = Set(table.columns.map(\.name.name))
            for (column, _) in columns where !wantedNames.contains(column) {
                problems.append("column \(column) is not in the event")
            }
            if !problems.isEmpty { result[table.name.name] = problems }
        }
        return result
    }
}
