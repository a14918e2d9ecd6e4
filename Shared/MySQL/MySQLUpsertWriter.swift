#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Upserts rows into one table in batches of multi-row `INSERT ... ON DUPLICATE KEY UPDATE`, one transaction per
/// batch (each batch is one autocommitted statement), or, with `Options.method = .staged`, by LOAD DATA LOCAL into a
/// session temporary table and one `INSERT ... SELECT ... ON DUPLICATE KEY UPDATE` per batch (`StagedUpsert`).
///
/// - Identifiers: the input's column names must all be columns of the table as information_schema reports them
///   (else `unknownColumns`, before any statement), and must cover a primary or unique key.
/// - Values: converted per column type by `ColumnLiteralEncoder`; a value that does not fit rejects its row with the
///   reason. Strings are escaped for the session's NO_BACKSLASH_ESCAPES setting, binary goes as hex.
/// - Batches: at most `maxRowsPerBatch` rows and `maxStatementBytes` bytes, never more than the server's
///   max_allowed_packet. Rows keep their input order, so within a batch a later duplicate key wins, as in the file.
/// - Failures: deadlock (1213) and lock-wait timeout (1205) retry the batch with backoff; a lost connection
///   reconnects (when `reconnect` is given) and redoes the batch, which is safe because the upsert is idempotent.
///   A batch the server refuses for a row's data is split in halves until the offending rows are found; those are
///   rejected with the server's message and the others written.
/// - Staged method: where the server refuses LOAD DATA LOCAL (MySQL 3948, MariaDB 1148/4166, no CLIENT_LOCAL_FILES,
///   a proxy's refusal), the writer switches to multi-row statements for the rest of its rows (`fallbackReason`
///   says why) and redoes that batch with them: no row is lost or written twice. Counts are the same in both
///   methods: the OK packet of `INSERT ... SELECT` reports records, duplicates and affected rows as a multi-row
///   INSERT does.
public final class MySQLUpsertWriter {
    public struct Options: Sendable {
        /// A cap that rarely binds: batches are sized by `maxStatementBytes`.
        public var maxRowsPerBatch = 10_000
        /// Statement size: the batch ends when the next row would pass it; also capped by the server's
        /// max_allowed_packet. Per-statement costs (parse, commit, a round trip) are paid once per batch, and past
        /// about 1 MiB the gain flattens while a batch's locks and a retry's redo grow (BENCHMARKS.md). Statements
        /// over 16 KB pin an RDS Proxy session anyway, so the writer holds one connection for the whole load.
        public var maxStatementBytes = 1024 * 1024
        /// Attempts per batch for lock errors and lost connections.
        public var maxAttempts = 5
        public var backoffMilliseconds = 50
        /// Multi-row statements, or LOAD DATA LOCAL through a staging table (the connection must have been opened
        /// with `MySQLConnectionConfiguration.localInfile`).
        public var method = UpsertMethod.onDuplicateKeyUpdate
        /// Staged method: load a batch straight into the table while the batches are all new keys (a batch that
        /// meets an existing key is rolled back and staged, and batches are staged from then on until one is all
        /// new keys again). Off: every batch is staged.
        public var loadsNewKeysDirectly = true

        public init() {}
    }

    public struct Summary: Sendable, Equatable {
        public var rowsRead = 0
        public var inserted = 0
        public var updated = 0
        /// Rows whose key existed with the same values (affected-rows 0).
        public var unchanged = 0
        public var rejected = 0
        public var batches = 0
        public var retries = 0
        public var reconnects = 0
        public init() {}
    }

    public let schema: MySQLTableSchema
    public let dialect: UpsertDialect
    /// The table's names for the input's columns, in input order.
    public let columns: [String]
    public private(set) var summary = Summary()
    /// Rows not written, with reasons (conversion failures and rows the server refused).
    public private(set) var rejectedRows: [RejectedRow] = []
    /// The method in use: `.staged` turns into `.onDuplicateKeyUpdate` when the server refuses LOAD DATA LOCAL.
    public private(set) var method: UpsertMethod
    /// Why the writer left the staged method (nil while it has not).
    public private(set) var fallbackReason: String?
    /// Staged method: batches loaded straight into the table (all new keys), without the staging table.
    public private(set) var batchesLoadedDirectly = 0

