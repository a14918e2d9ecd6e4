import Foundation
import Testing
import TestSupport

@testable import MySQL

/// The protocol against a real MariaDB (scripts/services/mariadb.sh): TLS, auth, errors, large packets.
@Suite(.enabled(if: MySQLTestServers.mariaDBAvailable, "needs scripts/services/mariadb.sh"))
struct MySQLConnectionTests {
    @Test func connectsOverVerifiedTLSWithNativePassword() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        #expect(connection.serverVersion.isMariaDB)
        #expect(connection.serverVersion.upsertDialect == .valuesFunction)
        #expect(connection.tlsVersion?.hasPrefix("TLSv1.") == true)
        #expect(connection.authenticatedWith == "mysql_native_password")
        let result = try connection.query(
            "SELECT CURRENT_USER(), DATABASE(), 'é😀', NULL, 1 + 1, (SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_version')")
        #expect(result.rows.count == 1)
        #expect(result.rows[0][0] == "app@%")
        #expect(result.rows[0][1] == "pipeline")
        #expect(result.rows[0][2] == "é😀")
        #expect(result.rows[0][3] == nil)
        #expect(result.rows[0][4] == "2")
        #expect(result.rows[0][5] == connection.tlsVersion)
    }

    @Test func hostNameIsVerifiedAgainstTheCertificate() throws {
        // The server certificate names localhost and 127.0.0.1.
        let byName = try MySQLConnection(try MySQLTestServers.mariaDB(host: "localhost"))
        byName.close()
    }

    @Test func certificateFromAnotherCAIsRefused() throws {
        let configuration = try MySQLTestServers.mariaDB(tls: .verified(caBundlePath: try MySQLTestServers.env("PIPELINE_MYSQL_OTHER_CA")))
        #expect {
            try MySQLConnection(configuration)
        } throws: { error in
            guard case MySQLError.tls(let detail) = error else { return false }
            return detail.contains("certificate verification")
        }
    }

    @Test func systemStoreDoesNotTrustTheTestCA() throws {
        let configuration = try MySQLTestServers.mariaDB(tls: .verified(caBundlePath: nil))
        #expect {
            try MySQLConnection(configuration)
        } throws: { error in
            if case MySQLError.tls = error { return true }
            return false
        }
    }

    @Test func wrongPasswordIsAServerErrorWithoutThePassword() throws {
        let secret = "not-the-Pa55word-\(UInt32.random(in: 0...UInt32.max))"
        let configuration = try MySQLTestServers.mariaDB(password: secret)
        #expect(!configuration.description.contains(secret))
        do {
            _ = try MySQLConnection(configuration)
            Issue.record("login with a wrong password succeeded")
        } catch {
            #expect(error.serverCode == 1045)
            guard case .server(_, let state, _) = error else { Issue.record("\(error)"); return }
            #expect(state == "28000")
            #expect(!error.description.contains(secret))
            #expect(!String(reflecting: error).contains(secret))
        }
    }

    @Test func serverErrorsCarryCodeStateAndMessage() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        #expect(throws: MySQLError.self) { try connection.query("SELECT * FROM no_such_table_here") }
        do {
            _ = try connection.query("SELECT * FROM no_such_table_here")
        } catch {
            guard case .server(let code, let state, let message) = error else { Issue.record("\(error)"); return }
            #expect(code == 1146)
            #expect(state == "42S02")
            #expect(message.contains("no_such_table_here"))
        }
        // The connection stays usable after an error.
        #expect(try connection.query("SELECT 7").rows == [["7"]])
    }

    @Test func statementsAndRowsOver16MiBAreSplitAndJoined() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        let size = 17 * 1024 * 1024 + 3
        let big = String(repeating: "x", count: size)
        #expect(try connection.query("SELECT LENGTH('\(big)')").rows == [["\(size)"]])
        let rows = try connection.query("SELECT REPEAT('ab', 9000000), 'tail'").rows
        #expect(rows[0][0]?.utf8.count == 18_000_000)
        #expect(rows[0][1] == "tail")
    }

    @Test func payloadOfExactlyOneMaximumPacketEndsWithAnEmptyPacket() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        // COM_QUERY byte + statement = 0xFFFFFF bytes exactly.
        let prefix = "SELECT LENGTH('"
        let suffix = "')"
        let fill = PacketFraming.maxPayload - 1 - prefix.utf8.count - suffix.utf8.count
        let sql = prefix + String(repeating: "y", count: fill) + suffix
        #expect(sql.utf8.count + 1 == PacketFraming.maxPayload)
        #expect(try connection.query(sql).rows == [["\(fill)"]])
        #expect(try connection.query("SELECT 1").rows == [["1"]])
    }

    @Test func clearTextPasswordIsNeverSentWithoutTLS() throws {
        guard let user = TestEnvironment.service("PIPELINE_MYSQL_PAM_USER") else { return }
        var configuration = try MySQLTestServers.mariaDB(tls: .disabled, password: try MySQLTestServers.env("PIPELINE_MYSQL_PAM_TOKEN"))
        configuration.user = user
        #expect {
            try MySQLConnection(configuration)
        } throws: { error in
            guard case MySQLError.unsupported(let detail) = error else { return false }
            return detail.contains("without TLS")
        }
    }

    @Test(.enabled(if: getuid() == 0 || TestEnvironment.service("PIPELINE_MYSQL_PAM_USER") != nil, "PAM needs root"))
    func clearTextPasswordThroughPAMAndAuthSwitch() throws {
        var configuration = try MySQLTestServers.mariaDB(password: try MySQLTestServers.env("PIPELINE_MYSQL_PAM_TOKEN"))
        configuration.user = try MySQLTestServers.env("PIPELINE_MYSQL_PAM_USER")
        let connection = try MySQLConnection(configuration)
        defer { connection.close() }
        #expect(connection.authenticatedWith == "mysql_clear_password")
        #expect(try connection.query("SELECT CURRENT_USER()").rows == [["iamuser@%"]])

        configuration.password += "x"
        #expect(throws: MySQLError.self) { try MySQLConnection(configuration) }
    }

    @Test func aStatementInFlightHoldsOtherCommandsUntilItsResultIsRead() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        defer { connection.close() }
        let table = SQLText.identifier(MySQLTestServers.uniqueTable("inflight"))
        try connection.execute("CREATE TABLE \(table) (id INT PRIMARY KEY)")
        try connection.send(statement: Array("INSERT INTO \(table) VALUES (1), (2)".utf8))
        #expect(connection.hasStatementInFlight)
        #expect(throws: MySQLError.self) { try connection.query("SELECT 1") }
        #expect(try connection.result().affectedRows == 2)
        #expect(!connection.hasStatementInFlight)
        #expect(throws: MySQLError.self) { try connection.result() }
        // A statement the server refuses reports its error when the result is read.
        try connection.send(statement: Array("INSERT INTO \(table) VALUES (1)".utf8))
        #expect {
            try connection.result()
        } throws: { error in
            (error as? MySQLError)?.serverCode == 1062
        }
        #expect(try connection.query("SELECT COUNT(*) FROM \(table)").rows == [["2"]])
    }

    /// Statements queued before their results are read run in order and answer in order; an error in the middle
    /// belongs to its own statement only, and a LOAD DATA LOCAL can have statements queued behind its file.
    @Test func pipelinedStatementsAnswerInOrder() throws {
        var configuration = try MySQLTestServers.mariaDB()
        configuration.localInfile = true
        let connection = try MySQLConnection(configuration)
        defer { connection.close() }
        let table = SQLText.identifier(MySQLTestServers.uniqueTable("pipelined"))
        try connection.execute("CREATE TABLE \(table) (id INT PRIMARY KEY, name VARCHAR(8))")
        try connection.send(statement: Array("INSERT INTO \(table) VALUES (1, 'a'), (2, 'b')".utf8))
        try connection.send(statement: Array("INSERT INTO \(table) VALUES (1, 'dup')".utf8))
        try connection.send(statement: Array("UPDATE \(table) SET name = 'c' WHERE id >= 1".utf8))
        #expect(connection.statementsInFlight == 3)
        #expect(throws: MySQLError.self) { try connection.query("SELECT 1") }
        #expect(throws: MySQLError.self) {
            try connection.sendLoadLocalInfile(Array("LOAD DATA LOCAL INFILE 'f' INTO TABLE \(table)".utf8), fileName: "f", contents: [])
        }
        #expect(try connection.result().affectedRows == 2)
        #expect {
            try connection.result()
        } throws: { error in
            (error as? MySQLError)?.serverCode == 1062
        }
        #expect(try connection.result().affectedRows == 2)
        #expect(connection.statementsInFlight == 0)

        let load = Array("LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE \(table)".utf8)
        #expect(try connection.sendLoadLocalInfile(load, fileName: "rows.tsv", contents: Array("3\tx\n4\ty\n".utf8)) == nil)
        try connection.send(statement: Array("DELETE FROM \(table) WHERE id = 4".utf8))
        #expect(connection.statementsInFlight == 2)
        #expect(try connection.result().loadCounts?.records == 2)
        #expect(try connection.result().affectedRows == 1)
        #expect(try connection.query("SELECT id, name FROM \(table) ORDER BY id").rows == [["1", "c"], ["2", "c"], ["3", "x"]])

        // Results left unread are read and dropped, and the connection serves again.
        try connection.send(statement: Array("INSERT INTO \(table) VALUES (1, 'dup')".utf8))
        try connection.send(statement: Array("INSERT INTO \(table) VALUES (5, 'e')".utf8))
        connection.discardOwedResults()
        #expect(!connection.hasStatementInFlight)
        #expect(try connection.query("SELECT COUNT(*) FROM \(table)").rows == [["4"]])
    }

    @Test func closeSendsQuitAndLaterCallsFail() throws {
        let connection = try MySQLTestServers.connectMariaDB()
        connection.close()
        connection.close()
        #expect(throws: MySQLError.connectionLost("the connection is closed")) { try connection.query("SELECT 1") }
    }
}

