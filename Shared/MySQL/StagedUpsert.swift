/// The staged upsert of one table and column list, a batch at a time, by `LOAD DATA LOCAL INFILE` from memory.
///
/// - Two routes. `.staging`: the batch is loaded into a session temporary table, then one `INSERT ... SELECT ... ON
///   DUPLICATE KEY UPDATE` moves it into the table. `.direct`: the batch is loaded straight into the table, which is
///   all an insert needs; LOAD DATA LOCAL skips a row whose key exists, and such a batch is rolled back and staged
///   instead (`Outcome.duplicates`), so the table always ends as the upsert leaves it. The writer picks the route.
/// - The staging table is made by the server from the table's own columns (`CREATE TEMPORARY TABLE ... SELECT
///   <columns> FROM <table> LIMIT 0`: same types, character sets and NULL-ability, no keys or CHECK constraints),
///   plus an ordinal column, so `ORDER BY` keeps the file's order and a later duplicate key wins as it does in a
///   multi-row INSERT. `ENGINE=MEMORY` when the columns allow it (MEMORY refuses BLOB/TEXT) and a batch fits in
///   max_heap_table_size, else an InnoDB temporary table. Created once per connection (again after a reconnect),
///   emptied after each batch.
/// - The LOAD DATA statement names the character set and every delimiter, and the rows are encoded by
///   `ColumnLiteralEncoder` into `LoadDataFieldFormat`, so the server reads back exactly the values a multi-row
///   statement would carry. With LOCAL the server turns data errors into warnings; a load with a warning that is
///   not a skipped duplicate, or with fewer records than rows sent, is rolled back (`Outcome.altered`): the writer
///   redoes that batch as a multi-row statement, which fails strictly and rejects the same rows for the same
///   reasons.
/// - Pipelined: `send` hands the file over and queues what follows (`BEGIN` and the `INSERT ... SELECT`), then
///   returns while the server works, so the writer encodes the next batch meanwhile; `settle` reads the results and
///   only then commits, or rolls back. Each batch is one transaction: a deadlock or lock-wait timeout rolls it back
///   whole and the batch is retried; the staging table is private to the session.
final class StagedUpsert {
    enum Engine: String { case memory = "MEMORY", innoDB = "InnoDB" }

    /// Where a batch's rows are loaded.
    enum Route: Equatable {
        /// Into the staging table, then upserted from it.
        case staging
        /// Into the table itself (inserts only; a batch with an existing key comes back as `.duplicates`).
        case direct
    }

    /// What sending a batch came to.
    enum Sending: Equatable {
        /// The file is with the server; `settle` reads what became of it.
        case sent
        /// The server will not do LOAD DATA LOCAL here (local_infile off, no CLIENT_LOCAL_FILES, a proxy that
        /// refuses it, no staging table): use multi-row statements from now on.
        case refused(String)
    }

    /// What a sent batch came to, with its transaction ended.
    enum Outcome {
        /// Staged and upserted, committed: the `INSERT ... SELECT`'s OK packet, which counts rows as a multi-row
        /// INSERT's does.
        case upserted(OKPacket)
        /// Loaded straight into the table, every row a new key, committed.
        case inserted
        /// Loaded straight into the table, but some keys existed (LOAD DATA skipped them): rolled back; stage it.
        case duplicates(String)
        /// The load changed or skipped values (warnings): rolled back; redo this batch as a multi-row statement.
        case altered(String)
        /// A statement failed (a lock error, a row's data): rolled back; the error decides what follows.
        case failed(MySQLError)
    }

    let engine: Engine
    /// Rows per batch that fit the MEMORY table.
    let maxRows: Int
    let insertSelect: [UInt8]
    private let create: [UInt8]
    private let loadIntoTableTail: [UInt8]
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
        var tail = Array(" CHARACTER SET utf8mb4 FIELDS TERMINATED BY ".utf8)
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
        loadTail = Array(" INTO TABLE ".utf8) + stagingName + tail + assignments
        var table: [UInt8] = []
        UpsertStatement.appendTable(schema.database, schema.table, to: &table)
        loadIntoTableTail = Array(" INTO TABLE ".utf8) + table + tail + assignments

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
    func loadStatement(fileName: String, route: Route = .staging) -> [UInt8] {
        var out = loadHead
        out.append(UInt8(ascii: "'"))
        out.append(contentsOf: fileName.utf8)
        out.append(UInt8(ascii: "'"))
        out.append(contentsOf: route == .staging ? loadTail : loadIntoTableTail)
        return out
    }

    var createStatement: [UInt8] { create }

    private static let begin = Array("BEGIN".utf8)
    private static let commit = Array("COMMIT".utf8)
    private static let rollback = Array("ROLLBACK".utf8)

