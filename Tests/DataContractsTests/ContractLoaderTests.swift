import Testing
import TestSupport
@testable import DataContracts

@Suite struct ContractLoaderTests {
    @Test func errorsNameContractLineAndRule() {
        let unknownMetric = ordersContract(properties: """
              - name: id
                quality:
                  - {id: bogus, metric: nullCount, mustBe: 0}
        """)
        do {
            _ = try ContractLoader.load(yaml: unknownMetric, name: "orders.yaml")
            Issue.record("loaded")
        } catch {
            #expect(error.contract == "orders.yaml")
            let expected = unknownMetric.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("bogus") }! + 1
            #expect(error.line == expected)
            #expect(error.rule.contains("bogus"))
            #expect(error.message.contains("nullCount"))
        }
    }

    @Test func invalidYAMLAndWrongKindAreErrors() {
        #expect(throws: ContractError.self) { try ContractLoader.load(yaml: "kind: DataContract\n  bad: [", name: "x") }
        #expect(throws: ContractError.self) { try ContractLoader.load(yaml: "apiVersion: v2.2.0\nkind: DataContract\n", name: "x") }
        #expect(throws: ContractError.self) {
            try ContractLoader.load(yaml: ordersContract(properties: "      - {name: a, logicalType: decimal}"), name: "x")
        }
        #expect(throws: ContractError.self) {
            try ContractLoader.load(yaml: ordersContract(properties: "      - {name: a, logicalTypeOptions: {pattern: '(unclosed'}}"), name: "x")
        }
    }

    @Test func aPredicateThatDoesNotParseIsAContractError() throws {
        let yaml = ordersContract(properties: "      - {name: a, logicalType: integer}", quality: "      - {id: r, type: sql, query: 'SELECT COUNT(*) FROM {object} WHERE a >', mustBe: 0}")
        let contract = try ContractLoader.load(yaml: yaml, name: "x")
        #expect(throws: ContractError.self) { try ContractValidator(contract: contract, object: contract.objects[0]) }
        let unknown = ordersContract(properties: "      - {name: a, logicalType: integer}", quality: "      - {id: r, type: sql, query: 'SELECT COUNT(*) FROM {object} WHERE b > 1', mustBe: 0}")
        let second = try ContractLoader.load(yaml: unknown, name: "x")
        #expect(throws: ContractError.self) { try ContractValidator(contract: second, object: second.objects[0]) }
    }

    @Test func dialectComesFromServerCustomProperties() throws {
        let yaml = ordersContract(properties: "      - {name: a}", dialect: "{delimiter: '|', quote: '', escape: '\\', header: false, nullMarkers: ['\\N']}")
        let contract = try ContractLoader.load(yaml: yaml, name: "x")
        #expect(contract.dialect.delimiter == UInt8(ascii: "|"))
        #expect(contract.dialect.quote == nil)
        #expect(contract.dialect.escape == UInt8(ascii: "\\"))
        #expect(contract.dialect.header == false)
        #expect(contract.dialect.nullMarkers == ["\\N"])
    }
}

@Suite struct PatternMatcherTests {
    @Test func commonShapesRunWithoutARegexEngine() throws {
        for (pattern, yes, no) in [
            ("^[A-Z]{3}$", "EUR", "EURO"), ("^[0-9]{8}$", "20240101", "2024010"), ("^\\d+(\\.\\d+)?$", "1.5", "1."),
            ("[a-z]+@[a-z]+\\.com", "mail: a@b.com!", "a@b.org"), ("^ORD-\\d{4,6}$", "ORD-12345", "ORD-123"), ("^a.c$", "abc", "ac"),
        ] {
            let matcher = try PatternMatcher(pattern)
            #expect(matcher.matches(yes), "\(pattern) ~ \(yes)")
            #expect(!matcher.matches(no), "\(pattern) !~ \(no)")
        }
        #expect(try PatternMatcher("^[A-Z]{3}$").isByteMatcher)
        #expect(try !PatternMatcher("^(a|b)$").isByteMatcher)
        #expect(try PatternMatcher("^.{2}$").matches("éé"))  // non-ASCII goes to Regex: characters, not bytes
    }

    /// Whole-value fixed-length patterns are checked byte by byte (one range per position where every class is
    /// one run of bytes, a set test otherwise): every value of a small alphabet must get Regex's answer.
    @Test func fixedLengthPatternsAgreeWithRegex() throws {
        let alphabet = ["A", "C", "D", "Z", "a", "0", "9", "-", "O", "R", "X", "é", " "]
        for pattern in ["^ORD-[0-9]{2}$", "^[A-CX]{2}[0-9]$", "^[A-Z]{3}$", "^a\\d[^0-9]$", "^.-.$"] {
            let matcher = try PatternMatcher(pattern)
            let regex = try Regex(pattern)
            for length in 2...6 {
                var random = SplitMix64(seed: UInt64(length))
                for _ in 0..<2000 {
                    let value = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
                    let candidates = [value, "ORD-" + value.suffix(2)]
                    for candidate in candidates {
                        #expect(matcher.matches(candidate) == (try regex.firstMatch(in: candidate) != nil), "\(pattern) ~ \(candidate)")
                    }
                }
            }
        }
    }
}
