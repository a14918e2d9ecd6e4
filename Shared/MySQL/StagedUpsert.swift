/// The staged upsert of one table and column list: a session temporary table holding the batch, filled by
/// `LOAD DATA LOCAL INFILE` from memory, then one `INSERT ... SELECT ... ON DUPLICATE KEY UPDATE` into the table.
///
/// - The staging table is made by the server from the table's own columns (`CREATE TEMPORARY TABLE ... SELECT
///   <columns> FROM <table> LIMIT 0`: same types, character sets and NULL-ability, no keys or CHECK constraints),
///   plus an ordinal column, so `ORDER BY` keeps the file's order and a later duplicate key wins as it does in a
///   multi-row INSERT. `ENGINE=MEMORY` when the columns allow it (MEMORY refuses BLOB/TEXT) and a batch fits in
///   max_heap_table_size, else an InnoDB temporary table. Created once per connection (again after a reconnect),
///   emptied before each batch.
/// - The LOAD DATA statement names the character set and every delimiter, and the rows are encoded by
///   `ColumnLiteralEncoder` into `LoadDataFieldFormat`, so the server reads back exactly the values a multi-row
///   statement would carry. With LOCAL the server turns data errors into warnings; a load with any warning, or with
///   fewer records than rows sent, is not used (`Staging.altered`): the writer redoes that batch as a multi-row
///   statement, which fails strictly and rejects the same rows for the same reasons.
/// - Each batch's change to the table is one statement (autocommit), so one transaction: a deadlock or lock-wait
///   timeout rolls it back whole and the batch is retried; the staging table is private to the session.
final class StagedUpsert {
    enum Engine: String { case memory = "MEMORY", innoDB = "InnoDB" }

    /// What staging a batch came to.
    enum Staging: Equatable {
        case staged
        /// The server will not do LOAD DATA LOCAL here (local_infile off, no CLIENT_LOCAL_FILES, a proxy that
        /// refuses it, no staging table): use multi-row statements from now on.
        case refused(String)
        /// The load changed or skipped values (warnings): redo this batch as a multi-row statement.
        case altered(String)
    }

    let engine: Engine
    /// Rows per batch that fit the MEMORY table.
    let maxRows: Int
    let insertSelect: [UInt8]
    private let create: [UInt8]
    private let drop: [UInt8]
    private let truncate: [UInt8]
    private let loadHead: [UInt8]
    private let loadTail: [UInt8]
    /// The writer's connection generation the staging table was created on.
    private var createdOn: Int?
    private var fileNumber = 0
    /// Connections lost in a row during the LOAD DATA exchange itself. A proxy that cannot pass LOCAL INFILE may
    /// drop the connection rather than answer with an error; twice in a row counts as a refusal.
    private(set) var lossesDuringLoad = 0
    static let lossesMeaningRefusal = 2

    /// Text and blob types MEMORY tables cannot hold (JSON is a blob in MySQL, LONGTEXT in MariaDB).
    static let notInMemory: Set<String> = [
        "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob", "json", "geometry",
        "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection",
    ]

