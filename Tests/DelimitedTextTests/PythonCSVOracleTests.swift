import Foundation
import Testing
import TestSupport
@testable import DelimitedText

/// The tricky cases from the reference (quoted newlines, CRLF, mixed endings, BOM, ragged rows, quotes inside
/// fields, escaped pipe text), each read by this module and by Python's `csv` module set to the same dialect:
/// fields and start lines must agree, and where Python (strict) rejects the input so must the reader.
@Suite struct PythonCSVOracleTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let bytes: [UInt8]
        let dialect: DelimitedDialect
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "quoted newline", bytes: Array("a,b\n1,\"x\ny\"\n2,z\n".utf8), dialect: .csv),
        Case(name: "quoted CRLF", bytes: Array("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n".utf8), dialect: .csv),
        Case(name: "mixed endings", bytes: Array("a,b\r\n1,2\n3,4\r\n5,6".utf8), dialect: .csv),
        Case(name: "BOM", bytes: [0xEF, 0xBB, 0xBF] + Array("id,v\n1,2\n".utf8), dialect: .csv),
        Case(name: "ragged", bytes: Array("a,b,c\n1,2\n3,4,5,6\n".utf8), dialect: .csv),
        Case(name: "doubled quotes", bytes: Array("a,b\n\"he said \"\"no\"\"\",\"\"\"\"\n".utf8), dialect: .csv),
        Case(name: "delimiter in quotes", bytes: Array("a,b\n\"1,2,3\",\"x\"\n".utf8), dialect: .csv),
        Case(name: "empty fields", bytes: Array("a,b,c\n,,\n\"\",,\"\"\n".utf8), dialect: .csv),
        Case(name: "no final newline", bytes: Array("a\n1".utf8), dialect: .csv),
        Case(name: "utf8 content", bytes: Array("name\n\"Zoë, 東京\"\nü\n".utf8), dialect: .csv),
        Case(name: "bad quoting", bytes: Array("a,b\n1,\"x\"y\n".utf8), dialect: .csv),
        Case(name: "unterminated quote", bytes: Array("a,b\n1,\"x\n".utf8), dialect: .csv),
        Case(name: "semicolon", bytes: Array("a;b\n\"1;2\";3\n".utf8), dialect: DelimitedDialect(delimiter: UInt8(ascii: ";"))),
        Case(name: "redshift escaped", bytes: Array("1|a\\|b|c\n2|x\\\ny|\\\\\n3|\"q\"|\n".utf8), dialect: .redshiftEscaped),
        Case(name: "escape inside quotes", bytes: Array("a,b\n\"x\\\"y\",2\n".utf8),
             dialect: DelimitedDialect(doubleQuote: false, escape: UInt8(ascii: "\\"))),
    ]

    @Test(arguments: cases)
    func readerAgreesWithPythonCSV(_ testCase: Case) throws {
        let oracle = try Self.python(testCase)
        do {
            let result = try readAll(testCase.bytes, dialect: testCase.dialect, chunk: 3)
            #expect(oracle.error == nil, "Python rejected what the reader accepted: \(oracle.error ?? "")")
            var swiftRows = result.rows.map { Row(line: $0.0, fields: $0.1) }
            if testCase.dialect.header, let header = result.reader.header {
                swiftRows.insert(Row(line: 1, fields: header), at: 0)
            }
            #expect(swiftRows == oracle.rows)
        } catch let error as TextReadError {
            #expect(oracle.error != nil, "reader rejected what Python accepted: \(error)")
        }
    }

    struct Row: Equatable, Decodable { let line: Int; let fields: [String] }
    struct Output: Decodable { let rows: [Row]; let error: String? }

    static func python(_ testCase: Case) throws -> Output {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("csv-oracle-\(UUID().uuidString).csv")
        try Data(testCase.bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let dialect = testCase.dialect
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            TestEnvironment.packageRoot.appendingPathComponent("scripts/validation/csv_oracle.py").path, file.path,
            String(UnicodeScalar(dialect.delimiter)), dialect.quote.map { String(UnicodeScalar($0)) } ?? "none",
            dialect.doubleQuote ? "1" : "0", dialect.escape.map { String(UnicodeScalar($0)) } ?? "none", "1",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return try JSONDecoder().decode(Output.self, from: data)
    }
}
