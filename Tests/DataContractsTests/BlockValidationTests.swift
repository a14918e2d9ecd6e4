import DelimitedText
import Testing
import TestSupport
@testable import DataContracts

/// Checking records a block at a time (column by column) must give exactly what checking them one by one gives:
/// every check's outcome, count, value, reason and samples, and the failing rows with their lines, checks (in
/// the same order) and values, wherever the blocks begin and end and however the text is cut into chunks.
@Suite struct BlockValidationTests {
    static let properties = """
          - {name: id, logicalType: integer, required: true, unique: true, logicalTypeOptions: {minimum: 0}}
          - name: code
            logicalType: string
            logicalTypeOptions: {pattern: "^[A-Z]{2}[0-9]$", minLength: 3, maxLength: 3}
            quality:
              - {id: code_known, metric: invalidValues, arguments: {validValues: [AB0, AB1, CD2, EF3, "A,1"]}, mustBeLessThan: 100000}
          - {name: country, logicalType: string, logicalTypeOptions: {pattern: "^[A-Z]{2}$"}}
          - {name: amount, logicalType: number, logicalTypeOptions: {exclusiveMinimum: 0, precision: 6, scale: 2}}
          - {name: qty, logicalType: integer, logicalTypeOptions: {maximum: 50}}
          - {name: total, logicalType: number}
          - {name: flag, logicalType: boolean}
          - {name: day, logicalType: date, logicalTypeOptions: {minimum: "2024-01-01"}}
          - {name: ts, logicalType: timestamp}
          - {name: local, logicalType: date, logicalTypeOptions: {format: yyyyMMdd}}
          - name: status
            logicalType: string
            nullMarkers: ["", "NA"]
            quality:
              - {id: status_missing, metric: missingValues, arguments: {missingValues: [null, 'n/a']}, mustBeLessThan: 1000}
              - {id: status_nulls, metric: nullValues, mustBeLessThan: 50, unit: percent}
              - {id: status_valid, metric: invalidValues, arguments: {validValues: [open, paid, shipped]}, mustBeLessThan: 1000}
              - {id: status_shape, metric: invalidValues, arguments: {pattern: '^[a-z]+$'}, mustBeLessThan: 1000}
          - {name: region, logicalType: string, primaryKey: true, primaryKeyPosition: 2}
          - {name: seq, logicalType: integer, primaryKey: true, primaryKeyPosition: 1}
    """
    static let quality = """
          - {id: consistent, type: sql, query: "SELECT COUNT(*) FROM {object} WHERE amount IS NOT NULL AND ABS(qty * amount - total) > 0.01", mustBeLessThan: 1000}
          - {id: flagged, type: sql, query: "SELECT COUNT(*) FROM {object} WHERE flag AND qty BETWEEN 10 AND 20 OR qty IN (7, 49)", mustBeLessThan: 1000}
          - {id: text_rule, type: sql, query: "SELECT COUNT(*) FROM {object} WHERE status LIKE 'p%' AND amount > 500", mustBeLessThan: 1000}
          - {id: pairs, metric: duplicateValues, arguments: {properties: [code, seq]}, mustBeLessThan: 100000}
    """
    static let header = "id,code,country,amount,qty,total,flag,day,ts,local,status,region,seq"

