import Foundation
import Testing
import TestSupport

@testable import MySQL

/// The upsert writer against MariaDB: exact values, hostile text stored literally, identifiers checked before any
/// statement, rejects with reasons, batching, lock waits and a connection killed mid-load.
@Suite(.enabled(if: MySQLTestServers.mariaDBAvailable, "needs scripts/services/mariadb.sh"))
struct MySQLUpsertWriterTests {
    static let columns = ["id", "name", "amount", "ts", "day", "flag", "data", "note"]

    static func createTable(_ connection: MySQLConnection, _ table: String) throws {
        try connection.execute("""
            CREATE TABLE \(SQLText.identifier(table)) (
              id BIGINT PRIMARY KEY, name VARCHAR(16) NULL, amount DECIMAL(12,2) NULL, ts DATETIME(6) NULL,
              day DATE NULL, flag TINYINT(1) NULL, data VARBINARY(16) NULL, note TEXT NULL,
              qty INT NULL CHECK (qty IS NULL OR qty >= 0)
            ) ENGINE=InnoDB
            """)
    }

    static func table(_ connection: MySQLConnection, _ table: String) throws -> [[String?]] {
        try connection.query(
            "SELECT id, name, amount, ts, day, flag, HEX(data), note FROM \(SQLText.identifier(table)) ORDER BY id").rows
    }

    static func t(_ s: String?) -> UpsertValue { s.map { .text($0) } ?? .null }

    @Test func insertsThenUpdatesExactly() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        let table = MySQLTestServers.uniqueTable("exact")
        try Self.createTable(connection, table)

