import IdentifierHashing
import Testing

/// The vectors of the reference (GA4 BigQuery export note §4.4, each checked with Python hashlib), the UID2
/// documentation's examples (IABTechLab/uid2docs gs-normalization-encoding.md) and the AWS Entity Resolution
/// normalization library's (NormalizerTest.java, Operations.java comments).
struct ReferenceVectorTests {
    func hasher(_ ruleSet: NormalizationRuleSet, _ encoding: HashEncoding, region: String = "US", key: HMACKey? = nil) throws -> IdentifierHasher {
        let configuration = try IdentifierHashingConfiguration(
            ruleSet: ruleSet, hashEncoding: encoding, usesHMAC: key != nil, defaultPhoneRegion: region,
            fields: [IdentifierField(column: "email_sha256", kind: .email, source: .userID)])
        return try IdentifierHasher(configuration: configuration, hmacKey: key)
    }

    func normalized(_ value: String, _ kind: IdentifierKind, _ ruleSet: NormalizationRuleSet, region: String = "US") throws -> String? {
        let normalizer = try IdentifierNormalizer(ruleSet: ruleSet, phoneRegion: region)
        guard case .normalized(let result) = normalizer.normalize(value, as: kind) else { return nil }
        return result.text
    }

    @Test(arguments: [
        ("MyEmail@example.com", "myemail@example.com", "16c18d336f0b250f0e2d907452ceb9658a74ecdae8bc94864c23122a72cc27a5", "FsGNM28LJQ8OLZB0Us65ZYp07NrovJSGTCMSKnLMJ6U="),
        ("MYEMAIL@example.com", "myemail@example.com", "16c18d336f0b250f0e2d907452ceb9658a74ecdae8bc94864c23122a72cc27a5", "FsGNM28LJQ8OLZB0Us65ZYp07NrovJSGTCMSKnLMJ6U="),
        ("My.Email@example.com", "my.email@example.com", "e22b53bc6f871274f3a62ab37a3caed7214fc14d676215a96a242fcfada1c81f", "4itTvG+HEnTzpiqzejyu1yFPwU1nYhWpaiQvz62hyB8="),
        ("JaneSaoirse@example.com", "janesaoirse@example.com", "d6670e7a92007f1b5ff785f1fc81e53aa6d3d7bd06bdf5c473cdc7286c284b6d", "1mcOepIAfxtf94Xx/IHlOqbT170GvfXEc83HKGwoS20="),
        ("Jane.Saoirse@example.com", "jane.saoirse@example.com", "b196432c7b989a2ca91c83799957c515da53e6c13abf20b78fea94f117e90bf8", "sZZDLHuYmiypHIN5mVfFFdpT5sE6vyC3j+qU8RfpC/g="),
        ("JaneSaoirse+Work@example.com", "janesaoirse+work@example.com", "28aaee4815230cd3b4ebd88c515226550666e91ac019929e3adac3f66c288180", "KKruSBUjDNO069iMUVImVQZm6RrAGZKeOtrD9mwogYA="),
        ("JANE.SAOIRSE@gmail.com", "janesaoirse@gmail.com", "92ee26057ed9dea2535d6c8b141d48373932476599196e00352254896db5888f", "ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8="),
        ("Jane.Saoirse@gmail.com", "janesaoirse@gmail.com", "92ee26057ed9dea2535d6c8b141d48373932476599196e00352254896db5888f", "ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8="),
        ("JaneSaoirse+Work@gmail.com", "janesaoirse@gmail.com", "92ee26057ed9dea2535d6c8b141d48373932476599196e00352254896db5888f", "ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8="),
        ("  user@example.com ", "user@example.com", "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514", "tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ="),
    ])
    func uid2Emails(input: String, expected: String, hex: String, base64: String) throws {
        #expect(try normalized(input, .email, .uid2) == expected)
        #expect(try hasher(.uid2, .hex).hash(input, as: .email) == .hashed(hex))
        #expect(try hasher(.uid2, .base64).hash(input, as: .email) == .hashed(base64))
    }

