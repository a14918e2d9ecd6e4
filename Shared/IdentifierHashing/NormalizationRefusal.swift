/// Why a value was not hashed: a stable reason code (written to metrics and the hashed table's counts) and a
/// sentence. Neither ever contains the value itself.
public enum NormalizationRefusal: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Longer than `IdentifierNormalizer.maximumInputBytes`.
    case tooLong = "too_long"
    /// A byte outside ASCII where the rule set keeps only ASCII (the module does not fold Unicode case or accents,
    /// so it refuses rather than produce a value a collaborator's Unicode-aware code would write differently).
    case nonASCII = "non_ascii"
    case notAnEmailAddress = "not_an_email_address"
    /// Nothing left once the rule set removed what it removes.
    case emptyAfterNormalization = "empty_after_normalization"
    case phoneInvalidCharacter = "phone_invalid_character"
    case phoneMisplacedPlus = "phone_misplaced_plus"
    case phoneNoDigits = "phone_no_digits"
    case phoneUnsupportedCountryCallingCode = "phone_unsupported_country_calling_code"
    /// Digits that begin with the default region's calling code but are not longer than a national number:
    /// libphonenumber decides these with the region's full number patterns, which this module does not carry.
    case phoneAmbiguousCountryCallingCode = "phone_ambiguous_country_calling_code"
    /// An international prefix (00, 011, …) followed by 0, which libphonenumber reads as a national number.
    case phoneInternationalPrefixFollowedByZero = "phone_international_prefix_followed_by_zero"
    /// A carrier-selection or service prefix libphonenumber strips by pattern (GB 180020, AU 1831/1832, AU 14…0011).
    case phoneCarrierOrServicePrefix = "phone_carrier_or_service_prefix"
    case phoneNationalNumberLength = "phone_national_number_length"
    case phoneNationalNumberLeadingDigit = "phone_national_number_leading_digit"
    /// An international prefix in a rule set whose result would depend on full number validation.
    case phoneInternationalPrefixUnsupported = "phone_international_prefix_unsupported"
    /// An E.164 number of fewer than 10 digits, which UID2 does not take (uid2-client `is_phone_number_normalized`).
    case phoneShorterThanUID2Minimum = "phone_shorter_than_uid2_minimum"
    case advertisingIDNotUUID = "advertising_id_not_uuid"
    case advertisingIDAllZero = "advertising_id_all_zero"
    case clickIDInvalidCharacter = "click_id_invalid_character"
    /// The rule set has no rule for the kind (configuration validation prevents this).
    case kindNotInRuleSet = "kind_not_in_rule_set"

    public var description: String {
        switch self {
        case .tooLong: "the value is longer than \(IdentifierNormalizer.maximumInputBytes) bytes"
        case .nonASCII: "the value holds a non-ASCII character, which this rule set does not normalize"
        case .notAnEmailAddress: "the value is not an email address (one '@' between a non-empty local part and domain, no whitespace)"
        case .emptyAfterNormalization: "nothing is left after normalization"
        case .phoneInvalidCharacter: "the phone number holds a character other than digits, spaces, '-', '.', '/', '(' and ')'"
        case .phoneMisplacedPlus: "'+' may appear only once, as the first character"
        case .phoneNoDigits: "the phone number holds no digit"
        case .phoneUnsupportedCountryCallingCode: "the country calling code is not one of the supported regions"
        case .phoneAmbiguousCountryCallingCode: "the digits begin with the default region's calling code without '+': ambiguous"
        case .phoneInternationalPrefixFollowedByZero: "an international prefix is followed by 0"
        case .phoneCarrierOrServicePrefix: "the number begins with a carrier-selection or service prefix"
        case .phoneNationalNumberLength: "the national number has a length the region's numbering plan does not use"
        case .phoneNationalNumberLeadingDigit: "the national number begins with a digit the region's numbering plan does not use"
        case .phoneInternationalPrefixUnsupported: "an international dialling prefix this rule set cannot resolve"
        case .phoneShorterThanUID2Minimum: "the number has fewer than the 10 digits UID2 requires"
        case .advertisingIDNotUUID: "the advertising id is not a UUID (32 hex digits, optionally 8-4-4-4-12)"
        case .advertisingIDAllZero: "the advertising id is all zeros (tracking limited)"
        case .clickIDInvalidCharacter: "the click id holds whitespace, a control or a non-ASCII character"
        case .kindNotInRuleSet: "the rule set has no rule for this kind of identifier"
        }
    }
}
