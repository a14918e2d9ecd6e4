import Foundation
import Testing
import TestSupport

@testable import MySQL

/// Both upsert dialects, generated from a fixed schema with hostile values, parsed by sqlglot's MySQL dialect
/// (scripts/mysql/parse_upsert_sql.py): one INSERT, the expected columns and update clause, and every value a
/// literal equal to its input.
struct UpsertStatementDialectTests {
    static let python = TestEnvironment.packageRoot.appendingPathComponent(".venv/bin/python")
    static var sqlglotAvailable: Bool {
        TestEnvironment.servicesRequired || FileManager.default.isExecutableFile(atPath: python.path)
    }

    static let schema = MySQLTableSchema(
        database: "app`db", table: "page views",
        columns: [
            .init(name: "id", dataType: "bigint", columnType: "bigint(20)", isNullable: false),
            .init(name: "na`me", dataType: "varchar", columnType: "varchar(200)", isNullable: true, maximumLength: 200),
            .init(name: "amount", dataType: "decimal", columnType: "decimal(12,2)", isNullable: true, numericPrecision: 12, numericScale: 2),
            .init(name: "data", dataType: "varbinary", columnType: "varbinary(64)", isNullable: true, maximumLength: 64),
        ],
        uniqueKeys: [("PRIMARY", ["id"])])

    static let values = ["'); DROP TABLE t; --", "\\", "\\'", "'\\", "\"x\"", "a\u{0}b", "\u{1A}", "line\nfeed\r", "é😀", "` AS x"]

    func generate(_ dialect: UpsertDialect) -> String {
        let columns = Self.schema.columns.map(\.name)
        let statement = UpsertStatement(schema: Self.schema, columns: columns, updateColumns: ["na`me", "amount", "data"], dialect: dialect)
        let encoders = Self.schema.columns.map(ColumnLiteralEncoder.init)
        let tuples = Self.values.enumerated().map { i, value -> [UInt8] in
            var tuple: [UInt8] = [UInt8(ascii: "(")]
            let row: [UpsertValue] = [.text(String(-i)), .text(value), i % 2 == 0 ? .text("-12.5") : .null, .bytes(Array(value.utf8))]
            for (j, v) in row.enumerated() {
                if j > 0 { tuple.append(UInt8(ascii: ",")) }
                #expect(encoders[j].append(v, noBackslashEscapes: false, to: &tuple) == nil)
            }
            tuple.append(UInt8(ascii: ")"))
            return tuple
        }
        return String(decoding: statement.statement(tuples: tuples), as: UTF8.self)
    }

    func parse(_ statements: [String]) throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = Self.python
        process.arguments = [TestEnvironment.packageRoot.appendingPathComponent("scripts/mysql/parse_upsert_sql.py").path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: statements))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }

    @Test(.enabled(if: sqlglotAvailable, "needs the Python environment with sqlglot (scripts/requirements-mysql.txt)"))
    func bothDialectsParseAsOneInsertWithLiteralValues() throws {
        let parsed = try parse([generate(.rowAlias), generate(.valuesFunction)])
        #expect(parsed.count == 2)
        for (index, statement) in parsed.enumerated() {
            #expect(statement["error"] == nil, "\(statement["error"] ?? "")")
            #expect(statement["table"] as? String == "app`db.page views")
            #expect(statement["columns"] as? [String] == ["id", "na`me", "amount", "data"])
            let rows = statement["rows"] as? [[Any]] ?? []
            #expect(rows.count == Self.values.count)
            for (i, row) in rows.enumerated() {
                #expect(row[0] as? String == String(-i) || (i == 0 && row[0] as? String == "0"))
                #expect(row[1] as? String == Self.values[i], "row \(i): \(row[1])")
                if i % 2 == 0 { #expect(row[2] as? String == "-12.5") } else { #expect(row[2] is NSNull) }
                let hex = Self.values[i].utf8.map { String(format: "%02X", $0) }.joined()
                #expect((row[3] as? [String: String])?["hex"] == hex)
            }
            let updates = statement["updates"] as? [String: String] ?? [:]
            #expect(updates.keys.sorted() == ["amount", "data", "na`me"])
            if index == 0 {
                #expect(statement["alias"] as? String == "incoming_row")
                #expect(updates["amount"] == "`incoming_row`.`amount`")
            } else {
                #expect(statement["alias"] is NSNull)
                #expect(updates["amount"] == "VALUES(`amount`)")
            }
        }
    }

    @Test func noBackslashEscapesDoublesQuotesOnly() {
        var out: [UInt8] = []
        SQLText.appendString("a'b\\c\u{0}".utf8, noBackslashEscapes: true, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "'a''b\\c\u{0}'")
        out = []
        SQLText.appendString("a'b\\c\u{0}\n\u{1A}\"".utf8, noBackslashEscapes: false, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "'a\\'b\\\\c\\0\\n\\Z\\\"'")
        #expect(SQLText.identifier("a`b") == "`a``b`")
    }
}