    @Test func uid2PhoneExample() throws {
        #expect(try normalized("1 (234) 567-8901", .phone, .uid2) == "+12345678901")
        #expect(try hasher(.uid2, .base64).hash("1 (234) 567-8901", as: .phone) == .hashed("EObwtHBUqDNZR33LNSMdtt5cafsYFuGmuY4ZLenlue4="))
        #expect(try hasher(.uid2, .hex).hash("+12345678901", as: .phone) == .hashed("10e6f0b47054a83359477dcb35231db6de5c69fb1816e1a6b98e192de9e5b9ee"))
        // UID2 takes 10 to 15 digits (uid2-client is_phone_number_normalized); the default rule set any E.164.
        #expect(try IdentifierNormalizer(ruleSet: .uid2, phoneRegion: "DE").normalize("030 12345", as: .phone)
            == .refused(.phoneShorterThanUID2Minimum))
        #expect(try normalized("030 12345", .phone, .standard, region: "DE") == "+493012345")
        // "(02) 1234 5678" in Sydney (uid2docs) → +61212345678.
        #expect(try normalized("(02) 1234 5678", .phone, .uid2, region: "AU") == "+61212345678")
    }

    /// uid2docs: hashing without normalizing gives another value (the doc's negative example).
    @Test func unnormalizedEmailHashesDifferently() throws {
        let hasher = try hasher(.uid2, .base64)
        #expect(hasher.hash("JANESaoirse@gmail.com", as: .email) == .hashed("ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8="))
        #expect(hasher.hash("JANESaoirse@gmail.com", as: .userID) == .hashed("VpLXEp5N1bj/V1WzjgZsC+FfuYdntAOywSVIO00FD/E="))
    }

    @Test func defaultRuleSetKeepsGmailDots() throws {
        #expect(try normalized("JANE.SAOIRSE+x@gmail.com ", .email, .standard) == "jane.saoirse+x@gmail.com")
        #expect(try hasher(.standard, .hex).hash("user@example.com", as: .email)
            == .hashed("b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514"))
    }

    @Test func entityResolutionLibraryVectors() throws {
        #expect(try normalized("  Tumble@tumble.com ", .email, .awsEntityResolution) == "tumble@tumble.com")
        #expect(try hasher(.awsEntityResolution, .base64).hash("  Tumble@tumble.com ", as: .email)
            == .hashed("YFKumIsvSQnR79Z8KYmTA3M5iHptRghU9jEOCUTeT/I="))
        #expect(try normalized(" 1-888-123-4567  ", .phone, .awsEntityResolution) == "18881234567")
        #expect(try hasher(.awsEntityResolution, .hex).hash(" 1-888-123-4567  ", as: .phone)
            == .hashed("906ebcda32c6c1aec87f5fc8543f6e97a45d59feac11d8d6823bca9e3dd3f302"))
        #expect(try normalized("  First1", .name, .awsEntityResolution) == "first")
        #expect(try hasher(.awsEntityResolution, .base64).hash("  First1", as: .name)
            == .hashed("p5N7ZLjKpY8Dchu2us9ceMsjX+vg5wsbhM2ZVBRhoI4="))
        // Operations.java: "+1 (206) 345-7890" and "(206) 345-7890" keep the national number; the prefix map adds 1.
        #expect(try normalized("+1 (206) 345-7890", .phone, .awsEntityResolution) == "12063457890")
        #expect(try normalized("206.345.7890", .phone, .awsEntityResolution) == "12063457890")
        #expect(try normalized("020 7946 0958", .phone, .awsEntityResolution, region: "GB") == "442079460958")
        // Only the US runs through libphonenumber in the library: 011 is refused there, kept elsewhere.
        #expect(try IdentifierNormalizer(ruleSet: .awsEntityResolution, phoneRegion: "US").normalize("011 44 20 7946 0958", as: .phone)
            == .refused(.phoneInternationalPrefixUnsupported))
        #expect(try normalized("011 81 3 1234 5678", .phone, .awsEntityResolution, region: "JP") == "811181312345678")
        // Email: text inside <…>, whitespace and (at), '+' dropped with its tag kept, no Gmail rule.
        #expect(try normalized("Jane.Doe+news@Gmail.com", .email, .awsEntityResolution) == "jane.doenews@gmail.com")
        #expect(try normalized("Jane Doe <Jane.Doe (at) Example.com>", .email, .awsEntityResolution) == "jane.doe@example.com")
        #expect(try normalized("a(AT)b.com", .email, .awsEntityResolution) == "a@b.com")
    }

    @Test func hmacVector() throws {
        let key = try HMACKey(bytes: Array(repeating: UInt8(ascii: "0"), count: 32))
        #expect(try hasher(.standard, .hex, key: key).hash("user@example.com", as: .email)
            == .hashed("79143f4bea038b685864676aca88c6980e0de42ee6c0821ff254a2b07de79e54"))
        #expect(try hasher(.standard, .base64, key: key).hash("User@Example.com", as: .email)
            == .hashed("eRQ/S+oDi2hYZGdqyojGmA4N5C7mwIIf8lSisH3nnlQ="))
    }

    @Test func phoneExamplesOfTheReference() throws {
        #expect(try normalized("020 7946 0958", .phone, .standard, region: "GB") == "+442079460958")
        #expect(try normalized("+44 (0)20 7946 0958", .phone, .standard, region: "US") == "+442079460958")
        #expect(try normalized("00 44 20 7946 0958", .phone, .standard, region: "DE") == "+442079460958")
        #expect(try normalized("011 44 20 7946 0958", .phone, .standard, region: "US") == "+442079460958")
        #expect(try normalized("1-888-123-4567", .phone, .standard, region: "US") == "+18881234567")
        #expect(try normalized("06 1234 5678", .phone, .standard, region: "IT") == "+390612345678")
    }

    @Test func opaqueIdentifiers() throws {
        #expect(try normalized(" 6D92078A-8246-4BA4-AE5B-76104861E7DC ", .advertisingID, .standard) == "6d92078a-8246-4ba4-ae5b-76104861e7dc")
        #expect(try normalized("6D92078A82464BA4AE5B76104861E7DC", .advertisingID, .uid2) == "6d92078a-8246-4ba4-ae5b-76104861e7dc")
        #expect(try normalized(" Cj0KCQiA-abc_DEF ", .clickID, .standard) == "Cj0KCQiA-abc_DEF")
        #expect(try normalized("\t1234567.8901 ", .userID, .awsEntityResolution) == "1234567.8901")
        #expect(try normalized("Zoë ", .userID, .standard) == "Zoë")
    }

    @Test func refusalsCarryTheirReason() throws {
        let normalizer = try IdentifierNormalizer(ruleSet: .standard, phoneRegion: "US")
        #expect(normalizer.normalize("00000000-0000-0000-0000-000000000000", as: .advertisingID) == .refused(.advertisingIDAllZero))
        #expect(normalizer.normalize("not-a-uuid", as: .advertisingID) == .refused(.advertisingIDNotUUID))
        #expect(normalizer.normalize("a@b@c", as: .email) == .refused(.notAnEmailAddress))
        #expect(normalizer.normalize("jörg@example.com", as: .email) == .refused(.nonASCII))
        #expect(normalizer.normalize("1-800-FLOWERS", as: .phone) == .refused(.phoneInvalidCharacter))
        #expect(normalizer.normalize("+999 1234 5678", as: .phone) == .refused(.phoneUnsupportedCountryCallingCode))
        #expect(normalizer.normalize("12+34", as: .phone) == .refused(.phoneMisplacedPlus))
        #expect(normalizer.normalize("   ", as: .phone) == .empty)
        #expect(normalizer.normalize("", as: .email) == .empty)
        #expect(normalizer.normalize(String(repeating: "a", count: 1025), as: .userID) == .refused(.tooLong))
        #expect(normalizer.normalize("gclid with space", as: .clickID) == .refused(.clickIDInvalidCharacter))
        #expect(try IdentifierNormalizer(ruleSet: .uid2, phoneRegion: "US").normalize("+.@gmail.com", as: .email) == .refused(.notAnEmailAddress))
        // uid2docs' Singapore example "65 1243 5678" → "+6512345678" does not hold: libphonenumber reads it as
        // the national number 6512435678; without '+' it is ambiguous here and refused.
        #expect(try IdentifierNormalizer(ruleSet: .uid2, phoneRegion: "SG").normalize("65 1243 5678", as: .phone)
            == .refused(.phoneAmbiguousCountryCallingCode))
    }
}
