import Foundation
import Testing
@testable import DataContracts

@Suite struct ContractValidatorTests {
    let idAndAmount = """
          - {name: id, logicalType: integer, required: true}
          - {name: amount, logicalType: number}
    """

    @Test func aCleanFilePassesEveryCheck() throws {
        let result = try validate(ordersContract(properties: idAndAmount), "id,amount\n1,2.5\n2,3\n")
        #expect(result.outcome == .passed)
        #expect(result.rows == 2)
        #expect(result.checks.allSatisfy { $0.outcome == .passed })
    }

    @Test func requiredFailsOnNullMarkersButNotOnEmptyStringsThatAreNoMarker() throws {
        let props = """
              - {name: id, logicalType: integer}
              - {name: code, logicalType: string, required: true}
        """
        let failing = try validate(ordersContract(properties: props), "id,code\n1,\n2,x\n")
        #expect(failing.outcome("orders.code.required") == .failed)
        #expect(failing.check("orders.code.required")?.samples.first?.line == 2)
        // With NA as the only marker, an empty cell is an empty string and passes; NA fails.
        let markers = try validate(ordersContract(properties: props, dialect: "{nullMarkers: [NA]}"), "id,code\n1,\n2,x\n")
        #expect(markers.outcome("orders.code.required") == .passed)
        let na = try validate(ordersContract(properties: props, dialect: "{nullMarkers: [NA]}"), "id,code\n1,NA\n")
        #expect(na.outcome("orders.code.required") == .failed)
    }

    @Test func quotedEmptyIsNotNullWhenQuotedNullMarkersIsOff() throws {
        let props = "      - {name: code, logicalType: string, required: true}"
        #expect(try validate(ordersContract(properties: props), "code\n\"\"\n").outcome("orders.code.required") == .failed)
        let strict = ordersContract(properties: props, dialect: "{quotedNullMarkers: false}")
        #expect(try validate(strict, "code\n\"\"\n").outcome("orders.code.required") == .passed)
        // In a one-column file an empty line is an unquoted empty cell: null.
        #expect(try validate(strict, "code\n\n\"\"\n").check("orders.code.required")?.samples.map(\.line) == [2])
    }

