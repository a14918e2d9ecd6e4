/// Builds multi-row `INSERT ... ON DUPLICATE KEY UPDATE` statements for one table and column list, in the server's
/// dialect, as UTF-8 bytes. Identifiers come from the table's schema; row values are literals from
/// `ColumnLiteralEncoder`, so the statement's shape never depends on input text.
struct UpsertStatement {
    /// The alias for the proposed row under `.rowAlias` (`AS incoming_row`); it only has to differ from the table.
    static let rowAlias = "incoming_row"

    let prefix: [UInt8]
    let suffix: [UInt8]

    init(schema: MySQLTableSchema, columns: [String], updateColumns: [String], dialect: UpsertDialect) {
        var head = Array("INSERT INTO ".utf8)
        SQLText.appendIdentifier(schema.database, to: &head)
        head.append(UInt8(ascii: "."))
        SQLText.appendIdentifier(schema.table, to: &head)
        head.append(contentsOf: " (".utf8)
        for (i, column) in columns.enumerated() {
            if i > 0 { head.append(contentsOf: ", ".utf8) }
            SQLText.appendIdentifier(column, to: &head)
        }
        head.append(contentsOf: ") VALUES ".utf8)
        prefix = head

        var tail: [UInt8] = []
        if dialect == .rowAlias {
            tail.append(contentsOf: " AS ".utf8)
            SQLText.appendIdentifier(Self.rowAlias, to: &tail)
        }
        tail.append(contentsOf: " ON DUPLICATE KEY UPDATE ".utf8)
        // With every column in a key there is nothing to update: a no-op assignment keeps the statement an upsert.
        let assigned = updateColumns.isEmpty ? [columns[0]] : updateColumns
        for (i, column) in assigned.enumerated() {
            if i > 0 { tail.append(contentsOf: ", ".utf8) }
            SQLText.appendIdentifier(column, to: &tail)
            tail.append(contentsOf: " = ".utf8)
            if updateColumns.isEmpty {
                SQLText.appendIdentifier(column, to: &tail)
            } else if dialect == .rowAlias {
                SQLText.appendIdentifier(Self.rowAlias, to: &tail)
                tail.append(UInt8(ascii: "."))
                SQLText.appendIdentifier(column, to: &tail)
            } else {
                tail.append(contentsOf: "VALUES(".utf8)
                SQLText.appendIdentifier(column, to: &tail)
                tail.append(UInt8(ascii: ")"))
            }
        }
        suffix = tail
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