    /// Rows with a few defects of every kind: nulls, bad types, out-of-range values, repeated keys, quoted
    /// fields with delimiters, quotes and newlines (read by the state machine), and rows with a wrong field count.
    static func csv(rows: Int, seed: UInt64) -> String {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        func sometimes(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        var lines = [header]
        for row in 0..<rows {
            let id = sometimes(3) ? pick(["", "x", "-1", "\(row / 2)"]) : "\(row)"
            let code = sometimes(5) ? pick(["ab1", "AB", "ABCD", "", "\"A,1\""]) : "\(pick(["AB", "CD", "EF"]))\(row % 10)"
            let qty = sometimes(4) ? pick(["", "1.5", "60", "7", "49"]) : "\(1 + row % 20)"
            let amount = sometimes(5) ? pick(["", "0", "-2", "1.234", "abc", "1e2", "12345.6"]) : "\(1 + row % 900).\(row % 100 < 10 ? "0" : "")\(row % 100)"
            let total = sometimes(5) ? pick(["", "3", "nope"]) : (Double(qty).flatMap { q in Double(amount).map { String(q * $0) } } ?? "1")
            let flag = sometimes(5) ? pick(["", "yes", "TRUE"]) : pick(["true", "false"])
            let day = sometimes(4) ? pick(["", "2023-12-31", "2024-02-30", "2024-1-1"]) : "2024-0\(1 + row % 9)-1\(row % 10)"
            let ts = sometimes(4) ? pick(["", "2024-01-01", "2024-01-01T25:00:00Z"]) : "2024-03-0\(1 + row % 9)T1\(row % 10):00:00Z"
            let local = sometimes(4) ? pick(["", "2024-01-01", "20241301"]) : "202401\(10 + row % 18)"
            let status = sometimes(10) ? pick(["", "NA", "n/a", "lost", "Paid", "\"pa\"\"id\"", "\"open\nnow\""]) : pick(["open", "paid", "shipped"])
            let region = sometimes(2) ? "" : pick(["eu", "us"])
            let seq = sometimes(2) ? "\(row - 1)" : "\(row)"
            let country = sometimes(5) ? pick(["", "de", "DEU", "\"F\"\"R\""]) : pick(["DE", "FR"])
            var fields = [id, code, country, amount, qty, total, flag, day, ts, local, status, region, seq]
            if sometimes(2) { fields.removeLast() } else if sometimes(1) { fields.append("extra") }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func contract() throws -> DataContract {
        try ContractLoader.load(yaml: ordersContract(properties: properties, quality: quality), name: "test.yaml")
    }

    /// The file's records through `DelimitedTextReader` cut into `chunk`-byte pieces, checked by block or by record.
    static func validate(_ csv: String, byBlock: Bool, blockRecords: Int = 1024, chunk: Int = 1 << 20,
                         settings: ValidationSettings = ValidationSettings(failingRowLimit: 100_000, samplesPerCheck: 7)) throws -> ValidationResult {
        let contract = try contract()
        let validator = try ContractValidator(contract: contract, object: contract.objects[0], settings: settings)
        let reader = DelimitedTextReader(dialect: .csv, blockRecords: blockRecords)
        var began = false
        func begin() {
            if !began { validator.begin(columns: reader.header) }
            began = true
        }
        let bytes = Array(csv.utf8)
        var start = 0
        while start <= bytes.count {
            let piece = Array(bytes[start..<min(start + chunk, bytes.count)])
            if byBlock {
                try piece.withUnsafeBytes { text in try reader.readBlocks(text) { begin(); validator.check($0) } }
            } else {
                try reader.read(piece) { begin(); validator.check($0) }
            }
            start += chunk
        }
        if byBlock {
            try reader.finishBlocks { begin(); validator.check($0) }
        } else {
            try reader.finish { begin(); validator.check($0) }
        }
        return validator.finish()
    }

    static func summary(_ result: ValidationResult) -> [String] {
        result.checks.map { "\($0.id) \($0.outcome) \($0.failedCount) \($0.value ?? -1) \($0.reason ?? "") \($0.nonNullRows ?? -1) \($0.samples)" }
            + result.failingRows.map { "\($0.line) \($0.checks) \($0.values)" }
    }

    @Test func blocksOfEverySizeGiveWhatRecordByRecordGives() throws {
        let csv = Self.csv(rows: 1500, seed: 11)
        let expected = Self.summary(try Self.validate(csv, byBlock: false))
        #expect(expected.count > 300, "the file should have many failing rows")
        for (blockRecords, chunk) in [(1, 1 << 20), (7, 1 << 20), (64, 997), (1024, 4093), (1024, 1 << 20), (5000, 64)] {
            let actual = Self.summary(try Self.validate(csv, byBlock: true, blockRecords: blockRecords, chunk: chunk))
            #expect(actual.count == expected.count, "blocks of \(blockRecords), chunks of \(chunk)")
            if let (got, wanted) = zip(actual, expected).first(where: { $0 != $1 }) {
                Issue.record("blocks of \(blockRecords), chunks of \(chunk): got \(got)\nexpected \(wanted)")
            }
        }
    }

    @Test func keysRepeatedAcrossBlocksAreDuplicates() throws {
        let properties = "      - {name: id, logicalType: integer, unique: true}"
        let contract = try ContractLoader.load(yaml: ordersContract(properties: properties), name: "test.yaml")
        let validator = try ContractValidator(contract: contract, object: contract.objects[0])
        let reader = DelimitedTextReader(dialect: .csv, blockRecords: 3)
        var blocks: [Int] = []
        validator.begin(columns: ["id"])
        // Records 1-3 in the first block, 4-6 in the second: 2 and 1 come back in the second block, 5 in the third.
        try Array("id\n1\n2\n3\n4\n2\n1\n5\n5\n".utf8).withUnsafeBytes { text in
            try reader.readBlocks(text) { block in
                blocks.append(block.count)
                validator.check(block)
            }
        }
        let result = validator.finish()
        #expect(blocks == [3, 3, 2])
        #expect(result.check("orders.id.unique")?.failedCount == 3)
        #expect(result.check("orders.id.unique")?.samples.map(\.line) == [6, 7, 9])
        #expect(result.failingRows.map(\.line) == [6, 7, 9])
    }

    @Test func wrongFieldCountsInsideABlockAreSkippedCellByCellAndListed() throws {
        let properties = """
              - {name: a, logicalType: integer, required: true}
              - {name: b, logicalType: integer}
        """
        let contract = try ContractLoader.load(yaml: ordersContract(properties: properties), name: "test.yaml")
        let validator = try ContractValidator(contract: contract, object: contract.objects[0])
        let reader = DelimitedTextReader(dialect: .csv)
        validator.begin(columns: ["a", "b"])
        var failed: [Bool] = []
        try Array("a,b\n1,2\nx\n,3\n4,5,6\n7,y\n".utf8).withUnsafeBytes { text in
            try reader.readBlocks(text) { block in
                #expect(block.count == 5)
                validator.check(block)
                failed = (0..<block.count).map { validator.failed(row: $0) }
            }
        }
        let result = validator.finish()
        #expect(failed == [false, true, true, true, true])
        #expect(result.check("orders.field_count")?.samples.map(\.line) == [3, 5])
        #expect(result.check("orders.a.type")?.failedCount == 0)  // "x" is in a row with one field: not checked
        #expect(result.check("orders.a.required")?.samples.map(\.line) == [4])
        #expect(result.check("orders.b.type")?.samples.map(\.line) == [6])
        #expect(result.failingRows.map(\.line) == [3, 4, 5, 6])
        #expect(result.failingRows.map(\.checks) == [["orders.field_count"], ["orders.a.required"], ["orders.field_count"], ["orders.b.type"]])
        #expect(result.failingRows.map(\.values) == [["x"], ["", "3"], ["4", "5", "6"], ["7", "y"]])
    }

    @Test func uniquenessTablesSizedFromTheObjectSizeGiveTheSameResult() throws {
        let properties = "      - {name: id, logicalType: integer, unique: true}"
        let contract = try ContractLoader.load(yaml: ordersContract(properties: properties), name: "test.yaml")
        let bytes = Array(("id\n" + (0..<120_000).map { String($0 % 100_000) }.joined(separator: "\n") + "\n").utf8)
        var results: [[String]] = []
        for expected in [nil, Int64(bytes.count), Int64(bytes.count / 10), Int64(bytes.count) * 1000] {
            let validation = try FileValidation(contract: contract, object: contract.objects[0])
            validation.expectedStoredBytes = expected
            for start in stride(from: 0, to: bytes.count, by: 100_000) { validation.write(Array(bytes[start..<min(start + 100_000, bytes.count)])) }
            results.append(Self.summary(validation.finish()))
        }
        #expect(results[0].contains { $0.hasPrefix("orders.id.unique failed 20000 ") })
        #expect(results.allSatisfy { $0 == results[0] })
    }

    @Test func fileValidationReadsByBlocksWithTheSameResult() throws {
        let csv = Self.csv(rows: 3000, seed: 5)
        let settings = ValidationSettings(failingRowLimit: 100_000, samplesPerCheck: 7)
        let contract = try Self.contract()
        let validation = try FileValidation(contract: contract, object: contract.objects[0], settings: settings)
        let bytes = Array(csv.utf8)
        for start in stride(from: 0, to: bytes.count, by: 65_536) { validation.write(Array(bytes[start..<min(start + 65_536, bytes.count)])) }
        let expected = Self.summary(try Self.validate(csv, byBlock: false, settings: settings))
        let actual = Self.summary(validation.finish())
        #expect(actual.count == expected.count)
        if let (got, wanted) = zip(actual, expected).first(where: { $0 != $1 }) { Issue.record("got \(got)\nexpected \(wanted)") }
    }
}
