/// The facts of one region's numbering plan that E.164 normalization needs: the country calling code (ITU-T
/// E.164 assignments), the trunk (national) prefix, the international dialling prefixes, the lengths a
/// national significant number (NSN) may have, and the digits it may begin with.
///
/// Source: the region metadata of libphonenumber 9.0.43 (`PhoneNumberMetadata.xml`, read through the
/// `phonenumbers` Python port of the same version): `countryCode`, `nationalPrefixForParsing`,
/// `internationalPrefix`, `generalDesc/possibleLengths` (national and localOnly), and the first character class
/// of `generalDesc/nationalNumberPattern`. Only facts are carried; none of libphonenumber's code is.
///
/// Supported regions: the North American plan (US, CA), GB, DE, FR, ES, IT, NL, BE, SE, PL, IE, CH, AT, IN, AU,
/// SG, MX. Each was chosen because its trunk prefix is a plain digit (or absent), its international prefix is a
/// fixed string or a short digit pattern, and its NSNs never begin with the trunk digit — what lets this module
/// agree with libphonenumber without its number patterns. Other regions are refused, not guessed.
public struct PhoneNumberingPlan: Sendable, Equatable {
    /// ISO 3166-1 alpha-2, upper case.
    public let region: String
    /// ASCII digits of the country calling code.
    public let countryCallingCode: [UInt8]
    /// The trunk prefix dialled before a national number (`0`, or `1` in the North American plan), if any.
    let trunkPrefix: UInt8?
    /// International dialling prefixes as digit patterns: each position lists the digits it may hold.
    let internationalPrefixes: [[DigitSet]]
    /// NSN lengths the plan uses for full national numbers (`possibleLengths`), capped so that the E.164
    /// number has at most 15 digits.
    let nationalLengths: LengthSet
    /// Every length libphonenumber's general pattern can match: `nationalLengths` plus local-only lengths.
    let patternLengths: LengthSet
    /// The longest possible national length: above it libphonenumber calls a number TOO_LONG.
    let longestNationalLength: Int
    /// Digits an NSN may begin with.
    let leadingDigits: DigitSet
    /// Prefixes libphonenumber's `nationalPrefixForParsing` strips besides the trunk prefix (carrier codes):
    /// refused wherever a national number starts.
    let carrierPrefixes: [[UInt8]]
    /// Prefixes that match an international-prefix alternative this module does not model: refused on input
    /// without '+'.
    let refusedDialPrefixes: [[UInt8]]
    /// Whether libphonenumber uses this region's metadata for numbers written with its calling code (the
    /// "main country" of a shared code, e.g. US for +1, GB for +44).
    let isMainRegionForCode: Bool

    init(
        _ region: String, code: String, trunk: Character?, international: [String], lengths: [Int], localOnly: [Int] = [],
        leading: String, carrierPrefixes: [String] = [], refusedDialPrefixes: [String] = [], main: Bool = true
    ) {
        self.region = region
        countryCallingCode = Array(code.utf8)
        trunkPrefix = trunk.map { $0.asciiValue! }
        internationalPrefixes = international.map(Self.digitPattern)
        let maximumNational = 15 - code.utf8.count
        nationalLengths = LengthSet(lengths.filter { $0 <= maximumNational })
        patternLengths = LengthSet(lengths + localOnly)
        longestNationalLength = lengths.max()!
        leadingDigits = DigitSet(leading.utf8)
        self.carrierPrefixes = carrierPrefixes.map { Array($0.utf8) }
        self.refusedDialPrefixes = refusedDialPrefixes.map { Array($0.utf8) }
        isMainRegionForCode = main
    }

