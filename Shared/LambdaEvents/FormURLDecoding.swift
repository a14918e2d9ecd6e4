import JSONText
/// Decoding of `application/x-www-form-urlencoded` text, the encoding S3 applies to object keys in event
/// notifications: a space arrives as `+`, a literal `+` as `%2B`, and every other reserved or non-ASCII
/// byte as `%XX` (UTF-8). `/` is left as is.
public enum FormURLDecoding {
    /// Replaces `+` by a space and `%XX` by the byte it names, then reads the bytes as UTF-8.
    ///
    /// Unlike lenient decoders, a `%` that is not followed by two hex digits, or escapes that do not form
    /// valid UTF-8, are errors: guessing would silently address a different object.
    public static func decode(_ encoded: String) throws(FormURLDecodingError) -> String {
        let utf8 = encoded.utf8
        // Fast path: nothing to decode (most keys).
        if !utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) {
            return encoded
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        var offset = 0
        while index != utf8.endIndex {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let first = utf8.index(after: index)
                guard first != utf8.endIndex, let high = HexDigit.value(utf8[first]) else {
                    throw FormURLDecodingError(encoded: encoded, offset: offset, problem: .malformedEscape)
                }
                let second = utf8.index(after: first)
                guard second != utf8.endIndex, let low = HexDigit.value(utf8[second]) else {
                    throw FormURLDecodingError(encoded: encoded, offset: offset, problem: .malformedEscape)
                }
                bytes.append(high << 4 | low)
                index = second
                offset += 2
            default:
                bytes.append(byte)
            }
            index = utf8.index(after: index)
            offset += 1
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw FormURLDecodingError(encoded: encoded, offset: nil, problem: .invalidUTF8)
        }
        return decoded
    }
}

/// A form-encoded string that cannot be decoded; the message names the string and where it went wrong.
public struct FormURLDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// `%` not followed by two hexadecimal digits.
        case malformedEscape
        /// The decoded bytes are not valid UTF-8.
        case invalidUTF8
    }

    /// The text as it arrived.
    public let encoded: String
    /// UTF-8 offset of the offending `%`, when the problem is a single escape.
    public let offset: Int?
    public let problem: Problem

    public init(encoded: String, offset: Int?, problem: Problem) {
        self.encoded = encoded
        self.offset = offset
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .malformedEscape:
            let offset = offset ?? 0
            let escape = String(decoding: encoded.utf8.dropFirst(offset).prefix(3), as: UTF8.self)
            return "malformed percent-escape \"\(escape)\" at byte \(offset) of \"\(encoded)\""
        case .invalidUTF8:
            return "percent-escapes in \"\(encoded)\" do not decode to valid UTF-8"
        }
    }
}