    @Test func logicalTypesAndFormats() throws {
        let props = """
              - {name: n, logicalType: integer}
              - {name: x, logicalType: number}
              - {name: b, logicalType: boolean}
              - {name: d, logicalType: date}
              - {name: g, logicalType: date, logicalTypeOptions: {format: yyyyMMdd}}
              - {name: t, logicalType: timestamp}
        """
        let good = try validate(ordersContract(properties: props), "n,x,b,d,g,t\n-5,1.5e3,true,2024-02-29,20240131,2024-01-01T10:00:00.123Z\n")
        #expect(good.outcome == .passed)
        let bad = try validate(ordersContract(properties: props), "n,x,b,d,g,t\n1.5,abc,yes,2023-02-29,20241301,2024-01-01 25:00:00\n")
        for id in ["n", "x", "b", "d", "g", "t"] { #expect(bad.outcome("orders.\(id).type") == .failed, "\(id)") }
    }

    @Test func optionsBoundariesAreInclusiveUnlessExclusive() throws {
        let props = """
              - {name: q, logicalType: integer, logicalTypeOptions: {minimum: 0, maximum: 10}}
              - {name: p, logicalType: number, logicalTypeOptions: {exclusiveMinimum: 0}}
              - {name: c, logicalType: string, logicalTypeOptions: {minLength: 2, maxLength: 3, pattern: "^[A-Z]+$"}}
              - {name: m, logicalType: number, logicalTypeOptions: {precision: 5, scale: 2}}
        """
        let edge = try validate(ordersContract(properties: props), "q,p,c,m\n0,0.01,AB,123.45\n10,1,ABC,-999.9\n")
        #expect(edge.outcome == .passed)
        let out = try validate(ordersContract(properties: props), "q,p,c,m\n-1,0,A,1234.5\n11,1,ABCD,1.234\n5,1,ab,1\n")
        #expect(out.check("orders.q.minimum")?.failedCount == 1)
        #expect(out.check("orders.q.maximum")?.failedCount == 1)
        #expect(out.check("orders.p.minimum")?.failedCount == 1)
        #expect(out.check("orders.c.min_length")?.failedCount == 1)
        #expect(out.check("orders.c.max_length")?.failedCount == 1)
        #expect(out.check("orders.c.pattern")?.failedCount == 1)
        #expect(out.check("orders.m.precision")?.failedCount == 2)
    }

    @Test func uniqueAndCompositePrimaryKeys() throws {
        let props = """
              - {name: a, logicalType: integer, primaryKey: true, primaryKeyPosition: 1}
              - {name: b, logicalType: string, primaryKey: true, primaryKeyPosition: 2}
              - {name: u, logicalType: string, unique: true}
        """
        let ok = try validate(ordersContract(properties: props), "a,b,u\n1,x,p\n1,y,q\n2,x,\n3,x,\n")
        #expect(ok.outcome("orders.primary_key") == .passed)
        #expect(ok.outcome("orders.u.unique") == .passed)  // nulls are not compared
        let dup = try validate(ordersContract(properties: props), "a,b,u\n1,x,p\n1,x,p\n1,x,p\n2,,q\n")
        #expect(dup.check("orders.primary_key")?.failedCount == 3)  // two repeats and one null key part
        #expect(dup.check("orders.u.unique")?.failedCount == 2)
        #expect(dup.check("orders.u.unique")?.reason?.contains("duplicate_keys 1") == true)
    }

    @Test func tooManyKeysIsSkippedNotGuessed() throws {
        let props = "      - {name: u, logicalType: integer, unique: true}"
        let csv = "u\n" + (1...100).map(String.init).joined(separator: "\n") + "\n"
        let result = try validate(ordersContract(properties: props), csv, settings: ValidationSettings(maximumUniqueKeys: 50))
        #expect(result.outcome("orders.u.unique") == .skipped)
        #expect(result.check("orders.u.unique")?.reason?.hasPrefix("skipped: too many keys") == true)
    }

    @Test func libraryMetricsWithThresholdsAtTheBoundary() throws {
        let props = """
              - name: status
                logicalType: string
                quality:
                  - {id: status_nulls, metric: nullValues, mustBeLessOrEqualTo: 25, unit: percent}
                  - {id: status_missing, metric: missingValues, arguments: {missingValues: [null, 'n/a']}, mustBeLessThan: 2}
                  - {id: status_valid, metric: invalidValues, arguments: {validValues: [open, shipped]}, mustBe: 0}
                  - {id: status_shape, metric: invalidValues, arguments: {pattern: '^[a-z]+$'}, mustBeLessThan: 1}
                  - {id: status_dups, metric: duplicateValues, mustBeLessOrEqualTo: 1}
        """
        let quality = """
              - {id: rows, metric: rowCount, mustBeBetween: [4, 4]}
        """
        // 4 rows: 1 null (25 %), 1 'n/a' (missing 2 in total), statuses open/shipped/n/a.
        let result = try validate(ordersContract(properties: props, quality: quality), "status\nopen\n\nn/a\nshipped\n")
        #expect(result.outcome("status_nulls") == .passed)  // 25 % <= 25 %
        #expect(result.check("status_nulls")?.value == 25)
        #expect(result.outcome("status_missing") == .failed)  // 2 < 2 is false
        #expect(result.outcome("status_valid") == .failed)
        #expect(result.check("status_valid")?.failedCount == 1)
        #expect(result.outcome("status_shape") == .failed)  // "n/a" has a slash
        #expect(result.outcome("status_dups") == .passed)
        #expect(result.outcome("rows") == .passed)
        let five = try validate(ordersContract(properties: props, quality: quality), "status\nopen\nopen\nopen\nshipped\nshipped\n")
        #expect(five.outcome("rows") == .failed)
        #expect(five.check("status_dups")?.failedCount == 3)
        #expect(five.outcome("status_dups") == .failed)
    }

    @Test func businessRulesCountMatchingRows() throws {
        let props = """
              - {name: quantity, logicalType: integer}
              - {name: price, logicalType: number}
              - {name: revenue, logicalType: number}
              - {name: status, logicalType: string}
        """
        let quality = """
              - id: revenue_consistent
                type: sql
                query: SELECT COUNT(*) FROM {object} WHERE price IS NOT NULL AND ABS(quantity * price - revenue) > 0.01 AND status IN ('paid', 'shipped') AND NOT status LIKE 'x%' AND quantity BETWEEN 1 AND 100
                mustBeLessThan: 2
        """
        let csv = "quantity,price,revenue,status\n2,1.5,3.0,paid\n2,1.5,4.0,paid\n1,,9,paid\n3,1,1,open\n"
        let result = try validate(ordersContract(properties: props, quality: quality), csv)
        #expect(result.check("revenue_consistent")?.failedCount == 1)
        #expect(result.outcome("revenue_consistent") == .passed)
        let worse = try validate(ordersContract(properties: props, quality: quality), csv + "5,2,1,shipped\n")
        #expect(worse.outcome("revenue_consistent") == .failed)
        #expect(worse.check("revenue_consistent")?.samples.map(\.line) == [3, 6])
    }

    @Test func otherSQLShapesAreSkippedWithTheReason() throws {
        let quality = """
              - {id: joined, type: sql, query: "SELECT COUNT(*) FROM other WHERE id > 1", mustBe: 0}
        """
        let result = try validate(ordersContract(properties: idAndAmount, quality: quality), "id,amount\n1,2\n")
        #expect(result.outcome("joined") == .skipped)
        #expect(result.outcome == .passed)
    }

    @Test func columnsPresentOrderAndExtra() throws {
        #expect(try validate(ordersContract(properties: idAndAmount), "amount,id\n1,2\n").outcome("orders.columns") == .failed)
        #expect(try validate(ordersContract(properties: idAndAmount), "id,amount,extra\n1,2,3\n").outcome("orders.columns") == .failed)
        let missing = try validate(ordersContract(properties: idAndAmount), "id\n1\n")
        #expect(missing.outcome("orders.columns") == .failed)
        #expect(missing.outcome("orders.amount.type") == .skipped)
    }

    @Test func raggedRowsFailFieldCountWithTheirLines() throws {
        let result = try validate(ordersContract(properties: idAndAmount), "id,amount\n1,2\n3\n4,5,6\n\"7\n8\",9\n10,1\n")
        #expect(result.check("orders.field_count")?.failedCount == 2)
        #expect(result.check("orders.field_count")?.samples.map(\.line) == [3, 4])
        #expect(result.failingRows.map(\.line) == [3, 4, 5])  // the quoted newline row fails the integer type
    }

    @Test func fileThatDoesNotDecodeIsAnError() throws {
        let result = try validate(ordersContract(properties: idAndAmount), "id,amount\n1,\"2\n")
        #expect(result.outcome == .error)
        #expect(result.check("orders.file_decodes")?.reason?.contains("line 2") == true)
        #expect(!result.isPromoted)
    }

    @Test func dimensionScoresUseThresholds() throws {
        let props = """
              - name: code
                logicalType: string
                quality:
                  - {metric: nullValues, mustBeLessThan: 50, unit: percent, dimension: completeness}
        """
        let custom = "customProperties:\n  - property: dimensionThresholds\n    value: {completeness: 0.75}"
        // 1 null of 4 rows: score 0.75 meets 0.75; 2 of 4 would not.
        let pass = try validate(ordersContract(properties: props, custom: custom), "code\na\n\nb\nc\n")
        #expect(pass.dimensionScores["completeness"] == 0.75)
        #expect(pass.outcome("orders.dimension.completeness") == .passed)
        let fail = try validate(ordersContract(properties: props, custom: custom), "code\na\n\n\"\"\nc\n")
        #expect(fail.outcome("orders.dimension.completeness") == .failed)
        #expect(fail.outcome == .failed)
    }

    @Test func warningsPromote() throws {
        let props = """
              - name: code
                logicalType: string
                quality:
                  - {metric: nullValues, mustBe: 0, severity: warning, dimension: accuracy}
        """
        let custom = "customProperties:\n  - property: dimensionThresholds\n    value: {accuracy: 0.1}"
        let result = try validate(ordersContract(properties: props, custom: custom), "code\n\nx\n")
        #expect(result.outcome == .warning)
        #expect(result.isPromoted)
    }

    @Test func jsonLinesUseTheSameRules() throws {
        let yaml = ordersContract(properties: idAndAmount).replacingOccurrences(of: "format: csv", with: "format: json")
        let result = try validate(yaml, "{\"id\": 1, \"amount\": 2.5}\n{\"amount\": \"x\"}\nnot json\n")
        #expect(result.rows == 3)
        #expect(result.outcome("orders.id.required") == .failed)
        #expect(result.outcome("orders.amount.type") == .failed)
        #expect(result.check("orders.field_count")?.samples.first?.line == 3)
    }

}
