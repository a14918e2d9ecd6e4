import Testing

@testable import DataContracts

/// The DQDL subset: parsing with errors that name the line and the rule, and each rule's verdict through the
/// validator on a small CSV.
@Suite struct DQDLRulesetTests {
    @Test func supportedRulesParse() throws {
        let ruleset = try DQDLRuleset("""
            Rules = [
                RowCount between 1 and 100,   # a comment
                IsComplete "id",
                Completeness "email" > 0.95,
                IsUnique "id", IsPrimaryKey "id" "day",
                Uniqueness "email" >= 0.9,
                ColumnValues "status" in ["paid", "placed"],
                ColumnValues "amount" between 0 and 1000 with threshold > 0.9,
                ColumnValues "status" != "lost",
                ColumnLength "country" = 2,
                CustomSql "select count(*) from primary where amount < 0" = 0
            ]
            """)
        #expect(ruleset.rules.count == 11)
        #expect(ruleset.rules.map(\.line) == [2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11])
        #expect(ruleset.rules[2].text == "Completeness \"email\" > 0.95")
        guard case .columnValues("amount", .between(.number(0), .number(1000), negated: false), threshold: .greaterThan(0.9)) = ruleset.rules[7].kind else {
            Issue.record("\(ruleset.rules[7].kind)")
            return
        }
    }

    @Test func unsupportedRulesNameTheirLine() {
        for (text, line, fragment) in [
            ("Rules = [\n  IsComplete \"id\",\n  Mean \"amount\" > 3\n]", 3, "unsupported rule type `Mean`"),
            ("Rules = [ (IsComplete \"id\") and (IsUnique \"id\") ]", 1, "composite"),
            ("Rules = [\n IsComplete \"id\" where \"id > 3\"\n]", 2, "where"),
            ("Rules = [ RowCount > avg(last(10)) ]", 1, "unsupported expression"),
            ("IsComplete \"id\"", 1, "Rules = ["),
        ] {
            do {
                _ = try DQDLRuleset(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.line == line, "\(text): \(error)")
                #expect(error.message.contains(fragment) || error.description.contains(fragment), "\(text): \(error)")
            }
        }
    }

    func contract(_ rules: String) -> String {
        ordersContract(properties: """
              - {name: id, logicalType: integer}
              - {name: status, logicalType: string}
              - {name: amount, logicalType: number}
              - {name: email, logicalType: string}
        """, quality: """
              - id: glue
                type: custom
                engine: dqdl
                implementation: |
                  Rules = [
        \(rules)
                  ]
        """)
    }

    let csv = """
        id,status,amount,email
        1,paid,10,a@x
        2,placed,20,
        2,lost,-5,c@x
        4,,2000,d@x

        """

    @Test func eachRuleRunsAsItsCheck() throws {
        let rules = [
            "RowCount = 4", "RowCount > 4", "IsComplete \"id\"", "IsComplete \"email\"", "Completeness \"email\" >= 0.75",
            "Completeness \"email\" > 0.75", "IsUnique \"id\"", "Uniqueness \"id\" >= 0.75", "IsPrimaryKey \"email\"",
            "ColumnValues \"status\" in [\"paid\", \"placed\", \"lost\"]", "ColumnValues \"status\" != \"lost\"",
            "ColumnValues \"amount\" between 0 and 1000 with threshold >= 0.5", "ColumnValues \"amount\" between 0 and 1000",
            "ColumnLength \"status\" <= 6", "ColumnLength \"status\" >= 4",
            "CustomSql \"select count(*) from primary where amount < 0\" = 1",
        ]
        let result = try validate(contract(rules.map { "            \($0)," }.joined(separator: "\n")), csv)
        let outcomes = rules.indices.map { result.outcome("glue.dqdl[\($0)]") }
        #expect(outcomes == [
            .passed, .failed, .passed, .failed, .passed,
            .failed, .failed, .passed, .failed,
            .failed, .failed,
            .passed, .failed,
            .passed, .failed,
            .passed,
        ])
        #expect(result.check("glue.dqdl[4]")?.value == 0.75)
        #expect(result.check("glue.dqdl[10]")?.failedCount == 1)  // the empty status is null and passes !=
        #expect(result.check("glue.dqdl[9]")?.failedCount == 1)   // the null status fails `in`
        #expect(result.check("glue.dqdl[14]")?.failedCount == 1)  // null has length 0
        #expect(result.check("glue.dqdl[0]")?.name == "RowCount = 4")
    }

    @Test func aRuleTheValidatorCannotRunIsAContractErrorWithTheYAMLLine() {
        let yaml = contract("            IsComplete \"id\",\n            DataFreshness \"day\" <= 24 hours")
        let line = (yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("DataFreshness") } ?? -1) + 1
        do {
            _ = try validate(yaml, csv)
            Issue.record("accepted")
        } catch let error as ContractError {
            #expect(error.line == line, "\(error)")
            #expect(error.rule.contains("DQDL ruleset line 3") && error.rule.contains("DataFreshness"), "\(error)")
        } catch {
            Issue.record("\(error)")
        }
        do {
            _ = try validate(contract("            IsComplete \"nope\""), csv)
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("nope"))
        }
    }

    /// Rulesets with characters overwritten at seeded positions parse or fail with a DQDLError, never crash.
    @Test func damagedRulesetsFailCleanly() {
        let base = Array("""
            Rules = [ RowCount between 1 and 100, IsComplete "id", Completeness "email" > 0.95, IsUnique "id" "day",
              ColumnValues "status" not in ["a", "b"] with threshold >= 0.9, ColumnLength "c" != 2,
              CustomSql "select count(*) from primary where x < 0" = 0 ]
            """.utf8)
        let alphabet = Array("\"[](),=<>!#- .0123456789aZ_\n\\".utf8)
        var state: UInt64 = 42
        var failures = 0
        for round in 0..<2000 {
            var text = base
            for _ in 0..<(1 + round % 5) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text[Int((state >> 33) % UInt64(text.count))] = alphabet[Int((state >> 20) % UInt64(alphabet.count))]
            }
            do {
                _ = try DQDLRuleset(String(decoding: text, as: UTF8.self))
            } catch {
                failures += 1
                #expect(error.line >= 1)
            }
        }
        #expect(failures > 0)
    }
}
