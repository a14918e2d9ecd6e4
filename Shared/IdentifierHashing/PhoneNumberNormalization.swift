/// Phone numbers to E.164 (`+` country calling code, national significant number; ITU-T E.164), the rule of the
/// `default` and `uid2` rule sets. UID2 requires E.164 ("[+] [country code] [subscriber number including area
/// code]", at most 15 digits; IABTechLab/uid2docs `gs-normalization-encoding.md`).
///
/// The result equals what libphonenumber's `parse(value, defaultRegion)` formatted as E.164 gives, for every value
/// this accepts (checked against the `phonenumbers` port on a generated corpus in the tests). Accepted input:
///
/// - ASCII digits with spaces, `-`, `.`, `/`, `(`, `)` between them, and an optional leading `+`. Letters
///   (vanity numbers, extensions), other punctuation and non-ASCII digits are refused.
/// - `+` and a supported calling code, or the default region's international prefix (`00`, `011`, …) and one:
///   the national part that follows loses a leading trunk prefix (`+44 (0)20 …`).
/// - Otherwise a national number of the default region, with or without its trunk prefix (`020 7946 0958`,
///   `(234) 567-8901`, `1 (234) 567-8901`); digits that begin with the region's calling code are read as
///   international only when they are longer than any national number (libphonenumber's TOO_LONG rule).
///
/// The national significant number must then begin with a digit the region uses and have one of its national
/// lengths (`PhoneNumberingPlan`). Everything else is refused with a reason, never guessed: libphonenumber's
/// remaining decisions rest on per-region number patterns this module does not carry.
enum PhoneNumberNormalization {
    /// More digits than any E.164 number plus an international prefix.
    static let maximumDigits = 24

    static func e164(
        _ value: UnsafeBufferPointer<UInt8>, region: PhoneNumberingPlan, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> NormalizationStep {
        let input = ASCII.trimmed(value)
        if input.isEmpty { return .empty }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumDigits) { buffer in
            var count = 0
            var hasPlus = false
            for index in input.indices {
                let byte = input[index]
                if ASCII.isDigit(byte) {
                    guard count < maximumDigits else { return .refused(.phoneNationalNumberLength) }
                    buffer[count] = byte
                    count += 1
                } else if byte == UInt8(ascii: "+") {
                    guard index == 0 else { return .refused(.phoneMisplacedPlus) }
                    hasPlus = true
                } else if !isSeparator(byte) {
                    return .refused(.phoneInvalidCharacter)
                }
            }
            guard count > 0 else { return .refused(.phoneNoDigits) }
            let digits = UnsafeBufferPointer(rebasing: buffer[0..<count])
            return hasPlus
                ? international(digits, into: output)
                : dialled(digits, region: region, into: output)
        }
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"): true
        default: false
        }
    }

    /// Digits written without '+', read in the default region.
    private static func dialled(
        _ digits: UnsafeBufferPointer<UInt8>, region: PhoneNumberingPlan, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> NormalizationStep {
        if let prefixLength = region.internationalPrefixLength(of: digits) {
            let rest = UnsafeBufferPointer(rebasing: digits[prefixLength...])
            // libphonenumber takes the prefix as international only when a non-zero digit follows.
            guard rest[0] != UInt8(ascii: "0") else { return .refused(.phoneInternationalPrefixFollowedByZero) }
            return international(rest, into: output)
        }
        for prefix in region.refusedDialPrefixes where digits.starts(with: prefix) {
            return .refused(.phoneCarrierOrServicePrefix)
        }
        let code = region.countryCallingCode
        if digits.count > code.count, digits.starts(with: code) {
            var potential = UnsafeBufferPointer(rebasing: digits[code.count...])
            if let trunk = region.trunkPrefix, potential.first == trunk {
                potential = UnsafeBufferPointer(rebasing: potential.dropFirst())
            }
            // libphonenumber drops the calling code when the whole is longer than any national number, or when
            // the rest fits the region's pattern and the whole does not. Without the patterns the second case
            // is decided only when the rest cannot fit them (its length is not one they match).
            if digits.count > region.longestNationalLength {
                return national(potential, region: region, into: output)
            }
            if region.patternLengths.contains(potential.count) {
                return .refused(.phoneAmbiguousCountryCallingCode)
            }
        }
        return national(digits, region: region, into: output)
    }

    /// Digits after '+' or an international prefix: the calling code, then the national part.
    private static func international(
        _ digits: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> NormalizationStep {
        guard let plan = PhoneNumberingPlan.forCallingCode(prefixOf: digits) else {
            return .refused(.phoneUnsupportedCountryCallingCode)
        }
        return national(UnsafeBufferPointer(rebasing: digits[plan.countryCallingCode.count...]), region: plan, into: output)
    }

    /// A national number, with or without its trunk prefix, to "+<code><national significant number>".
    private static func national(
        _ digits: UnsafeBufferPointer<UInt8>, region: PhoneNumberingPlan, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> NormalizationStep {
        for prefix in region.carrierPrefixes where digits.starts(with: prefix) {
            return .refused(.phoneCarrierOrServicePrefix)
        }
        var significant = digits
        if let trunk = region.trunkPrefix, significant.first == trunk {
            significant = UnsafeBufferPointer(rebasing: significant.dropFirst())
            // Written with '+' the same number would meet the carrier prefix first: refused either way, so a
            // normalized number normalizes to itself.
            for prefix in region.carrierPrefixes where significant.starts(with: prefix) {
                return .refused(.phoneCarrierOrServicePrefix)
            }
        }
        guard let first = significant.first, region.leadingDigits.contains(first) else {
            return .refused(.phoneNationalNumberLeadingDigit)
        }
        guard region.nationalLengths.contains(significant.count) else { return .refused(.phoneNationalNumberLength) }
        let code = region.countryCallingCode
        output[0] = UInt8(ascii: "+")
        var position = 1
        for byte in code {
            output[position] = byte
            position += 1
        }
        for byte in significant {
            output[position] = byte
            position += 1
        }
        return .written(position)
    }
}