    init(
        schema: MySQLTableSchema, columns: [MySQLTableSchema.Column], updateColumns: [String], dialect: UpsertDialect,
        binary: [Bool], noBackslashEscapes: Bool, maxRowsPerBatch: Int, maxHeapTableBytes: Int
    ) {
        let names = columns.map(\.name)
        let lowered = Set(schema.columns.map { $0.name.lowercased() })
        var ordinal = "mysqlupsert_row"
        while lowered.contains(ordinal) { ordinal += "_" }
        var staging = "mysqlupsert_staging"
        while staging == schema.table.lowercased() { staging += "_" }

        // MEMORY stores every row at its full width: VARCHAR(n) takes n characters of 4 bytes.
        let rowBytes = 32 + columns.reduce(0) { total, column in
            switch column.dataType {
            case "char", "varchar": total + 4 * (column.maximumLength ?? 255) + 2
            case "binary", "varbinary": total + (column.maximumLength ?? 255) + 2
            case "decimal", "numeric": total + 16
            default: total + 8
            }
        }
        let memoryRows = maxHeapTableBytes / 2 / rowBytes
        if columns.contains(where: { Self.notInMemory.contains($0.dataType) }) || memoryRows < 100 {
            engine = .innoDB
            maxRows = maxRowsPerBatch
        } else {
            engine = .memory
            maxRows = min(maxRowsPerBatch, memoryRows)
        }

        var stagingName: [UInt8] = []
        UpsertStatement.appendTable(schema.database, staging, to: &stagingName)

        drop = Array("DROP TEMPORARY TABLE IF EXISTS ".utf8) + stagingName
        truncate = Array("TRUNCATE TABLE ".utf8) + stagingName
        var create = Array("CREATE TEMPORARY TABLE ".utf8) + stagingName + Array(" (".utf8)
        SQLText.appendIdentifier(ordinal, to: &create)
        create.append(contentsOf: " BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY USING BTREE (".utf8)
        SQLText.appendIdentifier(ordinal, to: &create)
        create.append(contentsOf: ")) ENGINE=\(engine.rawValue) SELECT ".utf8)
        UpsertStatement.appendList(names, to: &create)
        create.append(contentsOf: " FROM ".utf8)
        UpsertStatement.appendTable(schema.database, schema.table, to: &create)
        create.append(contentsOf: " LIMIT 0".utf8)
        self.create = create

        // LOAD DATA LOCAL INFILE '<name>' INTO TABLE s CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\t' ESCAPED BY
        // '\\' LINES TERMINATED BY '\n' (a, @h2, c) SET b = UNHEX(@h2)
        loadHead = Array("LOAD DATA LOCAL INFILE ".utf8)
        var tail = Array(" INTO TABLE ".utf8) + stagingName + Array(" CHARACTER SET utf8mb4 FIELDS TERMINATED BY ".utf8)
        SQLText.appendString([LoadDataFieldFormat.fieldTerminator], noBackslashEscapes: noBackslashEscapes, to: &tail)
        tail.append(contentsOf: " ESCAPED BY ".utf8)
        SQLText.appendString([LoadDataFieldFormat.escape], noBackslashEscapes: noBackslashEscapes, to: &tail)
        tail.append(contentsOf: " LINES TERMINATED BY ".utf8)
        SQLText.appendString([LoadDataFieldFormat.lineTerminator], noBackslashEscapes: noBackslashEscapes, to: &tail)
        tail.append(contentsOf: " (".utf8)
        var assignments: [UInt8] = []
        for (i, name) in names.enumerated() {
            if i > 0 { tail.append(contentsOf: ", ".utf8) }
            guard binary[i] else {
                SQLText.appendIdentifier(name, to: &tail)
                continue
            }
            let variable = "mysqlupsert_hex_\(i + 1)"
            tail.append(UInt8(ascii: "@"))
            SQLText.appendIdentifier(variable, to: &tail)
            assignments.append(contentsOf: (assignments.isEmpty ? " SET " : ", ").utf8)
            SQLText.appendIdentifier(name, to: &assignments)
            assignments.append(contentsOf: " = UNHEX(@".utf8)
            SQLText.appendIdentifier(variable, to: &assignments)
            assignments.append(UInt8(ascii: ")"))
        }
        tail.append(UInt8(ascii: ")"))
        loadTail = tail + assignments

        // INSERT INTO t (a, b) SELECT r.a, r.b FROM s AS r ORDER BY r.ordinal ON DUPLICATE KEY UPDATE b = <new b>:
        // MySQL 8.0.19+ names the selected row's column (VALUES() is deprecated there); older MySQL and MariaDB
        // take VALUES(b).
        let alias = UpsertStatement.rowAlias
        var insert: [UInt8] = []
        UpsertStatement.appendInsertInto(schema: schema, columns: names, to: &insert)
        insert.append(contentsOf: " SELECT ".utf8)
        for (i, name) in names.enumerated() {
            if i > 0 { insert.append(contentsOf: ", ".utf8) }
            SQLText.appendIdentifier(alias, to: &insert)
            insert.append(UInt8(ascii: "."))
            SQLText.appendIdentifier(name, to: &insert)
        }
        insert.append(contentsOf: " FROM ".utf8)
        insert.append(contentsOf: stagingName)
        insert.append(contentsOf: " AS ".utf8)
        SQLText.appendIdentifier(alias, to: &insert)
        insert.append(contentsOf: " ORDER BY ".utf8)
        SQLText.appendIdentifier(alias, to: &insert)
        insert.append(UInt8(ascii: "."))
        SQLText.appendIdentifier(ordinal, to: &insert)
        UpsertStatement.appendUpdateClause(columns: names, updateColumns: updateColumns, dialect: dialect, to: &insert)
        insertSelect = insert
    }

    /// The LOAD DATA statement for the file `fileName` (a name of the client's, never a path it reads).
    func loadStatement(fileName: String) -> [UInt8] {
        var out = loadHead
        out.append(UInt8(ascii: "'"))
        out.append(contentsOf: fileName.utf8)
        out.append(UInt8(ascii: "'"))
        out.append(contentsOf: loadTail)
        return out
    }

    var createStatement: [UInt8] { create }

    /// Puts `lines` (each a row in `LoadDataFieldFormat`, ending in a line terminator) into the staging table of
    /// `connection`, creating it when `generation` is a connection it has not been created on. Throws lock and
    /// connection errors (the writer retries them) and a file request for another name; the server's refusals come
    /// back as `.refused`.
    func stage(_ contents: [UInt8], rows: Int, on connection: MySQLConnection, generation: Int) throws(MySQLError) -> Staging {
        guard connection.offersLocalInfile else {
            return .refused("the server does not offer LOAD DATA LOCAL (no CLIENT_LOCAL_FILES in its handshake)")
        }
        do throws(MySQLError) {
            if createdOn != generation {
                try connection.execute(utf8: drop)
                try connection.execute(utf8: create)
                createdOn = generation
            } else {
                try connection.execute(utf8: truncate)
            }
            fileNumber += 1
            let fileName = "mysqlupsert-batch-\(fileNumber).tsv"
            let ok: OKPacket
            do throws(MySQLError) {
                ok = try connection.loadLocalInfile(loadStatement(fileName: fileName), fileName: fileName, contents: contents)
                lossesDuringLoad = 0
            } catch let error where error.isConnectionLost {
                lossesDuringLoad += 1
                throw error
            }
            let records = ok.loadCounts?.records
            if ok.warnings > 0 || records != UInt64(rows) {
                return .altered(
                    "LOAD DATA LOCAL reported \(ok.warnings) warnings and \(records.map(String.init) ?? "no") records for \(rows) rows (\(ok.info))")
            }
            return .staged
        } catch let error where error.isTransientLockError || error.isConnectionLost {
            throw error
        } catch let error where error.serverCode != nil {
            createdOn = nil
            return .refused(error.description)
        }
    }
}