    /// "0[0-3]d" style: a digit, `[..]` a set of digits and ranges, `d` any digit.
    private static func digitPattern(_ text: String) -> [DigitSet] {
        var pattern: [DigitSet] = []
        var bytes = Array(text.utf8)[...]
        let digits = DigitSet(UInt8(ascii: "0")...UInt8(ascii: "9"))
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "d"): pattern.append(digits)
            case UInt8(ascii: "["):
                var members: [UInt8] = []
                while let next = bytes.popFirst(), next != UInt8(ascii: "]") {
                    if bytes.first == UInt8(ascii: "-") {
                        bytes.removeFirst()
                        members += next...bytes.removeFirst()
                    } else {
                        members.append(next)
                    }
                }
                let set = DigitSet(members)
                pattern.append(set)
            default: pattern.append(DigitSet([byte]))
            }
        }
        return pattern
    }

    /// The supported plans, from libphonenumber 9.0.43 metadata (see the type's documentation).
    public static let supported: [PhoneNumberingPlan] = [
        PhoneNumberingPlan("US", code: "1", trunk: "1", international: ["011"], lengths: [10], localOnly: [7], leading: "23456789"),
        PhoneNumberingPlan(
            "CA", code: "1", trunk: "1", international: ["011"], lengths: [10], localOnly: [7], leading: "23456789", main: false),
        PhoneNumberingPlan(
            "GB", code: "44", trunk: "0", international: ["00"], lengths: [7, 9, 10], localOnly: [4, 5, 6, 8], leading: "1235789",
            carrierPrefixes: ["180020"]),
        PhoneNumberingPlan(
            "DE", code: "49", trunk: "0", international: ["00"], lengths: Array(4...15), localOnly: [2, 3], leading: "123456789"),
        PhoneNumberingPlan("FR", code: "33", trunk: "0", international: ["00"], lengths: [9], leading: "123456789"),
        PhoneNumberingPlan("ES", code: "34", trunk: nil, international: ["00"], lengths: [9], leading: "456789"),
        PhoneNumberingPlan("IT", code: "39", trunk: nil, international: ["00"], lengths: Array(6...12), leading: "0134578"),
        PhoneNumberingPlan("NL", code: "31", trunk: "0", international: ["00"], lengths: Array(5...11), leading: "123456789"),
        PhoneNumberingPlan("BE", code: "32", trunk: "0", international: ["00"], lengths: [8, 9], leading: "123456789"),
        PhoneNumberingPlan("SE", code: "46", trunk: "0", international: ["00"], lengths: [6, 7, 8, 9, 10, 12], leading: "123456789"),
        PhoneNumberingPlan("PL", code: "48", trunk: nil, international: ["00"], lengths: Array(6...10), leading: "123456789"),
        PhoneNumberingPlan(
            "IE", code: "353", trunk: "0", international: ["00"], lengths: Array(7...10), localOnly: [5, 6], leading: "12456789"),
        PhoneNumberingPlan("CH", code: "41", trunk: "0", international: ["00"], lengths: [9, 12], leading: "23456789"),
        PhoneNumberingPlan("AT", code: "43", trunk: "0", international: ["00"], lengths: Array(4...13), localOnly: [3], leading: "123456789"),
        PhoneNumberingPlan("IN", code: "91", trunk: "0", international: ["00"], lengths: Array(8...13), localOnly: [6, 7], leading: "123456789"),
        // AU's international prefix is 001[14-689] or 14(…)0011 and its trunk prefix pattern (183[12])|0 also
        // strips carrier codes: the first is modelled, the others are refused.
        PhoneNumberingPlan(
            "AU", code: "61", trunk: "0", international: ["001[14-689]"], lengths: [5, 6, 7, 8, 9, 10, 12], leading: "123478",
            carrierPrefixes: ["1831", "1832"], refusedDialPrefixes: ["14"]),
        PhoneNumberingPlan("SG", code: "65", trunk: nil, international: ["0[0-3]d"], lengths: [8, 10, 11], leading: "136789"),
        PhoneNumberingPlan("MX", code: "52", trunk: nil, international: ["0[09]"], lengths: [10], localOnly: [7, 8], leading: "23456789"),
    ]

    /// The plan for an ISO region code (case-insensitive), if supported.
    public static func forRegion(_ region: String) -> PhoneNumberingPlan? {
        let upper = region.uppercased()
        return supported.first { $0.region == upper }
    }

    /// The plan libphonenumber applies to a number written with this calling code, and the code's length, for
    /// the digits after '+'. ITU calling codes are prefix-free, so at most one supported code matches.
    static func forCallingCode(prefixOf digits: UnsafeBufferPointer<UInt8>) -> PhoneNumberingPlan? {
        for plan in supported where plan.isMainRegionForCode {
            let code = plan.countryCallingCode
            if digits.count > code.count, digits.starts(with: code) { return plan }
        }
        return nil
    }

    /// The length of the international prefix `digits` begin with, if any.
    func internationalPrefixLength(of digits: UnsafeBufferPointer<UInt8>) -> Int? {
        for pattern in internationalPrefixes where digits.count > pattern.count {
            if zip(pattern, digits).allSatisfy({ $0.contains($1) }) { return pattern.count }
        }
        return nil
    }
}

/// A set of ASCII digits as a bit mask (checked once per character on the hot path).
struct DigitSet: Sendable, Equatable {
    private let bits: UInt16

    init(_ digits: some Sequence<UInt8>) {
        bits = digits.reduce(0) { $0 | (1 << UInt16($1 &- UInt8(ascii: "0"))) }
    }

    func contains(_ digit: UInt8) -> Bool {
        let value = digit &- UInt8(ascii: "0")
        return value < 10 && bits & (1 << UInt16(value)) != 0
    }
}

/// A set of small lengths (0…31) as a bit mask.
struct LengthSet: Sendable, Equatable {
    private let bits: UInt32

    init(_ lengths: some Sequence<Int>) {
        bits = lengths.reduce(0) { $0 | (1 << UInt32($1)) }
    }

    func contains(_ length: Int) -> Bool {
        length >= 0 && length < 32 && bits & (1 << UInt32(length)) != 0
    }
}