/// Conversions per column type, without a server.
struct ColumnLiteralEncoderTests {
    func encode(_ value: String, _ column: MySQLTableSchema.Column) -> String? {
        var out: [UInt8] = []
        guard ColumnLiteralEncoder(column).append(.text(value), noBackslashEscapes: false, to: &out) == nil else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    let int = MySQLTableSchema.Column(name: "i", dataType: "int", columnType: "int(11)", isNullable: true)
    let unsigned = MySQLTableSchema.Column(name: "u", dataType: "tinyint", columnType: "tinyint(3) unsigned", isNullable: true)
    let bigint = MySQLTableSchema.Column(name: "b", dataType: "bigint", columnType: "bigint(20)", isNullable: true)
    let decimal = MySQLTableSchema.Column(name: "d", dataType: "decimal", columnType: "decimal(5,2)", isNullable: true, numericPrecision: 5, numericScale: 2)
    let datetime = MySQLTableSchema.Column(name: "t", dataType: "datetime", columnType: "datetime(3)", isNullable: true)
    let double = MySQLTableSchema.Column(name: "f", dataType: "double", columnType: "double", isNullable: true)

    @Test func integersAreRangeChecked() {
        #expect(encode("2147483647", int) == "2147483647")
        #expect(encode("-2147483648", int) == "-2147483648")
        #expect(encode("2147483648", int) == nil)
        #expect(encode(" 007 ", int) == "7")
        #expect(encode("+5", int) == "5")
        #expect(encode("-0", int) == "0")
        #expect(encode("00000000000000000000000001", int) == "1")
        #expect(encode("18446744073709551616", bigint) == nil)
        #expect(encode("1e3", int) == nil)
        #expect(encode("1; DROP", int) == nil)
        #expect(encode("255", unsigned) == "255")
        #expect(encode("-1", unsigned) == nil)
        #expect(encode("-9223372036854775808", bigint) == "-9223372036854775808")
        #expect(encode("9223372036854775808", bigint) == nil)
    }

    @Test func decimalsAreNeverRounded() {
        #expect(encode("123.45", decimal) == "123.45")
        #expect(encode("-0.5", decimal) == "-0.5")
        #expect(encode("123.450", decimal) == "123.45")
        #expect(encode("123.456", decimal) == nil)
        #expect(encode("1234", decimal) == nil)
        #expect(encode(".5", decimal) == "0.5")
        #expect(encode("1e2", decimal) == nil)
        #expect(encode(".", decimal) == nil)
        #expect(encode("-", decimal) == nil)
        #expect(encode("5.", decimal) == "5")
        #expect(encode("-0.00", decimal) == "0")
        #expect(encode("007.10", decimal) == "7.1")
        #expect(encode("1.2.3", decimal) == nil)
    }

    @Test func datesAndTimesAreCalendarChecked() {
        #expect(encode("2024-02-29 23:59:59.123", datetime) == "'2024-02-29 23:59:59.123'")
        #expect(encode("2024-02-29 23:59:59.1234", datetime) == nil)
        #expect(encode("2023-02-29 00:00:00", datetime) == nil)
        #expect(encode("2024-01-01 24:00:00", datetime) == nil)
        #expect(encode("2024-01-01 10:00:00+02", datetime) == nil)
        #expect(encode("2024-01-01 10:00:00+00", datetime) == "'2024-01-01 10:00:00'")
        #expect(encode("2024-01-01T10:00:00Z", datetime) == "'2024-01-01 10:00:00'")
    }

    @Test func floatsMustBeFiniteNumbers() {
        #expect(encode("1.5e-3", double) == "1.5e-3")
        #expect(encode("nan", double) == nil)
        #expect(encode("inf", double) == nil)
        #expect(encode("1)", double) == nil)
    }
}
