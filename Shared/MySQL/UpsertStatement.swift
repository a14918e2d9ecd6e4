/// Builds multi-row `INSERT ... ON DUPLICATE KEY UPDATE` statements for one table and column list, in the server's
/// dialect, as UTF-8 bytes. Identifiers come from the table's schema; row values are literals from
/// `ColumnLiteralEncoder`, so the statement's shape never depends on input text.
struct UpsertStatement {
    /// The alias for the proposed row under `.rowAlias` (`AS incoming_row`); it only has to differ from the table.
    static let rowAlias = "incoming_row"

    let prefix: [UInt8]
    let suffix: [UInt8]

    init(schema: MySQLTableSchema, columns: [String], updateColumns: [String], dialect: UpsertDialect) {
        var head: [UInt8] = []
        Self.appendInsertInto(schema: schema, columns: columns, to: &head)
        head.append(contentsOf: " VALUES ".utf8)
        prefix = head

        var tail: [UInt8] = []
        if dialect == .rowAlias {
            tail.append(contentsOf: " AS ".utf8)
            SQLText.appendIdentifier(Self.rowAlias, to: &tail)
        }
        Self.appendUpdateClause(columns: columns, updateColumns: updateColumns, dialect: dialect, to: &tail)
        suffix = tail
    }

    /// "INSERT INTO `db`.`table` (`a`, `b`)"
    static func appendInsertInto(schema: MySQLTableSchema, columns: [String], to out: inout [UInt8]) {
        out.append(contentsOf: "INSERT INTO ".utf8)
        appendTable(schema.database, schema.table, to: &out)
        out.append(contentsOf: " (".utf8)
        appendList(columns, to: &out)
        out.append(UInt8(ascii: ")"))
    }

    /// "`db`.`table`"
    static func appendTable(_ database: String, _ table: String, to out: inout [UInt8]) {
        SQLText.appendIdentifier(database, to: &out)
        out.append(UInt8(ascii: "."))
        SQLText.appendIdentifier(table, to: &out)
    }

    /// "`a`, `b`"
    static func appendList(_ names: [String], to out: inout [UInt8]) {
        for (i, name) in names.enumerated() {
            if i > 0 { out.append(contentsOf: ", ".utf8) }
            SQLText.appendIdentifier(name, to: &out)
        }
    }

    /// " ON DUPLICATE KEY UPDATE `b` = <new b>, ...": the proposed row's value is `incoming_row`.`b` under
    /// `.rowAlias` (the VALUES row alias, or the SELECT's table alias for INSERT ... SELECT) and VALUES(`b`) otherwise.
    /// With every column in a key there is nothing to update: a no-op assignment keeps the statement an upsert.
    static func appendUpdateClause(columns: [String], updateColumns: [String], dialect: UpsertDialect, to out: inout [UInt8]) {
        out.append(contentsOf: " ON DUPLICATE KEY UPDATE ".utf8)
        let assigned = updateColumns.isEmpty ? [columns[0]] : updateColumns
        for (i, column) in assigned.enumerated() {
            if i > 0 { out.append(contentsOf: ", ".utf8) }
            SQLText.appendIdentifier(column, to: &out)
            out.append(contentsOf: " = ".utf8)
            if updateColumns.isEmpty {
                SQLText.appendIdentifier(column, to: &out)
            } else if dialect == .rowAlias {
                SQLText.appendIdentifier(rowAlias, to: &out)
                out.append(UInt8(ascii: "."))
                SQLText.appendIdentifier(column, to: &out)
            } else {
                out.append(contentsOf: "VALUES(".utf8)
                SQLText.appendIdentifier(column, to: &out)
                out.append(UInt8(ascii: ")"))
            }
        }
    }

    /// The statement for rows already encoded as `(v1, v2, ...)` tuples.
    func statement(tuples: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(prefix.count + suffix.count + tuples.reduce(0) { $0 + $1.count + 1 })
        out.append(contentsOf: prefix)
        for (i, tuple) in tuples.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: tuple)
        }
        out.append(contentsOf: suffix)
        return out
    }

    /// Bytes a statement takes beyond its tuples (one comma between each).
    var fixedBytes: Int { prefix.count + suffix.count }
}