    private var connection: MySQLConnection
    private let reconnect: (() throws(MySQLError) -> MySQLConnection)?
    private let options: Options
    private let encoders: [ColumnLiteralEncoder]
    private let statement: UpsertStatement
    private let maxStatementBytes: Int
    private var noBackslashEscapes: Bool
    private var staged: StagedUpsert?
    /// Counts connections (a reconnect makes a new one), so the staging table is made again on a new one.
    private var connectionGeneration = 0

    private struct PendingRow {
        /// A SQL tuple `(v1,v2,...)` or, for the staged method, a LOAD DATA line ending in `\n`.
        var encoded: [UInt8]
        var method: UpsertMethod
        var values: [UpsertValue]
        var position: Int
    }
    private var pending: [PendingRow] = []
    /// The batch sent by `flush` whose result is still to be read.
    private var inFlight: ArraySlice<PendingRow>?
    /// How the staged method sent the batch in flight (nil: as a multi-row statement).
    private var inFlightRoute: StagedUpsert.Route?
    /// Staged method: whether the next batch is loaded straight into the table (the last batch was all new keys).
    private var loadsDirectly: Bool
    private var pendingBytes = 0

    /// Reads the table's schema and the session's sql_mode and max_allowed_packet, and checks `inputColumns`.
    public init(
        connection: MySQLConnection, table: String, database: String? = nil, inputColumns: [String],
        options: Options = Options(), reconnect: (() throws(MySQLError) -> MySQLConnection)? = nil
    ) throws(MySQLUpsertError) {
        self.connection = connection
        self.reconnect = reconnect
        self.options = options
        method = options.method
        loadsDirectly = options.loadsNewKeysDirectly
        schema = try MySQLTableSchema.load(table: table, database: database, connection: connection)
        dialect = connection.serverVersion.upsertDialect

        var unknown: [String] = []
        var resolved: [MySQLTableSchema.Column] = []
        for name in inputColumns {
            if let column = schema.columns.first(where: { $0.name.lowercased() == name.lowercased() }) {
                resolved.append(column)
            } else {
                unknown.append(name)
            }
        }
        let qualified = "\(schema.database).\(schema.table)"
        guard unknown.isEmpty else { throw .unknownColumns(table: qualified, columns: unknown) }
        guard !resolved.isEmpty else { throw .configuration("no input columns for table \(qualified)") }
        let names = resolved.map(\.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw .configuration("column \(duplicate) appears twice in the input for table \(qualified)")
        }
        if let generated = resolved.first(where: \.isGenerated) {
            throw .configuration("column \(generated.name) of table \(qualified) is generated and cannot be written")
        }
        let lowered = Set(names)
        guard let key = schema.uniqueKeys.first(where: { $0.columns.allSatisfy(lowered.contains) }) else {
            throw .noKeyCovered(table: qualified, keys: schema.uniqueKeys.map(\.columns))
        }
        columns = names
        encoders = resolved.map(ColumnLiteralEncoder.init)
        let keyColumns = Set(key.columns)
        let updateColumns = names.filter { !keyColumns.contains($0) }
        statement = UpsertStatement(schema: schema, columns: names, updateColumns: updateColumns, dialect: dialect)

        let maxHeapTableBytes: Int
        do {
            let row = try connection.query("SELECT @@SESSION.sql_mode, @@SESSION.max_allowed_packet, @@SESSION.max_heap_table_size").rows.first
            let sqlMode = (row?[0] ?? "").uppercased()
            noBackslashEscapes = sqlMode.split(separator: ",").contains("NO_BACKSLASH_ESCAPES") || connection.noBackslashEscapes
            let maxAllowed = Int(row?[1] ?? "") ?? 4 * 1024 * 1024
            // Leave room for the packet header and the COM_QUERY byte.
            maxStatementBytes = max(1024, min(options.maxStatementBytes, maxAllowed - 1024))
            maxHeapTableBytes = Int(row?[2] ?? "") ?? 16 << 20
        } catch {
            throw .mysql(error)
        }
        if method == .staged {
            if connection.offersLocalInfile {
                staged = StagedUpsert(
                    schema: schema, columns: resolved, updateColumns: updateColumns, dialect: dialect,
                    binary: encoders.map(\.isBinary), noBackslashEscapes: noBackslashEscapes,
                    maxRowsPerBatch: options.maxRowsPerBatch, maxHeapTableBytes: maxHeapTableBytes)
            } else {
                fallBack("the server does not offer LOAD DATA LOCAL (no CLIENT_LOCAL_FILES in its handshake)")
            }
        }
    }

