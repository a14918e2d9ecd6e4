/// The kinds every rule set treats alike: advertising ids, click ids and GA4 user ids (see `IdentifierKind`).
enum OpaqueIdentifierNormalization {
    /// IDFA / GAID: 32 hex digits, with the four hyphens of the 8-4-4-4-12 form or none, to lowercase 8-4-4-4-12.
    /// The all-zero id (what iOS ATT and Android's ad-tracking opt-out report) identifies nobody and is refused.
    static func advertisingID(_ value: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> NormalizationStep {
        let input = ASCII.trimmed(value)
        if input.isEmpty { return .empty }
        let hyphenated = input.count == 36
        guard hyphenated || input.count == 32 else { return .refused(.advertisingIDNotUUID) }
        var written = 0
        var allZero = true
        for (index, byte) in input.enumerated() {
            if hyphenated, index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return .refused(.advertisingIDNotUUID) }
                continue
            }
            let lower = ASCII.lowercased(byte)
            guard ASCII.isDigit(lower) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(lower) else {
                return .refused(.advertisingIDNotUUID)
            }
            if lower != UInt8(ascii: "0") { allZero = false }
            if written == 8 || written == 13 || written == 18 || written == 23 {
                output[written] = UInt8(ascii: "-")
                written += 1
            }
            output[written] = lower
            written += 1
        }
        return allZero ? .refused(.advertisingIDAllZero) : .written(written)
    }

    /// gclid, dclid, srsltid, …: trimmed, case preserved, printable ASCII only.
    static func clickID(_ value: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> NormalizationStep {
        let input = ASCII.trimmed(value)
        if input.isEmpty { return .empty }
        for (index, byte) in input.enumerated() {
            guard byte > 0x20, byte < 0x7F else { return .refused(.clickIDInvalidCharacter) }
            output[index] = byte
        }
        return .written(input.count)
    }

    /// `user_id`, `user_pseudo_id`: trimmed, every other byte kept.
    static func userID(_ value: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> NormalizationStep {
        let input = ASCII.trimmed(value)
        if input.isEmpty { return .empty }
        for (index, byte) in input.enumerated() { output[index] = byte }
        return .written(input.count)
    }

    /// Names in the `aws-entity-resolution` rule set: the library's `name`/`firstName`/`lastName`/`middleName` rule
    /// (TRIM, LOWERCASE, CONVERT_ACCENT, REMOVE_ALL_NON_ALPHA: `  First1` → `first`). CONVERT_ACCENT is Unicode
    /// NFD, which this module does not carry, so non-ASCII names are refused.
    static func entityResolutionName(_ value: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> NormalizationStep {
        let input = ASCII.javaTrimmed(value)
        if input.isEmpty { return .empty }
        var written = 0
        for byte in input {
            guard byte < 0x80 else { return .refused(.nonASCII) }
            let lower = ASCII.lowercased(byte)
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) {
                output[written] = lower
                written += 1
            }
        }
        return written == 0 ? .refused(.emptyAfterNormalization) : .written(written)
    }
}
