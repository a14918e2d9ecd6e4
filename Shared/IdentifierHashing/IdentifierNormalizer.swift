/// Applies a rule set's rule for each identifier kind. Stateless and `Sendable`: one instance serves every row
/// and thread. Normalizing writes into a caller's buffer and allocates nothing.
public struct IdentifierNormalizer: Sendable {
    /// Longer values are refused (`NormalizationRefusal.tooLong`): the longest email address is 254 bytes
    /// (RFC 5321 path limit), GA4's user_id 256 characters.
    public static let maximumInputBytes = 1024

    public let ruleSet: NormalizationRuleSet
    /// The region national phone numbers are read in (ISO 3166-1 alpha-2, upper case).
    public let phoneRegion: String
    /// Its numbering plan, for the E.164 rule (`default`, `uid2`).
    private let phoneNumberingPlan: PhoneNumberingPlan?
    /// The calling code the `aws-entity-resolution` phone rule ensures (its `phonePrefixMap`).
    private let entityResolutionPhonePrefix: [UInt8]

    /// Fails when the rule set cannot read phone numbers of `phoneRegion` (the Entity Resolution library knows
    /// the regions of its `phonePrefixMap`; E.164 those of `PhoneNumberingPlan.supported`).
    public init(ruleSet: NormalizationRuleSet, phoneRegion: String) throws(IdentifierHashingError) {
        let region = phoneRegion.uppercased()
        self.ruleSet = ruleSet
        self.phoneRegion = region
        switch ruleSet {
        case .standard, .uid2:
            guard let plan = PhoneNumberingPlan.forRegion(region) else {
                throw .configuration(path: "defaultPhoneRegion", reason: "region is not one of \(Self.e164Regions)")
            }
            phoneNumberingPlan = plan
            entityResolutionPhonePrefix = []
        case .awsEntityResolution:
            guard let prefix = EntityResolutionPhoneNormalization.prefixes[region] else {
                throw .configuration(
                    path: "defaultPhoneRegion",
                    reason: "region is not in the Entity Resolution library's phonePrefixMap (\(EntityResolutionPhoneNormalization.prefixes.keys.sorted().joined(separator: ", ")))")
            }
            phoneNumberingPlan = nil
            entityResolutionPhonePrefix = prefix
        }
    }

    static var e164Regions: String { PhoneNumberingPlan.supported.map(\.region).joined(separator: ", ") }

    /// Normalizes `value` as `kind`, for tests, tools and the documentation's examples; the row path uses the
    /// buffer form.
    public func normalize(_ value: String, as kind: IdentifierKind) -> NormalizationResult {
        withUTF8(value) { input in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.outputCapacity) { output in
                switch normalize(input, as: kind, into: output) {
                case .written(let count):
                    .normalized(NormalizedIdentifier(text: String(decoding: output[0..<count], as: UTF8.self)))
                case .empty: .empty
                case .refused(let reason): .refused(reason)
                }
            }
        }
    }

    /// Room a normalized value can need: the input plus the Entity Resolution phone prefix.
    static let outputCapacity = maximumInputBytes + 8

    /// The rule for `kind` on UTF-8 `input`, written to `output` (at least `outputCapacity` bytes).
    func normalize(_ input: UnsafeBufferPointer<UInt8>, as kind: IdentifierKind, into output: UnsafeMutableBufferPointer<UInt8>) -> NormalizationStep {
        guard input.count <= Self.maximumInputBytes else { return .refused(.tooLong) }
        switch (kind, ruleSet) {
        case (.email, .standard): return EmailNormalization.standard(input, into: output)
        case (.email, .uid2): return EmailNormalization.uid2(input, into: output)
        case (.email, .awsEntityResolution): return EmailNormalization.entityResolution(input, into: output)
        case (.phone, .standard):
            guard let plan = phoneNumberingPlan else { return .refused(.phoneUnsupportedCountryCallingCode) }
            return PhoneNumberNormalization.e164(input, region: plan, into: output)
        case (.phone, .uid2):
            guard let plan = phoneNumberingPlan else { return .refused(.phoneUnsupportedCountryCallingCode) }
            let step = PhoneNumberNormalization.e164(input, region: plan, into: output)
            // UID2 takes 10 to 15 digits after '+' (uid2-client `is_phone_number_normalized`).
            if case .written(let count) = step, count - 1 < 10 { return .refused(.phoneShorterThanUID2Minimum) }
            return step
        case (.phone, .awsEntityResolution):
            return EntityResolutionPhoneNormalization.normalize(
                input, region: phoneRegion, prefix: entityResolutionPhonePrefix, into: output)
        case (.advertisingID, _): return OpaqueIdentifierNormalization.advertisingID(input, into: output)
        case (.clickID, _): return OpaqueIdentifierNormalization.clickID(input, into: output)
        case (.userID, _): return OpaqueIdentifierNormalization.userID(input, into: output)
        case (.name, .awsEntityResolution): return OpaqueIdentifierNormalization.entityResolutionName(input, into: output)
        case (.name, _): return .refused(.kindNotInRuleSet)
        }
    }
}

/// The UTF-8 bytes of a String without copying a native one.
@inline(__always)
func withUTF8<R>(_ value: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = value.utf8.withContiguousStorageIfAvailable(body) { return result }
    let bytes = Array(value.utf8)
    return bytes.withUnsafeBufferPointer(body)
}

/// A normalized identifier: still personal data, so its descriptions are redacted.
public struct NormalizedIdentifier: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The normalized text. Never log it.
    public let text: String

    public var description: String { "<redacted \(text.utf8.count) bytes>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["text": "<redacted>"]) }
}

/// What normalizing one value gave.
public enum NormalizationResult: Sendable, Equatable {
    case normalized(NormalizedIdentifier)
    /// Absent, or only whitespace.
    case empty
    case refused(NormalizationRefusal)
}