    /// Converts and queues one row; writes a batch when it is full.
    public func add(_ values: [UpsertValue], position: Int) throws(MySQLUpsertError) {
        summary.rowsRead += 1
        guard values.count == encoders.count else {
            reject(values, position: position, reason: "row has \(values.count) values, the input has \(encoders.count) columns")
            return
        }
        guard var row = encode(values, position: position, as: method) else { return }
        if !pending.isEmpty && isFull(adding: row) {
            try flush()
            // A flush that left the staged method: the row goes as a SQL tuple now.
            if row.method != method {
                guard let again = encode(values, position: position, as: method) else { return }
                row = again
            }
        }
        pending.append(row)
        pendingBytes += row.encoded.count + 1
    }

    private func isFull(adding row: PendingRow) -> Bool {
        if row.method == .staged, let staged {
            return pending.count >= staged.maxRows || pendingBytes + row.encoded.count > maxStatementBytes
        }
        return pending.count >= options.maxRowsPerBatch || statement.fixedBytes + pendingBytes + row.encoded.count + 1 > maxStatementBytes
    }

    /// The row as a SQL tuple or a LOAD DATA line, or nil after rejecting it. Both methods check the same way and
    /// reject the same rows: a row too big for a multi-row statement is rejected by the staged method too.
    private func encode(_ values: [UpsertValue], position: Int, as method: UpsertMethod) -> PendingRow? {
        var out: [UInt8] = []
        if method == .staged {
            let format = LoadDataFieldFormat()
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(LoadDataFieldFormat.fieldTerminator) }
                if let reason = encoders[index].append(value, as: format, to: &out) {
                    reject(values, position: position, reason: reason, column: columns[index])
                    return nil
                }
            }
            out.append(LoadDataFieldFormat.lineTerminator)
            // A SQL tuple is at most about twice the line (every byte escaped, quotes and X'' around values): only
            // a row near the limit needs its SQL size checked exactly.
            if statement.fixedBytes + 2 * out.count + 4 * values.count + 2 > maxStatementBytes {
                guard encode(values, position: position, as: .onDuplicateKeyUpdate) != nil else { return nil }
            }
        } else {
            let format = SQLLiteralFormat(noBackslashEscapes: noBackslashEscapes)
            out.append(UInt8(ascii: "("))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if let reason = encoders[index].append(value, as: format, to: &out) {
                    reject(values, position: position, reason: reason, column: columns[index])
                    return nil
                }
            }
            out.append(UInt8(ascii: ")"))
            if statement.fixedBytes + out.count > maxStatementBytes {
                reject(values, position: position, reason: "row needs \(out.count) bytes of SQL, over the \(maxStatementBytes)-byte statement limit (max_allowed_packet)")
                return nil
            }
        }
        return PendingRow(encoded: out, method: method, values: values, position: position)
    }

    /// Leaves the staged method for good (this writer); the caller redoes the batch at hand.
    private func fallBack(_ reason: String) {
        guard method == .staged else { return }
        method = .onDuplicateKeyUpdate
        fallbackReason = reason
        staged = nil
    }

    /// Writes rows as multi-row statements, re-encoded as SQL where they were LOAD DATA lines, in batches under the
    /// statement limits: the staged method's fallback for one batch.
    private func redoAsStatements(_ rows: ArraySlice<PendingRow>) throws(MySQLUpsertError) {
        var batch: [PendingRow] = []
        var bytes = 0
        for row in rows {
            let sqlRow: PendingRow
            if row.method == .onDuplicateKeyUpdate {
                sqlRow = row
            } else {
                // Rows that passed the checks once pass them again; the size check was made when they were read.
                guard let encoded = encode(row.values, position: row.position, as: .onDuplicateKeyUpdate) else { continue }
                sqlRow = encoded
            }
            if !batch.isEmpty && (batch.count >= options.maxRowsPerBatch || statement.fixedBytes + bytes + sqlRow.encoded.count + 1 > maxStatementBytes) {
                try run(batch[...], as: .onDuplicateKeyUpdate)
                batch = []
                bytes = 0
            }
            batch.append(sqlRow)
            bytes += sqlRow.encoded.count + 1
        }
        if !batch.isEmpty { try run(batch[...], as: .onDuplicateKeyUpdate) }
    }

    /// Reads every row of `source` and writes them; returns the summary. Call `finish()` only when adding by hand.
    @discardableResult
    public func write(from source: inout some UpsertRowSource) throws -> Summary {
        while let (values, position) = try source.nextRow() { try add(values, position: position) }
        return try finish()
    }

    /// Writes the last partial batch and returns the totals.
    @discardableResult
    public func finish() throws(MySQLUpsertError) -> Summary {
        try flush()
        try settleInFlight()
        return summary
    }

    /// After the load failed elsewhere (the input, the rejects store), reads and drops the result of a batch still in
    /// flight so the connection can take other commands. That batch may or may not have been written; a re-run of
    /// the file is idempotent. A lost connection is closed.
    public func abandon() {
        guard inFlight != nil else { return }
        inFlight = nil
        let openTransaction = inFlightRoute != nil
        inFlightRoute = nil
        connection.discardOwedResults()
        if openTransaction { _ = try? connection.execute("ROLLBACK") }
    }

    /// The connection in use (a reconnect replaces it); the caller closes it at the end.
    public var currentConnection: MySQLConnection { connection }

    /// Hands over the rejected rows collected so far and forgets them, so a long load can write them out as it
    /// goes instead of holding them all.
    public func takeRejectedRows() -> [RejectedRow] {
        defer { rejectedRows.removeAll() }
        return rejectedRows
    }

    private func reject(_ values: [UpsertValue], position: Int, reason: String, column: String? = nil) {
        summary.rejected += 1
        rejectedRows.append(RejectedRow(position: position, values: values, reason: reason, column: column))
    }

    /// Sends the pending rows as one statement without waiting for it: the caller goes on reading and encoding the
    /// next batch while the server executes this one. The previous statement's result is read first, so at most
    /// one batch is in flight and a batch that fails is settled (retried, split, rejected) before a later batch
    /// can touch the same keys: rows still land in input order.
    private func flush() throws(MySQLUpsertError) {
        guard !pending.isEmpty else { return }
        let batch = pending[...]
        pending = []
        pendingBytes = 0
        let batchMethod = batch.first!.method
        // Built before waiting for the batch in flight, so the client works while the server does.
        let payload = batchMethod == .staged ? Array(batch.map(\.encoded).joined()) : statement.statement(tuples: batch.map(\.encoded))
        try settleInFlight()
        if batchMethod != method {
            // Settling the previous batch left the staged method.
            try redoAsStatements(batch)
            return
        }
        try checkEscaping()
        if let staged, method == .staged {
            // The file goes over, then the server loads and upserts it while the next batch is encoded; `settle`
            // commits it.
            let route: StagedUpsert.Route = loadsDirectly ? .direct : .staging
            let sending: StagedUpsert.Sending
            do throws(MySQLError) {
                sending = try staged.send(payload, route: route, on: connection, generation: connectionGeneration)
            } catch let error where error.isTransientLockError || error.isConnectionLost {
                // The synchronous path retries or reconnects.
                try run(batch, as: .staged)
                return
            } catch {
                // A file request for another name, a protocol error: the load stops here.
                throw .mysql(error)
            }
            switch sending {
            case .sent:
                inFlight = batch
                inFlightRoute = route
            case .refused(let reason):
                fallBack(reason)
                try redoAsStatements(batch)
            }
            return
        }
        do throws(MySQLError) {
            try connection.send(statement: payload)
            inFlight = batch
        } catch {
            // Not sent (the connection is gone): the synchronous path reconnects and retries.
            try run(batch, as: .onDuplicateKeyUpdate)
        }
    }

    /// Reads the result of the batch in flight and accounts for it; a failure goes through `run`'s retries.
    private func settleInFlight() throws(MySQLUpsertError) {
        guard let batch = inFlight else { return }
        inFlight = nil
        if let route = inFlightRoute, let staged {
            inFlightRoute = nil
            let outcome: StagedUpsert.Outcome
            do throws(MySQLError) {
                outcome = try staged.settle(route: route, rows: batch.count, on: connection)
            } catch {
                try run(batch, as: .staged, firstResult: .failure(error))
                return
            }
            switch outcome {
            case .upserted(let ok):
                account(ok, rows: batch.count)
                summary.batches += 1
            case .inserted:
                summary.inserted += batch.count
                summary.batches += 1
                batchesLoadedDirectly += 1
            case .duplicates:
                loadsDirectly = false
                try run(batch, as: .staged)
            case .altered:
                try redoAsStatements(batch)
            case .failed(let error):
                try run(batch, as: .staged, firstResult: .failure(error))
            }
            return
        }
        let result = Result { () throws(MySQLError) in try connection.result() }
        try run(batch, as: batch.first!.method, firstResult: result)
    }

    /// Server errors that blame a row's data (the statement is rolled back; other rows are fine).
    static let rowDataErrors: Set<UInt16> = [
        1048, 1054, 1062, 1216, 1264, 1265, 1292, 1366, 1406, 1411, 1451, 1452, 1690, 3140, 3819, 4025, 4078,
    ]

    /// The literals were escaped for one NO_BACKSLASH_ESCAPES setting; a session (say, after a reconnect) with the
    /// other setting would read them differently, so it gets no statement at all.
    private func checkEscaping() throws(MySQLUpsertError) {
        guard connection.noBackslashEscapes == noBackslashEscapes else {
            throw .configuration(
                "the session's NO_BACKSLASH_ESCAPES setting changed to \(connection.noBackslashEscapes) during the load; no rows were sent with it")
        }
    }

    /// What one attempt at a batch came to.
    private enum Attempt {
        case written(OKPacket)
        /// The staged method could not take the batch: write it as multi-row statements (and, when `leave`, stop
        /// staging).
        case redoAsStatements(reason: String, leave: Bool)
    }

    /// One attempt: the statement's result (from `firstResult` when `flush` sent it already), or staging and the
    /// INSERT ... SELECT.
    private func attempt(_ batch: ArraySlice<PendingRow>, as batchMethod: UpsertMethod, sent: inout Result<OKPacket, MySQLError>?)
        throws(MySQLError) -> Attempt
    {
        if let result = sent {
            sent = nil
            return .written(try result.get())
        }
        guard batchMethod == .staged else {
            return .written(try connection.execute(utf8: statement.statement(tuples: batch.map(\.encoded))))
        }
        guard let staged, method == .staged else {
            return .redoAsStatements(reason: fallbackReason ?? "the staged method was left", leave: false)
        }
        let contents = Array(batch.map(\.encoded).joined())
        if case .refused(let reason) = try staged.send(contents, route: .staging, on: connection, generation: connectionGeneration) {
            return .redoAsStatements(reason: reason, leave: true)
        }
        switch try staged.settle(route: .staging, rows: batch.count, on: connection) {
        case .upserted(let ok): return .written(ok)
        case .failed(let error): throw error
        case .altered(let reason), .duplicates(let reason): return .redoAsStatements(reason: reason, leave: false)
        case .inserted: return .redoAsStatements(reason: "a staged batch was reported as loaded directly", leave: false)
        }
    }

    /// Writes `batch` and waits for it, retrying, reconnecting or splitting as its errors require. `firstResult` is
    /// the outcome of a first attempt already sent by `flush`.
    private func run(_ batch: ArraySlice<PendingRow>, as batchMethod: UpsertMethod, firstResult: Result<OKPacket, MySQLError>? = nil)
        throws(MySQLUpsertError)
    {
        var attempts = 1
        var sentResult = firstResult
        while true {
            if sentResult == nil { try checkEscaping() }
            let outcome: Attempt
            do throws(MySQLError) {
                outcome = try attempt(batch, as: batchMethod, sent: &sentResult)
            } catch let error where error.isTransientLockError && attempts < options.maxAttempts {
                summary.retries += 1
                backoff(attempts)
                attempts += 1
                continue
            } catch let error where error.isConnectionLost && reconnect != nil && attempts < options.maxAttempts {
                summary.retries += 1
                backoff(attempts)
                connection.close()
                do {
                    connection = try reconnect!()
                    connectionGeneration += 1
                    summary.reconnects += 1
                } catch {
                    if attempts + 1 >= options.maxAttempts { throw .mysql(error) }
                }
                if let staged, staged.lossesDuringLoad >= StagedUpsert.lossesMeaningRefusal {
                    // The next attempt goes as statements.
                    fallBack("the connection was lost \(staged.lossesDuringLoad) times in a row during LOAD DATA LOCAL (\(error))")
                }
                attempts += 1
                continue
            } catch let error where error.serverCode.map(Self.rowDataErrors.contains) == true {
                if batch.count == 1, let row = batch.first {
                    reject(row.values, position: row.position, reason: error.description)
                    return
                }
                let middle = batch.startIndex + batch.count / 2
                try run(batch[batch.startIndex..<middle], as: batchMethod)
                try run(batch[middle...], as: batchMethod)
                return
            } catch {
                throw .mysql(error)
            }
            switch outcome {
            case .written(let ok):
                account(ok, rows: batch.count)
                summary.batches += 1
            case .redoAsStatements(let reason, let leave):
                if leave { fallBack(reason) }
                try redoAsStatements(batch)
            }
            return
        }
    }

    /// Inserted, updated and unchanged from the OK packet: affected = inserted + 2 × updated, and the info text
    /// "Records: N  Duplicates: D" counts the rows an existing key changed (D = updated; unchanged ones are in
    /// neither number).
    private func account(_ ok: OKPacket, rows: Int) {
        if let (records, duplicates) = ok.insertCounts {
            let updated = Int(duplicates)
            let inserted = max(0, Int(ok.affectedRows) - 2 * updated)
            // All new keys: the staged method tries the next batch straight into the table.
            if inserted == rows { loadsDirectly = options.loadsNewKeysDirectly }
            summary.inserted += inserted
            summary.updated += updated
            summary.unchanged += max(0, Int(records) - inserted - updated)
        } else {
            // A single-row INSERT has no info text: affected 1 = inserted, 2 = updated, 0 = unchanged.
            switch ok.affectedRows {
            case 1: summary.inserted += rows
            case 2: summary.updated += rows
            default: summary.unchanged += rows
            }
        }
    }

    private func backoff(_ attempt: Int) {
        let base = options.backoffMilliseconds << min(attempt - 1, 6)
        let milliseconds = base + Int.random(in: 0...max(1, base / 2))
        usleep(useconds_t(milliseconds * 1000))
    }
}
