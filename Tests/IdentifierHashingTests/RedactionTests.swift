import IdentifierHashing
import Testing

/// Raw identifiers must never reach a description, an error or a log line built from this module's values.
struct RedactionTests {
    static let raw = "Secret.Person+tag@Example.com"

    /// Every refusal reason, rendered every way, holds none of the inputs that caused it.
    @Test func refusalDescriptionsHoldNoValue() throws {
        let hostile = [
            Self.raw, "+999 555 0100 secret", "00000000-0000-0000-0000-000000000000", "secret id\u{7}", "jörg.secret@example.com",
            String(repeating: "secret", count: 200), "1-800-SECRET", "12+3456 secret",
        ]
        var seenReasons = Set<NormalizationRefusal>()
        for ruleSet in NormalizationRuleSet.allCases {
            let normalizer = try IdentifierNormalizer(ruleSet: ruleSet, phoneRegion: "US")
            for kind in IdentifierKind.allCases {
                for value in hostile {
                    let result = normalizer.normalize(value, as: kind)
                    for text in [String(describing: result), String(reflecting: result), "\(result)"] {
                        #expect(!text.contains(value))
                        #expect(!text.lowercased().contains("secret"))
                    }
                    if case .refused(let reason) = result { seenReasons.insert(reason) }
                }
            }
        }
        #expect(seenReasons.count >= 8)
        for reason in NormalizationRefusal.allCases {
            #expect(!reason.description.lowercased().contains("secret"))
        }
    }

    @Test func normalizedValuesAreRedacted() throws {
        let normalizer = try IdentifierNormalizer(ruleSet: .standard, phoneRegion: "US")
        guard case .normalized(let value) = normalizer.normalize(Self.raw, as: .email) else {
            Issue.record("expected a normalized email")
            return
        }
        #expect(value.text == "secret.person+tag@example.com")
        for text in [String(describing: value), String(reflecting: value), "\(NormalizationResult.normalized(value))",
            String(reflecting: NormalizationResult.normalized(value))]
        {
            #expect(!text.contains("secret"))
        }
        var dumped = ""
        dump(value, to: &dumped)
        #expect(!dumped.contains("secret"))
    }

    @Test func hmacKeyIsRedacted() throws {
        let secret = Array("top-secret-key-material-0123456789".utf8)
        let key = try HMACKey(bytes: secret)
        var dumped = ""
        dump(key, to: &dumped)
        for text in [String(describing: key), String(reflecting: key), dumped] {
            #expect(!text.contains("top-secret"))
        }
        #expect(throws: IdentifierHashingError.self) { try HMACKey(bytes: Array("short".utf8)) }
        do {
            _ = try HMACKey(bytes: Array("short-secret".utf8))
        } catch {
            #expect(!error.description.contains("short-secret"))
        }
    }

    /// Rows and tallies hold hashes and counts only.
    @Test func rowsAndTalliesHoldNoRawValue() throws {
        let configuration = try IdentifierHashingConfiguration(
            ruleSet: .standard, defaultPhoneRegion: "US",
            fields: [
                IdentifierField(column: "email_sha256", kind: .email, source: .eventParam(key: "email")),
                IdentifierField(column: "phone_sha256", kind: .phone, source: .userProperty(key: "phone")),
            ])
        let hasher = try IdentifierHasher(configuration: configuration)
        var row = hasher.makeRow()
        var tally = hasher.makeTally()
        hasher.hashRow([Self.raw, "+1 secret"], into: &row, tally: &tally)
        var dumped = ""
        dump(row, to: &dumped)
        dump(tally, to: &dumped)
        dumped += "\(row) \(tally) \(hasher.configuration)"
        #expect(!dumped.lowercased().contains("secret"))
        #expect(row.values[0] != nil)
        #expect(row.refusals[1] == .phoneInvalidCharacter)
    }
}