        let first: [[String?]] = [
            ["1", "ascii", "12.50", "2024-01-02 03:04:05.123456", "2024-02-29", "t", "abc", "plain"],
            ["2", nil, "-0.01", "2024-01-02 03:04:05+00", "1999-12-31", "f", nil, nil],
            ["3", "héllo 😀 中文", "9999999999.99", "2024-01-02T03:04:05", "2000-01-01", "1", "", "multi\nline\r\n"],
            ["-9223372036854775808", "min", "0", "2024-01-02", "2024-01-01", "0", "\u{7F}", ""],
        ]
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: Self.columns)
        for (i, row) in first.enumerated() { try writer.add(row.map(Self.t), position: i + 1) }
        let inserted = try writer.finish()
        #expect(inserted.inserted == 4)
        #expect(inserted.updated == 0)
        #expect(inserted.rejected == 0)
        #expect(writer.rejectedRows.isEmpty)
        #expect(try Self.table(connection, table) == [
            ["-9223372036854775808", "min", "0.00", "2024-01-02 00:00:00.000000", "2024-01-01", "0", "7F", ""],
            ["1", "ascii", "12.50", "2024-01-02 03:04:05.123456", "2024-02-29", "1", "616263", "plain"],
            ["2", nil, "-0.01", "2024-01-02 03:04:05.000000", "1999-12-31", "0", nil, nil],
            ["3", "héllo 😀 中文", "9999999999.99", "2024-01-02 03:04:05.000000", "2000-01-01", "1", "", "multi\nline\r\n"],
        ])

        // Same keys again: two changed, one unchanged, one new.
        let second: [[String?]] = [
            ["1", "changed", "12.5", "2024-01-02 03:04:05.123456", "2024-02-29", "t", "abc", "plain"],
            ["2", nil, "-0.01", "2024-01-02 03:04:05", "1999-12-31", "f", nil, nil],
            ["3", nil, nil, nil, nil, nil, nil, nil],
            ["4", "new", "1", "2030-06-30 23:59:59.5", "2030-06-30", "true", "\u{0}", "x"],
        ]
        let updater = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: Self.columns)
        for (i, row) in second.enumerated() { try updater.add(row.map(Self.t), position: i + 1) }
        let updated = try updater.finish()
        #expect(updated.inserted == 1)
        #expect(updated.updated == 2)
        #expect(updated.unchanged == 1)
        #expect(try Self.table(connection, table) == [
            ["-9223372036854775808", "min", "0.00", "2024-01-02 00:00:00.000000", "2024-01-01", "0", "7F", ""],
            ["1", "changed", "12.50", "2024-01-02 03:04:05.123456", "2024-02-29", "1", "616263", "plain"],
            ["2", nil, "-0.01", "2024-01-02 03:04:05.000000", "1999-12-31", "0", nil, nil],
            ["3", nil, nil, nil, nil, nil, nil, nil],
            ["4", "new", "1.00", "2030-06-30 23:59:59.500000", "2030-06-30", "1", "00", "x"],
        ])
    }

    static let hostile: [String] = [
        "'); DROP TABLE victim; --", "\\", "\\'", "'\\", "\"", "a\u{0}b", "\u{1A}", "\\0\\n", "''", "`", "é'😀'\\",
        "\\\\\\'\\", "--", "/* */", "\r\n", "%_", "$1",
    ]

    @Test(arguments: [false, true])
    func hostileValuesAreStoredLiterally(noBackslashEscapes: Bool) throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        if noBackslashEscapes {
            try connection.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')")
            #expect(connection.noBackslashEscapes)
        }
        let table = MySQLTestServers.uniqueTable("hostile")
        try Self.createTable(connection, table)
        try connection.execute("CREATE TABLE IF NOT EXISTS victim (id INT PRIMARY KEY)")
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "note", "data"])
        for (i, value) in Self.hostile.enumerated() {
            try writer.add([.text(String(i)), .text(value), .bytes(Array(value.utf8.prefix(16)))], position: i + 1)
        }
        let summary = try writer.finish()
        #expect(summary.inserted == Self.hostile.count)
        let rows = try connection.query("SELECT id, note, HEX(note), HEX(data) FROM \(SQLText.identifier(table)) ORDER BY id").rows
        #expect(rows.count == Self.hostile.count)
        for (i, value) in Self.hostile.enumerated() {
            #expect(rows[i][1] == value, "row \(i)")
            let hex = value.utf8.map { String(format: "%02X", $0) }.joined()
            #expect(rows[i][2] == hex)
            #expect(rows[i][3] == String(hex.prefix(32)))
        }
        #expect(try connection.query("SHOW TABLES LIKE 'victim'").rows.count == 1)
    }

    @Test func unknownColumnsAreRefusedBeforeAnyStatement() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        let table = MySQLTestServers.uniqueTable("unknown")
        try Self.createTable(connection, table)
        func inserts() throws -> String? {
            try connection.query("SHOW SESSION STATUS LIKE 'Com_insert'").rows.first?[1] ?? nil
        }
        let before = try inserts()
        #expect(throws: MySQLUpsertError.unknownColumns(table: "pipeline.\(table)", columns: ["nope`; DROP TABLE x; --", "NAME2"])) {
            try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "nope`; DROP TABLE x; --", "NAME2"])
        }
        #expect(throws: MySQLUpsertError.unknownTable("pipeline.no_such_table")) {
            try MySQLUpsertWriter(connection: connection, table: "no_such_table", inputColumns: ["id"])
        }
        #expect(throws: MySQLUpsertError.noKeyCovered(table: "pipeline.\(table)", keys: [["id"]])) {
            try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["name"])
        }
        #expect(try inserts() == before)
        // Column names match case-insensitively, as MySQL's do, and the table's spelling is used.
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["ID", "Name"])
        #expect(writer.columns == ["id", "name"])
    }

    @Test func badRowsAreRejectedWithReasonsAndTheRestWritten() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        let table = MySQLTestServers.uniqueTable("rejects")
        try Self.createTable(connection, table)
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "name", "amount", "day", "qty"])
        let rows: [[String?]] = [
            ["1", "ok", "1.5", "2024-01-01", "1"],
            ["x2", "bad id", "1", "2024-01-01", "1"],
            ["3", "seventeen chars!!", "1", "2024-01-01", "1"],
            ["4", "ok", "1.234", "2024-01-01", "1"],
            ["5", "ok", "1", "2023-02-29", "1"],
            ["6", "ok", "1", "2024-01-01", "-1"],  // only the server's CHECK constraint knows
            ["7", "ok", "1", "2024-01-01", "2"],
            [nil, "null key", "1", "2024-01-01", "1"],
            ["9", "ok", "1", "2024-01-01", "99999999999"],
        ]
        for (i, row) in rows.enumerated() { try writer.add(row.map(Self.t), position: i + 2) }
        let summary = try writer.finish()
        #expect(summary.rowsRead == 9)
        #expect(summary.inserted == 2)
        #expect(summary.rejected == 7)
        #expect(writer.rejectedRows.map(\.position) == [3, 4, 5, 6, 9, 10, 7])
        let reasons = writer.rejectedRows.map(\.reason)
        #expect(reasons[0].contains("column id") && reasons[0].contains("\"x2\""))
        #expect(reasons[1].contains("at most 16 characters"))
        #expect(reasons[2].contains("column amount"))
        #expect(reasons[3].contains("column day"))
        #expect(reasons[4].contains("NOT NULL"))
        #expect(reasons[5].contains("column qty"))
        #expect(reasons[6].contains("MySQL error 4025"))
        #expect(try connection.query("SELECT id FROM \(SQLText.identifier(table)) ORDER BY id").rows == [["1"], ["7"]])
    }

    @Test func aFailedBatchIsSettledBeforeALaterBatchWritesTheSameKey() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        let table = MySQLTestServers.uniqueTable("settled")
        try Self.createTable(connection, table)
        var options = MySQLUpsertWriter.Options()
        options.maxRowsPerBatch = 2
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "name", "qty"], options: options)
        // The first batch fails at the server (row 6 breaks the CHECK constraint) while the second, which sets
        // key 1 again, is being prepared: the first must be split and written before the second goes out.
        let rows: [[String?]] = [["1", "first", "1"], ["6", "bad", "-1"], ["1", "second", "2"], ["2", "two", "3"], ["3", "three", "4"]]
        for (i, row) in rows.enumerated() { try writer.add(row.map(Self.t), position: i + 1) }
        let summary = try writer.finish()
        #expect(summary.rejected == 1)
        #expect(writer.rejectedRows.map(\.position) == [2])
        #expect(summary.inserted == 3)
        #expect(summary.updated == 1)
        #expect(try connection.query("SELECT id, name, qty FROM \(SQLText.identifier(table)) ORDER BY id").rows
            == [["1", "second", "2"], ["2", "two", "3"], ["3", "three", "4"]])
    }

    /// A multi-row statement in flight has run (autocommit); a staged batch in flight is rolled back, since it
    /// commits only once its results were read. Either way a re-run of the file writes it.
    @Test(arguments: [UpsertMethod.onDuplicateKeyUpdate, .staged])
    func abandonSettlesTheBatchInFlightSoTheConnectionServesAgain(method: UpsertMethod) throws {
        let connection = try MySQLConnection(
            method == .staged ? MySQLTestServers.mariaDBWithLocalInfile() : MySQLTestServers.mariaDB())
        defer { connection.close() }
        let table = MySQLTestServers.uniqueTable("abandon")
        try Self.createTable(connection, table)
        var options = MySQLUpsertWriter.Options()
        options.maxRowsPerBatch = 2
        options.method = method
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "name"], options: options)
        for i in 1...3 { try writer.add([.text(String(i)), .text("v")], position: i) }
        #expect(connection.hasStatementInFlight)
        writer.abandon()
        #expect(!connection.hasStatementInFlight)
        #expect(try connection.query("SELECT COUNT(*) FROM \(SQLText.identifier(table))").rows == [[method == .staged ? "0" : "2"]])
        #expect(try connection.query("SELECT @@in_transaction").rows == [["0"]])
    }

    @Test func batchesStayUnderTheStatementLimit() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        let table = MySQLTestServers.uniqueTable("batches")
        try Self.createTable(connection, table)
        var options = MySQLUpsertWriter.Options()
        options.maxStatementBytes = 2048
        options.maxRowsPerBatch = 50
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "note"], options: options)
        struct GeneratedRows: UpsertRowSource {
            var columnNames = ["id", "note"]
            var next = 0
            mutating func nextRow() throws -> (values: [UpsertValue], position: Int)? {
                guard next < 500 else { return nil }
                defer { next += 1 }
                return ([.text(String(next)), .text(String(repeating: "n", count: next % 300))], next + 1)
            }
        }
        var source = GeneratedRows()
        let summary = try writer.write(from: &source)
        #expect(summary.inserted == 500)
        #expect(summary.batches >= 500 * 150 / 2048)
        #expect(try connection.query("SELECT COUNT(*), SUM(LENGTH(note)) FROM \(SQLText.identifier(table))").rows
            == [["500", "\((0..<500).reduce(0) { $0 + $1 % 300 })"]])
    }

    /// Staged, the batch is loaded straight into the table (key 1 exists, so LOAD DATA waits for its lock before
    /// skipping it), then staged.
    @Test(arguments: [UpsertMethod.onDuplicateKeyUpdate, .staged])
    func lockWaitTimeoutIsRetried(method: UpsertMethod) throws {
        let connection = try MySQLConnection(
            method == .staged ? MySQLTestServers.mariaDBWithLocalInfile() : MySQLTestServers.mariaDB())
        defer { connection.close() }
        let holder = try MySQLTestServers.connectMariaDB()
        defer { holder.close() }
        let table = MySQLTestServers.uniqueTable("locks")
        try Self.createTable(connection, table)
        try connection.execute("INSERT INTO \(SQLText.identifier(table)) (id, name) VALUES (1, 'before')")
        try connection.execute("SET SESSION innodb_lock_wait_timeout = 1")
        try holder.execute("START TRANSACTION")
        _ = try holder.query("SELECT * FROM \(SQLText.identifier(table)) WHERE id = 1 FOR UPDATE")
        let release = DispatchSemaphore(value: 0)
        // The holder connection is used by the other thread only from here on.
        final class Handover: @unchecked Sendable { let connection: MySQLConnection; init(_ c: MySQLConnection) { connection = c } }
        let handover = Handover(holder)
        DispatchQueue.global().async {
            // Hold the row lock past the writer's first lock-wait timeout, then let it through.
            _ = release.wait(timeout: .now() + 2.5)
            _ = try? handover.connection.execute("COMMIT")
        }
        var options = MySQLUpsertWriter.Options()
        options.maxAttempts = 10
        options.backoffMilliseconds = 10
        options.method = method
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "name"], options: options)
        try writer.add([.text("1"), .text("after")], position: 1)
        let summary = try writer.finish()
        release.signal()
        #expect(summary.retries >= 1)
        #expect(summary.updated == 1)
        #expect(writer.method == method, "\(writer.fallbackReason ?? "")")
        #expect(try connection.query("SELECT name FROM \(SQLText.identifier(table))").rows == [["after"]])
    }

    /// Staged, the batch's first statement is the LOAD DATA straight into the table, which locks key 1 and waits
    /// for key 2 as the multi-row INSERT does.
    @Test(arguments: [UpsertMethod.onDuplicateKeyUpdate, .staged])
    func deadlockVictimBatchIsRetried(method: UpsertMethod) throws {
        // A long socket timeout: on a busy machine the wait for the deadlock may outlast the default.
        var writerConfiguration = try method == .staged ? MySQLTestServers.mariaDBWithLocalInfile() : MySQLTestServers.mariaDB()
        writerConfiguration.timeoutSeconds = 180
        let connection = try MySQLConnection(writerConfiguration)
        defer { connection.close() }
        let holder = try MySQLTestServers.connectMariaDB()
        let observer = try MySQLTestServers.connectMariaDB()
        defer { observer.close() }
        let table = MySQLTestServers.uniqueTable("deadlock")
        let quoted = SQLText.identifier(table)
        try Self.createTable(connection, table)
        try connection.execute("INSERT INTO \(quoted) (id, name) VALUES " + (1...200).map { "(\($0), 'old')" }.joined(separator: ","))
        // The holder changes many rows first, so InnoDB picks the writer's smaller transaction as the victim.
        try holder.execute("START TRANSACTION")
        try holder.execute("UPDATE \(quoted) SET name = 'holder' WHERE id >= 2")
        final class Handover: @unchecked Sendable {
            let holder: MySQLConnection, observer: MySQLConnection
            init(_ h: MySQLConnection, _ o: MySQLConnection) { holder = h; observer = o }
        }
        let handover = Handover(holder, observer)
        let writerID = connection.connectionID
        // Only the deadlock may end the writer's wait, not a lock-wait timeout on a slow machine.
        try connection.execute("SET SESSION innodb_lock_wait_timeout = 60")
        let done = DispatchSemaphore(value: 0)
        // A thread of its own: the shared queues may be busy with other tests.
        Thread.detachNewThread {
            defer { done.signal() }
            // Wait until the writer holds row 1 and waits for row 2, then ask for row 1: a deadlock. A two-row
            // statement still running after half a second is waiting for row 2 (row 1 is free); the process list
            // shows that, where INNODB_TRX may not list the transaction while other sessions' are busy.
            for _ in 0..<12000 {
                let waiting = (try? handover.observer.query(
                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = \(writerID) AND (INFO LIKE 'INSERT%' OR INFO LIKE 'LOAD%') AND TIME_MS > 500").rows.first?[0]) ?? nil
                if waiting == "1" { break }
                usleep(10_000)
            }
            _ = try? handover.holder.execute("UPDATE \(quoted) SET name = 'holder' WHERE id = 1")
            _ = try? handover.holder.execute("COMMIT")
            handover.holder.close()
        }
        var options = MySQLUpsertWriter.Options()
        options.backoffMilliseconds = 200
        options.method = method
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "name"], options: options)
        try writer.add([.text("1"), .text("writer")], position: 1)
        try writer.add([.text("2"), .text("writer")], position: 2)
        let summary = try writer.finish()
        done.wait()
        #expect(summary.retries >= 1)
        #expect(summary.updated == 2)
        #expect(writer.method == method, "\(writer.fallbackReason ?? "")")
        #expect(try connection.query("SELECT id, name FROM \(quoted) WHERE id <= 3 ORDER BY id").rows
            == [["1", "writer"], ["2", "writer"], ["3", "holder"]])
    }

    @Test(arguments: [UpsertMethod.onDuplicateKeyUpdate, .staged])
    func connectionKilledMidLoadReconnectsAndRedoesTheBatch(method: UpsertMethod) throws {
        let configuration = try method == .staged ? MySQLTestServers.mariaDBWithLocalInfile() : MySQLTestServers.mariaDB()
        let connection = try MySQLConnection(configuration)
        let admin = try MySQLTestServers.connectMariaDB()
        defer { admin.close() }
        let table = MySQLTestServers.uniqueTable("killed")
        try Self.createTable(connection, table)
        var options = MySQLUpsertWriter.Options()
        options.maxRowsPerBatch = 10
        options.backoffMilliseconds = 1
        options.method = method
        let writer = try MySQLUpsertWriter(
            connection: connection, table: table, inputColumns: ["id", "name"], options: options,
            reconnect: { () throws(MySQLError) -> MySQLConnection in try MySQLConnection(configuration) })
        for i in 0..<15 { try writer.add([.text(String(i)), .text("v\(i)")], position: i) }
        // The first batch of 10 is in flight. Multi-row statements: once the server has committed it, it drops the
        // connection before the rest (the OK it sent first is still read). Staged: once the server has loaded it
        // into the table in the batch's transaction (seen uncommitted), which commits only after the writer has
        // read every result.
        if method == .staged { try admin.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED") }
        var polls = 0
        while try admin.query("SELECT COUNT(*) FROM \(SQLText.identifier(table))").rows != [["10"]], polls < 3000 {
            usleep(10_000)
            polls += 1
        }
        #expect(polls < 3000)
        try admin.execute("KILL CONNECTION \(connection.connectionID)")
        for i in 15..<25 { try writer.add([.text(String(i)), .text("v\(i)")], position: i) }
        let summary = try writer.finish()
        writer.currentConnection.close()
        #expect(writer.method == method, "\(writer.fallbackReason ?? "")")
        #expect(summary.reconnects == 1)
        // When the kill beat the first batch's OK packet, that batch's outcome was unknown: it was redone and its rows,
        // committed already, count as unchanged. A staged batch was not committed: it is inserted again.
        #expect(summary.inserted + summary.unchanged == 25 && [0, 10].contains(summary.unchanged), "\(summary)")
        if method == .staged { #expect(summary.inserted == 25) }
        #expect(try admin.query("SELECT COUNT(*) FROM \(SQLText.identifier(table))").rows == [["25"]])
    }

    @Test func reconnectToASessionWithOtherEscapingSendsNothing() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        let admin = try MySQLTestServers.connectMariaDB()
        defer { admin.close() }
        let table = MySQLTestServers.uniqueTable("escaping")
        try Self.createTable(connection, table)
        var options = MySQLUpsertWriter.Options()
        options.backoffMilliseconds = 1
        let writer = try MySQLUpsertWriter(
            connection: connection, table: table, inputColumns: ["id", "note"], options: options,
            reconnect: { () throws(MySQLError) -> MySQLConnection in
                let fresh = try MySQLConnection(try! MySQLTestServers.mariaDB())
                try fresh.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')")
                return fresh
            })
        try writer.add([.text("1"), .text("a\\' OR 1=1 -- ")], position: 1)
        try admin.execute("KILL CONNECTION \(connection.connectionID)")
        #expect {
            try writer.finish()
        } throws: { error in
            guard case MySQLUpsertError.configuration(let message) = error else { return false }
            return message.contains("NO_BACKSLASH_ESCAPES")
        }
        writer.currentConnection.close()
        #expect(try admin.query("SELECT COUNT(*) FROM \(SQLText.identifier(table))").rows == [["0"]])
    }
}
