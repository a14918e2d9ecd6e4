/// Email addresses, one function per rule set. All three refuse non-ASCII input: collaborators fold Unicode case
/// and accents differently (Python `str.lower()`, Java `toLowerCase()` + NFD), so a byte-exact match cannot be
/// promised for it.
enum EmailNormalization {
    /// `default`: trim ASCII whitespace, lowercase A-Z; then it must be one `@` between a non-empty local part
    /// and domain, with no whitespace or control character. The common contract of ad platforms' hashed-email
    /// matching (e.g. Snap Conversions API "trimming leading and trailing whitespace and converting all
    /// characters to lowercase"), and the reference's recommended default.
    static func standard(_ value: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> NormalizationStep {
        lowercasedAddress(ASCII.trimmed(value), into: output)
    }

    /// Lowercases an already trimmed address after checking its shape.
    private static func lowercasedAddress(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> NormalizationStep {
        if input.isEmpty { return .empty }
        var at: Int?
        for (index, byte) in input.enumerated() {
            guard byte < 0x80 else { return .refused(.nonASCII) }
            guard byte > 0x20, byte != 0x7F else { return .refused(.notAnEmailAddress) }
            if byte == UInt8(ascii: "@") {
                guard at == nil else { return .refused(.notAnEmailAddress) }
                at = index
            }
            output[index] = ASCII.lowercased(byte)
        }
        guard let at, at > 0, at < input.count - 1 else { return .refused(.notAnEmailAddress) }
        return .written(input.count)
    }

    /// `uid2`: spaces (only U+0020, as UID2's own SDK `normalize_email_string` does) trimmed, then the `default`
    /// shape check and lowercase, then for `gmail.com` only, every `.` removed from the local part and everything
    /// from the first `+` on dropped (IABTechLab/uid2docs `gs-normalization-encoding.md`, "Email Address
    /// Normalization": `jane.doe@gmail.com` → `janedoe@gmail.com`, `janedoe+home@gmail.com` →
    /// `janedoe@gmail.com`; other domains keep dots and `+`). Tabs or line breaks at the ends are refused, not
    /// trimmed: the SDK would keep them in the hashed value.
    static func uid2(_ value: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> NormalizationStep {
        var start = 0
        var end = value.count
        while start < end, value[start] == 0x20 { start += 1 }
        while end > start, value[end - 1] == 0x20 { end -= 1 }
        let step = lowercasedAddress(UnsafeBufferPointer(rebasing: value[start..<end]), into: output)
        guard case .written(let count) = step else { return step }
        let gmail: StaticString = "@gmail.com"
        let suffixLength = gmail.utf8CodeUnitCount
        guard count > suffixLength else { return step }
        let isGmail = gmail.withUTF8Buffer { suffix in
            UnsafeBufferPointer(rebasing: output[(count - suffixLength)..<count]).elementsEqual(suffix)
        }
        guard isGmail else { return step }
        var written = 0
        for index in 0..<(count - suffixLength) {
            let byte = output[index]
            if byte == UInt8(ascii: "+") { break }
            if byte == UInt8(ascii: ".") { continue }
            output[written] = byte
            written += 1
        }
        guard written > 0 else { return .refused(.notAnEmailAddress) }
        for index in (count - suffixLength)..<count {
            output[written] = output[index]
            written += 1
        }
        return .written(written)
    }

    /// `aws-entity-resolution`: the AWS Entity Resolution normalization library's `email` rule (normalizeRules.json:
    /// TRIM, LOWERCASE, CONVERT_ACCENT, EMAIL_ADDRESS_UTIL_NORM, REMOVE_ALL_NON_EMAIL_CHARS; `util/Operations.java`):
    /// Java trim; lowercase; keep only the text between the first `<` and the next `>` when both are present;
    /// remove whitespace; `(at)` → `@`; drop every character outside `[A-Za-z0-9_.@-]`. No Gmail rule, and `+` is
    /// dropped while the tag stays (`Jane.Doe+news@Gmail.com` → `jane.doenews@gmail.com`). It does not check the
    /// result is an address; an empty result is refused.
    static func entityResolution(_ value: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> NormalizationStep {
        var input = ASCII.javaTrimmed(value)
        if input.isEmpty { return .empty }
        for byte in input where byte >= 0x80 { return .refused(.nonASCII) }
        if let open = input.firstIndex(of: UInt8(ascii: "<")),
            let close = input[(open + 1)...].firstIndex(of: UInt8(ascii: ">"))
        {
            input = UnsafeBufferPointer(rebasing: input[(open + 1)..<close])
        }
        var written = 0
        var index = 0
        while index < input.count {
            let byte = ASCII.lowercased(input[index])
            index += 1
            if byte == UInt8(ascii: "("), let end = atMarkerEnd(input, from: index) {
                output[written] = UInt8(ascii: "@")
                written += 1
                index = end
                continue
            }
            if isEmailCharacter(byte) {
                output[written] = byte
                written += 1
            }
        }
        return written == 0 ? .refused(.emptyAfterNormalization) : .written(written)
    }

    /// After a `(`: where `at)` ends, skipping whitespace between the letters (whitespace is removed before
    /// Operations.java replaces `(at)`, so `( a t )` counts too).
    private static func atMarkerEnd(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        for expected in [UInt8(ascii: "a"), UInt8(ascii: "t"), UInt8(ascii: ")")] {
            while index < input.count, isJavaWhitespace(input[index]) { index += 1 }
            guard index < input.count, ASCII.lowercased(input[index]) == expected else { return nil }
            index += 1
        }
        return index
    }

    /// Java's `\s`: space, tab, LF, VT, FF, CR.
    private static func isJavaWhitespace(_ byte: UInt8) -> Bool { ASCII.isWhitespace(byte) }

    /// Java's `[\w.@-]` on ASCII.
    private static func isEmailCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "@"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
