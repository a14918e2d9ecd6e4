import Foundation
import Testing
import TestSupport

@testable import MySQL

/// The staged upsert method (LOAD DATA LOCAL into a session temporary table, then INSERT ... SELECT ... ON DUPLICATE
/// KEY UPDATE) against MariaDB: the same table and counts as multi-row statements, hostile values byte for byte, the
/// same rejects, a server asking for another file gets nothing, and the fallback where LOAD DATA LOCAL is refused.
@Suite(.enabled(if: MySQLTestServers.mariaDBAvailable, "needs scripts/services/mariadb.sh"))
struct StagedUpsertTests {
    typealias Rows = MySQLUpsertWriterTests

    struct Outcome {
        var summary: MySQLUpsertWriter.Summary
        var rejected: [RejectedRow]
        var method: UpsertMethod
        var fallbackReason: String?
    }

    static func write(
        _ rows: [[String?]], into table: String, columns: [String], method: UpsertMethod, connection: MySQLConnection,
        maxRows: Int = 3
    ) throws -> Outcome {
        var options = MySQLUpsertWriter.Options()
        options.method = method
        options.maxRowsPerBatch = maxRows
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: columns, options: options)
        for (i, row) in rows.enumerated() { try writer.add(row.map(Rows.t), position: i + 1) }
        let summary = try writer.finish()
        return Outcome(summary: summary, rejected: writer.rejectedRows, method: writer.method, fallbackReason: writer.fallbackReason)
    }

    static let first: [[String?]] = [
        ["1", "ascii", "12.50", "2024-01-02 03:04:05.123456", "2024-02-29", "t", "abc", "plain"],
        ["2", nil, "-0.01", "2024-01-02 03:04:05+00", "1999-12-31", "f", nil, nil],
        ["3", "héllo 😀 中文", "9999999999.99", "2024-01-02T03:04:05", "2000-01-01", "1", "", "multi\nline\r\n"],
        ["-9223372036854775808", "min", "0", "2024-01-02", "2024-01-01", "0", "\u{7F}", ""],
        ["5", "five", "5", "2024-05-05", "2024-05-05", "1", "5", "five"],
    ]
    /// Two changed, one unchanged, one new, and key 5 twice in one batch (the later one wins, as in the file).
    static let second: [[String?]] = [
        ["1", "changed", "12.5", "2024-01-02 03:04:05.123456", "2024-02-29", "t", "abc", "plain"],
        ["2", nil, "-0.01", "2024-01-02 03:04:05", "1999-12-31", "f", nil, nil],
        ["3", nil, nil, nil, nil, nil, nil, nil],
        ["4", "new", "1", "2030-06-30 23:59:59.5", "2030-06-30", "true", "\u{0}", "x"],
        ["5", "first", "5", "2024-05-05", "2024-05-05", "1", "5", "five"],
        ["5", "second", "5", "2024-05-05", "2024-05-05", "1", "5", "five"],
    ]

    /// With a TEXT column in the input the staging table is InnoDB (MEMORY refuses TEXT), without it MEMORY.
    @Test(arguments: [true, false])
    func stagedGivesTheSameTableAndCountsAsStatements(withText: Bool) throws {
        let connection = try MySQLConnection(try MySQLTestServers.mariaDBWithLocalInfile())
        defer { connection.close() }
        #expect(connection.offersLocalInfile)
        let columns = withText ? Rows.columns : Array(Rows.columns.dropLast())
        let rows = { (input: [[String?]]) in withText ? input : input.map { Array($0.dropLast()) } }
        let statements = MySQLTestServers.uniqueTable("odku")
        let staged = MySQLTestServers.uniqueTable("staged")
        try Rows.createTable(connection, statements)
        try Rows.createTable(connection, staged)

        var byStatements: [MySQLUpsertWriter.Summary] = []
        var byStaging: [MySQLUpsertWriter.Summary] = []
        for input in [Self.first, Self.second] {
            let plain = try Self.write(rows(input), into: statements, columns: columns, method: .onDuplicateKeyUpdate, connection: connection)
            let load = try Self.write(rows(input), into: staged, columns: columns, method: .staged, connection: connection)
            #expect(load.method == .staged && load.fallbackReason == nil, "\(load.fallbackReason ?? "")")
            #expect(load.rejected.isEmpty && plain.rejected.isEmpty)
            byStatements.append(plain.summary)
            byStaging.append(load.summary)
        }
        #expect(byStaging == byStatements)
        #expect(byStaging.map(\.inserted) == [5, 1])
        #expect(byStaging.map(\.updated) == [0, 4])  // 1, 3, and 5 twice
        #expect(byStaging.map(\.unchanged) == [0, 1])
        #expect(try Rows.table(connection, staged) == Rows.table(connection, statements))
        #expect(try connection.query("SELECT name FROM \(SQLText.identifier(staged)) WHERE id = 5").rows == [["second"]])
        let ddl: String = (try connection.query("SHOW CREATE TABLE pipeline.mysqlupsert_staging").rows.first?[1] ?? nil) ?? ""
        #expect(ddl.contains(withText ? "ENGINE=InnoDB" : "ENGINE=MEMORY"), "\(ddl)")
    }

    /// Batches of new keys are loaded straight into the table; a batch that meets an existing key (or repeats a
    /// new one) is rolled back and staged, and batches are staged until one is all new keys again. Table and
    /// counts are those of multi-row statements throughout.
    @Test func newKeysLoadStraightIntoTheTableAndTheRestIsStaged() throws {
        let connection = try MySQLConnection(try MySQLTestServers.mariaDBWithLocalInfile())
        defer { connection.close() }
        let columns = ["id", "name", "qty"]
        let statements = MySQLTestServers.uniqueTable("direct_odku")
        let staged = MySQLTestServers.uniqueTable("direct_staged")
        try Rows.createTable(connection, statements)
        try Rows.createTable(connection, staged)
        func row(_ id: Int, _ name: String) -> [String?] { [String(id), name, String(id * 10)] }
        // Batches of 3: new, new, existing keys (staged), new (staged: the last batch met a key), new (direct
        // again), one new key twice (rolled back and staged: the later row wins), new (staged), new (direct).
        let rows: [[String?]] = (1...6).map { row($0, "new") } + (1...3).map { row($0, "again") } + (7...12).map { row($0, "new") }
            + [row(13, "first"), row(13, "second"), row(14, "new")] + (15...20).map { row($0, "new") }

        var options = MySQLUpsertWriter.Options()
        options.maxRowsPerBatch = 3
        // Each writer on its own connection: each has a batch in flight while the other adds rows.
        let other = try MySQLTestServers.connectMariaDB()
        defer { other.close() }
        let plain = try MySQLUpsertWriter(connection: other, table: statements, inputColumns: columns, options: options)
        options.method = .staged
        let load = try MySQLUpsertWriter(connection: connection, table: staged, inputColumns: columns, options: options)
        for (i, values) in rows.enumerated() {
            try plain.add(values.map(Rows.t), position: i + 1)
            try load.add(values.map(Rows.t), position: i + 1)
        }
        let byStatements = try plain.finish()
        let byStaging = try load.finish()
        #expect(load.method == .staged, "\(load.fallbackReason ?? "")")
        #expect(byStaging == byStatements)
        #expect(byStaging.inserted == 20 && byStaging.updated == 4 && byStaging.unchanged == 0)
        #expect(load.batchesLoadedDirectly == 4)
        #expect(try Rows.table(connection, staged) == Rows.table(connection, statements))
        #expect(try connection.query("SELECT name FROM \(SQLText.identifier(staged)) WHERE id = 13").rows == [["second"]])

        // Off: every batch is staged, to the same end.
        let always = MySQLTestServers.uniqueTable("direct_off")
        try Rows.createTable(connection, always)
        options.loadsNewKeysDirectly = false
        let off = try MySQLUpsertWriter(connection: connection, table: always, inputColumns: columns, options: options)
        for (i, values) in rows.enumerated() { try off.add(values.map(Rows.t), position: i + 1) }
        #expect(try off.finish() == byStatements)
        #expect(off.batchesLoadedDirectly == 0)
        #expect(try Rows.table(connection, always) == Rows.table(connection, statements))
    }

    /// A direct load that alters a value (a character the latin1 column cannot hold becomes '?', with a warning)
    /// is rolled back whole: none of its rows stays, and the batch goes as a statement, which rejects that row.
    @Test func anAlteredDirectLoadLeavesNothingBehind() throws {
        let connection = try MySQLConnection(try MySQLTestServers.mariaDBWithLocalInfile())
        defer { connection.close() }
        let table = MySQLTestServers.uniqueTable("direct_altered")
        try connection.execute("CREATE TABLE \(SQLText.identifier(table)) (id INT PRIMARY KEY, name VARCHAR(8) CHARACTER SET latin1)")
        var options = MySQLUpsertWriter.Options()
        options.method = .staged
        options.maxRowsPerBatch = 3
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "name"], options: options)
        for (i, name) in ["one", "中文", "three"].enumerated() { try writer.add([.text(String(i + 1)), .text(name)], position: i + 1) }
        let summary = try writer.finish()
        #expect(writer.method == .staged)
        #expect(writer.batchesLoadedDirectly == 0)
        #expect(summary.inserted == 2 && summary.rejected == 1)
        #expect(writer.rejectedRows.map(\.position) == [2])
        #expect(try connection.query("SELECT id, name FROM \(SQLText.identifier(table)) ORDER BY id").rows == [["1", "one"], ["3", "three"]])
    }

    static let hostile: [String] = MySQLUpsertWriterTests.hostile + [
        "tab\there", "\t", "\n", "\\N", "N", "\\t\\n", "end\\", "\r", "a\tb\nc\\d\u{0}e", "😀\t中文\n", "",
    ]

    @Test(arguments: [false, true])
    func hostileValuesArriveByteForByte(noBackslashEscapes: Bool) throws {
        let connection = try MySQLConnection(try MySQLTestServers.mariaDBWithLocalInfile())
        defer { connection.close() }
        if noBackslashEscapes {
            try connection.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')")
        }
        let table = MySQLTestServers.uniqueTable("staged_hostile")
        try Rows.createTable(connection, table)
        try connection.execute("CREATE TABLE IF NOT EXISTS victim (id INT PRIMARY KEY)")
        var options = MySQLUpsertWriter.Options()
        options.method = .staged
        options.maxRowsPerBatch = 7
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "note", "name", "data"], options: options)
        let binary: [UInt8] = [0xFF, 0x00, 0x09, 0x0A, 0x5C, 0x4E, 0xFE, 0x27]
        for (i, value) in Self.hostile.enumerated() {
            let bytes = i == 0 ? binary : Array(value.utf8.prefix(16))
            try writer.add([.text(String(i)), .text(value), .text(String(value.unicodeScalars.prefix(16))), .bytes(bytes)], position: i + 1)
        }
        let summary = try writer.finish()
        #expect(writer.method == .staged, "\(writer.fallbackReason ?? "")")
        #expect(summary.inserted == Self.hostile.count && summary.rejected == 0)
        let rows = try connection.query("SELECT id, HEX(note), HEX(name), HEX(data) FROM \(SQLText.identifier(table)) ORDER BY id").rows
        #expect(rows.count == Self.hostile.count)
        func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02X", $0) }.joined() }
        for (i, value) in Self.hostile.enumerated() where i < rows.count {
            #expect(rows[i][1] == hex(value.utf8), "row \(i)")
            #expect(rows[i][2] == hex(String(value.unicodeScalars.prefix(16)).utf8), "row \(i)")
            #expect(rows[i][3] == hex(i == 0 ? binary : Array(value.utf8.prefix(16))), "row \(i)")
        }
        #expect(try connection.query("SHOW TABLES LIKE 'victim'").rows.count == 1)
    }

    /// Values the column checks refuse, values only the server refuses (a CHECK constraint), and a character a
    /// latin1 column cannot hold (LOAD DATA would store '?' with a warning; that batch goes as a statement instead).
    @Test func rejectsAreTheSameRowsWithTheSameReasons() throws {
        let connection = try MySQLConnection(try MySQLTestServers.mariaDBWithLocalInfile())
        defer { connection.close() }
        let rows: [[String?]] = [
            ["1", "ok", "1.5", "2024-01-01", "1", "plain"],
            ["x2", "bad id", "1", "2024-01-01", "1", nil],
            ["3", "seventeen chars!!", "1", "2024-01-01", "1", nil],
            ["4", "ok", "1.234", "2024-01-01", "1", nil],
            ["5", "ok", "1", "2023-02-29", "1", nil],
            ["6", "ok", "1", "2024-01-01", "-1", nil],
            ["7", "ok", "1", "2024-01-01", "2", "café"],
            [nil, "null key", "1", "2024-01-01", "1", nil],
            ["9", "ok", "1", "2024-01-01", "99999999999", nil],
            ["10", "ok", "1", "2024-01-01", "3", "no 😀 here"],
            ["11", "ok", "1", "2024-01-01", "4", "fine"],
        ]
        let columns = ["id", "name", "amount", "day", "qty", "latin"]
        var outcomes: [Outcome] = []
        var tables: [[[String?]]] = []
        for method in [UpsertMethod.onDuplicateKeyUpdate, .staged] {
            let table = MySQLTestServers.uniqueTable("rejects_\(method.rawValue)")
            try Rows.createTable(connection, table)
            try connection.execute("ALTER TABLE \(SQLText.identifier(table)) ADD latin VARCHAR(20) CHARACTER SET latin1 NULL")
            var outcome = try Self.write(rows, into: table, columns: columns, method: method, connection: connection, maxRows: 4)
            // The server's messages name the table.
            for i in outcome.rejected.indices { outcome.rejected[i].reason = outcome.rejected[i].reason.replacingOccurrences(of: table, with: "T") }
            outcomes.append(outcome)
            tables.append(try connection.query("SELECT id, name, qty, latin FROM \(SQLText.identifier(table)) ORDER BY id").rows)
        }
        #expect(outcomes[1].method == .staged)
        #expect(outcomes[0].rejected == outcomes[1].rejected)
        #expect(outcomes[0].summary == outcomes[1].summary)
        // Rows the checks refuse first, then those the server refused (found by splitting their batch).
        #expect(outcomes[1].rejected.map(\.position) == [2, 3, 4, 5, 8, 9, 6, 10])
        #expect(outcomes[1].rejected.last?.reason.contains("1366") == true, "\(outcomes[1].rejected.last?.reason ?? "")")
        #expect(tables[0] == tables[1])
        #expect(tables[1] == [["1", "ok", "1", "plain"], ["7", "ok", "2", "café"], ["11", "ok", "4", "fine"]])
    }

    @Test func aServerAskingForAnotherFileGetsNothing() throws {
        let log = try MySQLTestServers.env("PIPELINE_MYSQL_RENAMING_PROXY_LOG")
        func requests() -> [[String: Any]] {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
        let connection = try MySQLConnection(try MySQLTestServers.renamingProxy())
        defer { connection.close() }
        let table = MySQLTestServers.uniqueTable("renamed")
        try connection.execute("CREATE TABLE \(SQLText.identifier(table)) (id INT PRIMARY KEY, v VARCHAR(10))")
        let name = "probe-\(UInt32.random(in: 0...UInt32.max)).tsv"
        let statement = Array("LOAD DATA LOCAL INFILE '\(name)' INTO TABLE \(SQLText.identifier(table)) (id, v)".utf8)
        #expect(throws: MySQLError.unexpectedFileRequest(requested: "/etc/passwd", expected: name)) {
            try connection.loadLocalInfile(statement, fileName: name, contents: Array("1\tsecret\n".utf8))
        }
        let request = try #require(requests().last { $0["asked"] as? String == name })
        #expect(request["renamed"] as? String == "/etc/passwd")
        #expect(request["client_bytes"] as? Int == 0 && request["client_packets"] as? Int == 1, "\(request)")
        // The connection stays usable, and the server stored nothing.
        #expect(try connection.query("SELECT COUNT(*) FROM \(SQLText.identifier(table))").rows == [["0"]])

        // The writer fails the load clearly instead of falling back or sending rows.
        let before = requests().count
        var options = MySQLUpsertWriter.Options()
        options.method = .staged
        let writer = try MySQLUpsertWriter(connection: connection, table: table, inputColumns: ["id", "v"], options: options)
        try writer.add([.text("1"), .text("secret")], position: 1)
        #expect {
            try writer.finish()
        } throws: { error in
            guard case MySQLUpsertError.mysql(.unexpectedFileRequest(let requested, _)) = error else { return false }
            return requested == "/etc/passwd"
        }
        let answered = requests().dropFirst(before)
        #expect(!answered.isEmpty && answered.allSatisfy { $0["client_bytes"] as? Int == 0 })
        #expect(try connection.query("SELECT COUNT(*) FROM \(SQLText.identifier(table))").rows == [["0"]])
    }

    @Test func aServerWithLocalInfileOffGetsStatementsAndLosesNoRow() throws {
        let connection = try MySQLConnection(try MySQLTestServers.mariaDBWithoutLocalInfile())
        defer { connection.close() }
        let table = MySQLTestServers.uniqueTable("no_local")
        try Rows.createTable(connection, table)
        let inserted = try Self.write(Self.first, into: table, columns: Rows.columns, method: .staged, connection: connection, maxRows: 2)
        #expect(inserted.method == .onDuplicateKeyUpdate)
        let reason = inserted.fallbackReason ?? ""
        #expect(reason.contains("4166") || reason.contains("1148") || reason.contains("3948"), "\(reason)")
        #expect(inserted.summary.inserted == 5 && inserted.summary.rowsRead == 5 && inserted.summary.rejected == 0)
        let updated = try Self.write(Self.second, into: table, columns: Rows.columns, method: .staged, connection: connection, maxRows: 2)
        #expect(updated.summary.inserted == 1 && updated.summary.updated == 4 && updated.summary.unchanged == 1)

        // The same input by statements on the first server gives the same table.
        let reference = try MySQLTestServers.connectMariaDB()
        defer { reference.close() }
        let expected = MySQLTestServers.uniqueTable("no_local_reference")
        try Rows.createTable(reference, expected)
        for input in [Self.first, Self.second] {
            _ = try Self.write(input, into: expected, columns: Rows.columns, method: .onDuplicateKeyUpdate, connection: reference)
        }
        #expect(try Rows.table(connection, table) == Rows.table(reference, expected))
    }

    /// A proxy that drops the connection instead of passing the file request: after two losses in a row during
    /// LOAD DATA the writer reconnects and goes on with statements.
    @Test func connectionsCutAtTheFileRequestCountAsARefusal() throws {
        let configuration = try MySQLTestServers.droppingProxy()
        let connection = try MySQLConnection(configuration)
        let table = MySQLTestServers.uniqueTable("cut")
        try Rows.createTable(connection, table)
        var options = MySQLUpsertWriter.Options()
        options.method = .staged
        options.maxRowsPerBatch = 2
        options.backoffMilliseconds = 1
        let writer = try MySQLUpsertWriter(
            connection: connection, table: table, inputColumns: Rows.columns, options: options,
            reconnect: { () throws(MySQLError) -> MySQLConnection in try MySQLConnection(configuration) })
        for (i, row) in Self.first.enumerated() { try writer.add(row.map(Rows.t), position: i + 1) }
        let summary = try writer.finish()
        defer { writer.currentConnection.close() }
        #expect(writer.method == .onDuplicateKeyUpdate)
        #expect(writer.fallbackReason?.contains("lost 2 times") == true, "\(writer.fallbackReason ?? "")")
        #expect(summary.inserted == 5 && summary.reconnects == 2)
        #expect(try writer.currentConnection.query("SELECT COUNT(*) FROM \(SQLText.identifier(table))").rows == [["5"]])
    }

    @Test func aConnectionWithoutLocalFilesUsesStatementsFromTheStart() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        #expect(!connection.offersLocalInfile)
        let table = MySQLTestServers.uniqueTable("no_local_files")
        try Rows.createTable(connection, table)
        let outcome = try Self.write(Self.first, into: table, columns: Rows.columns, method: .staged, connection: connection)
        #expect(outcome.method == .onDuplicateKeyUpdate)
        #expect(outcome.fallbackReason?.contains("CLIENT_LOCAL_FILES") == true)
        #expect(outcome.summary.inserted == 5)
    }

    /// The staged INSERT ... SELECT in both dialects (MariaDB takes the selected row's columns as well as VALUES()).
    @Test(arguments: [UpsertDialect.rowAlias, .valuesFunction])
    func bothDialectsOfTheStagedInsertRun(dialect: UpsertDialect) throws {
        let connection = try MySQLConnection(try MySQLTestServers.mariaDBWithLocalInfile())
        defer { connection.close() }
        let table = MySQLTestServers.uniqueTable("staged_dialect")
        try Rows.createTable(connection, table)
        try connection.execute("INSERT INTO \(SQLText.identifier(table)) (id, name, data) VALUES (1, 'old', X'00')")
        let schema = try MySQLTableSchema.load(table: table, database: nil, connection: connection)
        let columns = ["id", "name", "data"].map { schema.column(named: $0)! }
        let encoders = columns.map(ColumnLiteralEncoder.init)
        let staged = StagedUpsert(
            schema: schema, columns: columns, updateColumns: ["name", "data"], dialect: dialect, binary: encoders.map(\.isBinary),
            noBackslashEscapes: false, maxRowsPerBatch: 100, maxHeapTableBytes: 16 << 20)
        let text = String(decoding: staged.insertSelect, as: UTF8.self)
        #expect(text.contains(dialect == .rowAlias ? "`name` = `incoming_row`.`name`" : "`name` = VALUES(`name`)"), "\(text)")
        var contents: [UInt8] = []
        for row in [["1", "new", "ab"], ["2", "two", "cd"]] {
            for (i, value) in row.enumerated() {
                if i > 0 { contents.append(LoadDataFieldFormat.fieldTerminator) }
                #expect(encoders[i].append(.text(value), as: LoadDataFieldFormat(), to: &contents) == nil)
            }
            contents.append(LoadDataFieldFormat.lineTerminator)
        }
        #expect(try staged.send(contents, route: .staging, on: connection, generation: 0) == .sent)
        guard case .upserted(let ok) = try staged.settle(route: .staging, rows: 2, on: connection) else {
            Issue.record("the staged batch was not upserted")
            return
        }
        #expect(ok.affectedRows == 3)
        #expect(try connection.query("SELECT id, name, HEX(data) FROM \(SQLText.identifier(table)) ORDER BY id").rows
            == [["1", "new", "6162"], ["2", "two", "6364"]])
    }
}
