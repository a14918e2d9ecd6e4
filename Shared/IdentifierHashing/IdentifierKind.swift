/// What an identifier field holds; each kind has its own normalization rule (see `NormalizationRuleSet`).
///
/// | Kind | Rule (every rule set unless noted) |
/// |---|---|
/// | `email` | per rule set: see `EmailNormalization` |
/// | `phone` | per rule set: see `PhoneNumberNormalization` (E.164) and `EntityResolutionPhoneNormalization` |
/// | `advertisingID` | IDFA / GAID (AAID): trim, accept 32 hex digits with or without the 8-4-4-4-12 hyphens, write the lowercase 8-4-4-4-12 form; the all-zero id that iOS and Android report when tracking is limited is refused. Apple reports IDFA upper case and Google AAID lower case (bidswitch device object docs), so both sides must fold to one case before hashing |
/// | `clickID` | gclid, dclid, srsltid, fbclid …: trim only, case preserved (these ids are case-sensitive base64-like tokens); printable ASCII only |
/// | `userID` | `user_id` and `user_pseudo_id`: trim only; every other byte kept as GA4 exported it |
/// | `name` | only the `aws-entity-resolution` rule set: see `EntityResolutionNameNormalization` |
///
/// "Trim" removes ASCII whitespace (space, tab, LF, VT, FF, CR) at both ends, except in the
/// `aws-entity-resolution` rule set, which trims as Java's `String.trim()` does (every code point up to U+0020).
public enum IdentifierKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case email
    case phone
    case advertisingID = "advertising_id"
    case clickID = "click_id"
    case userID = "user_id"
    case name

    public var description: String { rawValue }
}