/// caching_sha2_password against the mysql-mimic oracle (scripts/services/mysql-mimic.sh).
@Suite(.enabled(if: MySQLTestServers.mimicAvailable, "needs scripts/services/mysql-mimic.sh"))
struct CachingSHA2PasswordTests {
    @Test func fullAuthOverTLSThenFastAuth() throws {
        // A user of its own, so the server's cache starts empty for this test.
        let first = try MySQLConnection(try MySQLTestServers.mimic(user: "sha2other", password: "other-Pa55"))
        #expect(first.authenticatedWith == "caching_sha2_password")
        #expect(first.serverVersion.upsertDialect == .rowAlias)
        #expect(try first.query("SELECT CURRENT_USER()").rows == [["sha2other"]])
        first.close()
        let second = try MySQLConnection(try MySQLTestServers.mimic(user: "sha2other", password: "other-Pa55"))
        #expect(try second.query("SELECT CURRENT_USER()").rows == [["sha2other"]])
        second.close()
    }

    @Test func fullAuthWithoutTLSUsesTheServersRSAKey() throws {
        let connection = try MySQLConnection(try MySQLTestServers.mimic(tls: .disabled))
        defer { connection.close() }
        #expect(connection.tlsVersion == nil)
        #expect(try connection.query("SELECT CURRENT_USER()").rows == [["sha2user"]])
    }

    @Test func wrongPasswordIsRefused() throws {
        #expect {
            try MySQLConnection(try MySQLTestServers.mimic(password: "wrong"))
        } throws: { error in
            (error as? MySQLError)?.serverCode == 1045
        }
    }
}