    /// Hands `contents` (rows in `LoadDataFieldFormat`, each ending in a line terminator) to the server by `route`,
    /// creating the staging table when `generation` is a connection it has not been created on, and queues the rest
    /// of the batch's statements; returns without waiting for them. Throws lock and connection errors (the writer
    /// retries them) and a file request for another name; the server's refusals come back as `.refused`.
    func send(_ contents: [UInt8], route: Route, on connection: MySQLConnection, generation: Int) throws(MySQLError) -> Sending {
        guard connection.offersLocalInfile else {
            return .refused("the server does not offer LOAD DATA LOCAL (no CLIENT_LOCAL_FILES in its handshake)")
        }
        do throws(MySQLError) {
            if route == .staging, createdOn != generation {
                try connection.execute(utf8: drop)
                try connection.execute(utf8: create)
                createdOn = generation
            }
            if route == .direct { try connection.execute(utf8: Self.begin) }
            fileNumber += 1
            let fileName = "mysqlupsert-batch-\(fileNumber).tsv"
            let answered: OKPacket?
            do throws(MySQLError) {
                answered = try connection.sendLoadLocalInfile(
                    loadStatement(fileName: fileName, route: route), fileName: fileName, contents: contents)
                lossesDuringLoad = 0
            } catch let error where error.isConnectionLost {
                lossesDuringLoad += 1
                throw error
            }
            if let answered {
                if route == .direct { try connection.execute(utf8: Self.rollback) }
                return .refused("the server answered LOAD DATA LOCAL without asking for the file (\(answered.info))")
            }
            if route == .staging {
                try connection.send(statement: Self.begin)
                try connection.send(statement: insertSelect)
            }
            return .sent
        } catch let error where error.isTransientLockError || error.isConnectionLost {
            throw error
        } catch let error where error.serverCode != nil {
            createdOn = nil
            if route == .direct { _ = try? connection.execute(utf8: Self.rollback) }
            return .refused(error.description)
        }
    }

    /// Reads the results of the batch `send` sent by `route` (`rows` rows) and ends its transaction: commits when the
    /// load kept every row as sent and the upsert went through, rolls back otherwise. Throws only a lost connection
    /// (nothing was committed then).
    func settle(route: Route, rows: Int, on connection: MySQLConnection) throws(MySQLError) -> Outcome {
        let load = try Self.nextResult(connection)
        if route == .direct {
            let ok: OKPacket
            switch load {
            case .success(let packet): ok = packet
            case .failure(let error):
                try end(Self.rollback, route: route, on: connection)
                return .failed(error)
            }
            let counts = ok.loadCounts
            if ok.warnings == 0, counts?.records == UInt64(rows), counts?.skipped == 0 {
                if let failed = try end(Self.commit, route: route, on: connection) { return .failed(failed) }
                return .inserted
            }
            try end(Self.rollback, route: route, on: connection)
            if let counts, counts.records == UInt64(rows), counts.skipped > 0, UInt64(ok.warnings) == counts.skipped {
                return .duplicates("LOAD DATA LOCAL skipped \(counts.skipped) of \(rows) rows (\(ok.info))")
            }
            return .altered(Self.describe(ok, rows: rows))
        }
        let begin = try Self.nextResult(connection)
        let upsert = try Self.nextResult(connection)
        switch (load, begin, upsert) {
        case (.success(let loaded), .success, .success(let upserted)):
            guard loaded.warnings == 0, loaded.loadCounts?.records == UInt64(rows) else {
                try end(Self.rollback, route: route, on: connection)
                return .altered(Self.describe(loaded, rows: rows))
            }
            if let failed = try end(Self.commit, route: route, on: connection) { return .failed(failed) }
            return .upserted(upserted)
        case (.failure(let error), _, _):
            try end(Self.rollback, route: route, on: connection)
            return .altered("LOAD DATA LOCAL failed: \(error)")
        case (_, .failure(let error), _), (_, _, .failure(let error)):
            try end(Self.rollback, route: route, on: connection)
            return .failed(error)
        }
    }

    private static func describe(_ ok: OKPacket, rows: Int) -> String {
        "LOAD DATA LOCAL reported \(ok.warnings) warnings and \(ok.loadCounts.map { String($0.records) } ?? "no") records for \(rows) rows (\(ok.info))"
    }

    /// The next owed result; a lost connection is thrown, any other error returned.
    private static func nextResult(_ connection: MySQLConnection) throws(MySQLError) -> Result<OKPacket, MySQLError> {
        do throws(MySQLError) {
            return .success(try connection.result())
        } catch where error.isConnectionLost {
            throw error
        } catch {
            return .failure(error)
        }
    }

    /// Commits or rolls back, and empties the staging table after a staged batch (TRUNCATE commits, so it comes
    /// after), both sent before either result is read. Returns the COMMIT's error; a lost connection is thrown.
    @discardableResult
    private func end(_ statement: [UInt8], route: Route, on connection: MySQLConnection) throws(MySQLError) -> MySQLError? {
        try connection.send(statement: statement)
        if route == .staging { try connection.send(statement: truncate) }
        let ended = try Self.nextResult(connection)
        if route == .staging, case .failure = try Self.nextResult(connection) {
            // Made again before the next staged batch.
            createdOn = nil
        }
        if case .failure(let error) = ended { return error }
        return nil
    }
}
