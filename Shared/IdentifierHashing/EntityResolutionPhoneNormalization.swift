/// Phone numbers as the AWS Entity Resolution normalization library writes them (the `aws-entity-resolution`
/// rule set): `aws-solutions-library-samples/guidance-for-customizing-normalization-library-for-aws-entity-resolution`,
/// `src/main/resources/normalizeRules.json` rule `phone` = TRIM, REMOVE_ALL_NON_NUMERIC, PHONE_NUM_UTIL_NORM,
/// REMOVE_ALL_LEADING_ZEROES, ENSURE_PREFIX_WITH_MAP `phonePrefixMap` (operations in `util/Operations.java`).
///
/// The result is digits only, no `+`: every character but ASCII 0-9 is dropped, leading zeros are removed, and
/// the region's calling code from `phonePrefixMap` is put in front unless the digits already begin with it
/// (` 1-888-123-4567  ` → `18881234567`, `020 7946 0958` with GB → `442079460958`).
///
/// PHONE_NUM_UTIL_NORM runs libphonenumber only for the US: it keeps the national number of a *valid* number.
/// For digits-only input that changes the result only when the digits begin with the US international prefix
/// 011 (otherwise "1" + the national number equals what the other steps give), so exactly that case is refused.
enum EntityResolutionPhoneNormalization {
    /// `phonePrefixMap` of the library's normalizeRules.json: region → calling code.
    static let prefixes: [String: [UInt8]] = [
        "US": "1", "CA": "1", "MX": "52", "GB": "44", "FR": "33", "DE": "49", "IT": "39", "ES": "34", "NL": "31",
        "IN": "91", "JP": "81", "AU": "61", "SA": "966", "AE": "971", "TR": "90", "SE": "46", "BE": "32", "PL": "48",
        "SG": "65",
    ].mapValues { (code: String) in Array(code.utf8) }

    static func normalize(
        _ value: UnsafeBufferPointer<UInt8>, region: String, prefix: [UInt8], into output: UnsafeMutableBufferPointer<UInt8>
    ) -> NormalizationStep {
        let input = ASCII.javaTrimmed(value)
        if input.isEmpty { return .empty }
        // Digits go to the output after room for the prefix, then move up if no prefix is needed.
        let start = prefix.count
        var count = 0
        var seenDigit = false
        for byte in input where ASCII.isDigit(byte) {
            seenDigit = true
            if count == 0, byte == UInt8(ascii: "0") { continue }
            guard start + count < output.count else { return .refused(.tooLong) }
            output[start + count] = byte
            count += 1
        }
        guard seenDigit else { return .refused(.phoneNoDigits) }
        guard count > 0 else { return .refused(.emptyAfterNormalization) }
        let digits = UnsafeBufferPointer(rebasing: output[start..<(start + count)])
        if region == "US", inputStartsWithUSInternationalPrefix(input) { return .refused(.phoneInternationalPrefixUnsupported) }
        if digits.starts(with: prefix) {
            for index in 0..<count { output[index] = output[start + index] }
            return .written(count)
        }
        for (index, byte) in prefix.enumerated() { output[index] = byte }
        return .written(start + count)
    }

    /// Whether the digits of the input (zeros included) begin with 011.
    private static func inputStartsWithUSInternationalPrefix(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        var seen = 0
        for byte in input where ASCII.isDigit(byte) {
            let wanted = seen == 0 ? UInt8(ascii: "0") : UInt8(ascii: "1")
            guard byte == wanted else { return false }
            seen += 1
            if seen == 3 { return true }
        }
        return false
    }
}
