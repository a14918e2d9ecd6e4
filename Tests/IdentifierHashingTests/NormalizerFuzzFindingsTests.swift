import IdentifierHashing
import Testing

/// Inputs the normalizer fuzzer (`make fuzz-identifier-hashing`) found, kept as regressions. Every rule must be
/// idempotent: a normalized value normalizes to itself.
struct NormalizerFuzzFindingsTests {
    /// A 7-digit Canadian number was accepted in CA as +1 and seven digits, which the plan of +1 (the US's)
    /// refused when read again. The North American plan now takes ten-digit national numbers only.
    @Test func sevenDigitCanadianNumberIsRefused() throws {
        let canada = try IdentifierNormalizer(ruleSet: .standard, phoneRegion: "CA")
        #expect(canada.normalize("64 8566-6", as: .phone) == .refused(.phoneNationalNumberLength))
        guard case .normalized(let number) = canada.normalize("(648) 566-6123", as: .phone) else {
            Issue.record("expected a ten-digit Canadian number to normalize")
            return
        }
        #expect(canada.normalize(number.text, as: .phone) == .normalized(number))
    }

    /// "018318" in AU lost its trunk prefix to "18318", which written as +61 18318 begins with the carrier code
    /// 1831 and was refused. A national number that begins with a carrier code after the trunk prefix is now
    /// refused too.
    @Test func carrierCodeAfterTheTrunkPrefixIsRefused() throws {
        let australia = try IdentifierNormalizer(ruleSet: .uid2, phoneRegion: "AU")
        #expect(australia.normalize("018318", as: .phone) == .refused(.phoneCarrierOrServicePrefix))
        #expect(australia.normalize("+61 18318", as: .phone) == .refused(.phoneCarrierOrServicePrefix))
    }

    @Test(arguments: NormalizationRuleSet.allCases)
    func everyRuleIsIdempotentOnTheVectors(ruleSet: NormalizationRuleSet) throws {
        let normalizer = try IdentifierNormalizer(ruleSet: ruleSet, phoneRegion: "GB")
        let samples: [(String, IdentifierKind)] = [
            (" Jane.Saoirse+Work@Gmail.com ", .email), ("Jane <jane (at) example.com>", .email), ("+44 (0)20 7946 0958", .phone),
            ("00 1 (234) 567-8901", .phone), ("6D92078A82464BA4AE5B76104861E7DC", .advertisingID), (" Cj0KCQ ", .clickID),
            ("  First1", .name), (" 123.456 ", .userID),
        ]
        for (value, kind) in samples where ruleSet.supports(kind) {
            guard case .normalized(let once) = normalizer.normalize(value, as: kind) else { continue }
            #expect(normalizer.normalize(once.text, as: kind) == .normalized(once), "\(kind) in \(ruleSet)")
        }
    }
}
