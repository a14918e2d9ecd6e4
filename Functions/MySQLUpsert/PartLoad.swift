import MySQL

/// Takes one part's rows from its format reader into the upsert writer, and the rows that fail (unreadable lines,
/// values that do not fit their column, rows the server refuses) into the rejects document.
final class PartLoad: UnloadRowConsumer {
    let route: UnloadRoute
    let session: MySQLSession
    let options: MySQLUpsertWriter.Options
    private(set) var writer: MySQLUpsertWriter?
    private(set) var rejects: RejectsDocument
    private(set) var unreadable = 0
    private var drained = 0

    init(route: UnloadRoute, session: MySQLSession, options: MySQLUpsertWriter.Options, rejects: RejectsDocument) {
        self.route = route
        self.session = session
        self.options = options
        self.rejects = rejects
    }

    /// Checks the names against the table (information_schema) before any row: an unknown column, a missing key
    /// or a missing table stops the file with nothing written.
    func begin(columns: [String]) throws {
        do {
            writer = try MySQLUpsertWriter(
                connection: session.connection, table: route.table, database: route.database, inputColumns: columns,
                options: options, reconnect: session.reconnect)
        } catch {
            if case .mysql(let cause) = error { throw MySQLUpsertFailure(.database, cause.description) }
            throw MySQLUpsertFailure(.mapping, error.description)
        }
    }

    func row(_ values: [UpsertValue], position: Int) throws {
        guard let writer else { return }
        do {
            try writer.add(values, position: position)
        } catch {
            throw Self.failure(error)
        }
        if writer.summary.rejected != drained { try drain(writer) }
    }

    func reject(position: Int, reason: String, fields: [UpsertValue]) throws {
        unreadable += 1
        try rejects.add(position: position, column: nil, reason: reason, values: fields)
    }

    /// The session keeps the connection the writer ended with (a reconnect replaces it), even after a failure; a
    /// batch left in flight by a failure is settled first.
    func handBackConnection() {
        guard let writer else { return }
        writer.abandon()
        session.adopt(writer.currentConnection)
    }

    /// Writes the last batch.
    func finish() throws -> MySQLUpsertWriter.Summary? {
        guard let writer else { return nil }
        let summary: MySQLUpsertWriter.Summary
        do {
            summary = try writer.finish()
        } catch {
            throw Self.failure(error)
        }
        try drain(writer)
        return summary
    }

    private func drain(_ writer: MySQLUpsertWriter) throws {
        drained = writer.summary.rejected
        for row in writer.takeRejectedRows() { try rejects.add(row) }
    }

    private static func failure(_ error: MySQLUpsertError) -> MySQLUpsertFailure {
        if case .mysql(let cause) = error { return MySQLUpsertFailure(.database, cause.description) }
        return MySQLUpsertFailure(.database, error.description)
    }
}
