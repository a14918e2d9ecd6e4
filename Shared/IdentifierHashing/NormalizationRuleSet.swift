/// A named set of normalization rules, chosen by configuration so both sides of a Clean Rooms collaboration
/// apply the same one. The rule set fixes every kind's rule; hashing (`HashEncoding`, HMAC) is chosen apart.
///
/// | Rule set | email | phone | name |
/// |---|---|---|---|
/// | `default` | trim, lowercase | E.164 (`+` code, national number) | — |
/// | `uid2` | trim spaces, lowercase, `gmail.com`: no dots, no `+tag` | E.164 of 10 to 15 digits | — |
/// | `aws-entity-resolution` | Entity Resolution library email rule | library phone rule (digits, code, no `+`) | library name rule |
///
/// Advertising ids, click ids and user ids follow the same rule in all three (`IdentifierKind`).
public enum NormalizationRuleSet: String, Sendable, CaseIterable, CustomStringConvertible {
    case standard = "default"
    case uid2
    case awsEntityResolution = "aws-entity-resolution"

    public var description: String { rawValue }

    /// The encoding the rule set's partners expect when the configuration names none: UID2 takes the Base64 of
    /// the 32 digest bytes (uid2docs "Email Address Hash Encoding"); the others lowercase hex.
    public var conventionalEncoding: HashEncoding {
        self == .uid2 ? .base64 : .hex
    }

    /// Whether the rule set has a rule for `kind`.
    public func supports(_ kind: IdentifierKind) -> Bool {
        kind != .name || self == .awsEntityResolution
    }
}
