/// A forward-only reader over the bytes of a JSON document (RFC 8259), for hot paths where `JSONDecoder`'s
/// generic machinery costs more than the work: a 10,000-record Kinesis batch, a record's payload, a
/// 250,000-row GA4 report page. The caller walks the structure it expects (`enterObject` / `nextMember`,
/// `enterArray` / `nextElement`, `readString`, `readNumber`, `skipValue`), so only the values it keeps are
/// ever copied. The per-token steps are `@inlinable` so that decoders in other modules inline them.
///
/// Every token is checked against the grammar; errors name the byte offset. Strings are checked for
/// escapes and control characters, not for UTF-8 validity: callers that need it check the document once, or
/// only the strings they keep (`validatedString`). The reader borrows `bytes`; keep them alive (inside
/// `withUnsafeBufferPointer`) while it is in use.
public struct JSONReader {
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Offset of the next byte to read.
    public var position: Int

    /// Deepest nesting `skipValue` accepts, so a hostile document cannot exhaust the stack.
    public static let maximumDepth = 64

    public init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    // MARK: structure

    /// The kind of the next value, after whitespace, without consuming it; nil at the end of the input.
    @inlinable
    public mutating func peekKind() -> JSONValueKind? {
        skipWhitespace()
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: return .invalid
        }
    }

    /// Consumes `{`; then call `nextMember` until it answers nil.
    @inlinable
    public mutating func enterObject() throws(JSONSyntaxError) -> JSONContainerCursor {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { throw fail("expected an object") }
        position += 1
        return JSONContainerCursor(isObject: true)
    }

    /// Consumes `[`; then call `nextElement` until it answers false.
    @inlinable
    public mutating func enterArray() throws(JSONSyntaxError) -> JSONContainerCursor {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else { throw fail("expected an array") }
        position += 1
        return JSONContainerCursor(isObject: false)
    }

    /// The next member's name, with the reader on its value; nil after the closing `}`.
    @inlinable
    public mutating func nextMember(_ cursor: inout JSONContainerCursor) throws(JSONSyntaxError) -> JSONStringToken? {
        guard try advance(&cursor, close: UInt8(ascii: "}")) else { return nil }
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
        let name = try readString()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        position += 1
        return name
    }

    /// True with the reader on the next element; false after the closing `]`.
    @inlinable
    public mutating func nextElement(_ cursor: inout JSONContainerCursor) throws(JSONSyntaxError) -> Bool {
        try advance(&cursor, close: UInt8(ascii: "]"))
    }

    @inlinable
    mutating func advance(_ cursor: inout JSONContainerCursor, close: UInt8) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw fail(cursor.isObject ? "unterminated object" : "unterminated array") }
        let byte = bytes[position]
        if cursor.started {
            if byte == close {
                position += 1
                return false
            }
            guard byte == UInt8(ascii: ",") else {
                throw fail(cursor.isObject ? "expected ',' or '}'" : "expected ',' or ']'")
            }
            position += 1
        } else {
            cursor.started = true
            if byte == close {
                position += 1
                return false
            }
        }
        return true
    }

    /// Checks that nothing but whitespace follows.
    public mutating func expectEnd(_ what: String = "the value") throws(JSONSyntaxError) {
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected text after \(what)") }
    }

    // MARK: values

    /// Reads a string literal (the reader on its opening quote, after whitespace).
    @inlinable
    public mutating func readString() throws(JSONSyntaxError) -> JSONStringToken {
        skipWhitespace()
        let start = position
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a string") }
        position += 1
        var hasEscapes = false
        while true {
            skipPlainStringBytes()
            guard position < bytes.count else { throw fail("unterminated string", at: start) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return JSONStringToken(start: start, end: position, hasEscapes: hasEscapes)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                try checkEscape()
                continue
            }
            throw fail("control character in a string")
        }
    }

    /// Reads a number and returns its source text's byte range, checked against the grammar.
    public mutating func readNumber() throws(JSONSyntaxError) -> Range<Int> {
        skipWhitespace()
        let start = position
        if peekByte() == UInt8(ascii: "-") { position += 1 }
        guard let first = peekByte(), Self.isDigit(first) else { throw fail("invalid number", at: start) }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peekByte() == UInt8(ascii: ".") {
            position += 1
            guard let byte = peekByte(), Self.isDigit(byte) else { throw fail("invalid number", at: start) }
            skipDigits()
        }
        if let byte = peekByte(), byte | 0x20 == UInt8(ascii: "e") {
            position += 1
            if let sign = peekByte(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            guard let byte = peekByte(), Self.isDigit(byte) else { throw fail("invalid number", at: start) }
            skipDigits()
        }
        return start..<position
    }

    /// Reads `true` or `false`.
    public mutating func readBool() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if peekByte() == UInt8(ascii: "t") {
            try readLiteral("true")
            return true
        }
        try readLiteral("false")
        return false
    }

    /// Consumes `null` if it is next (after whitespace); false, consuming nothing, otherwise.
    @inlinable
    public mutating func readNullIfPresent() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard peekByte() == UInt8(ascii: "n") else { return false }
        try readLiteral("null")
        return true
    }

    /// Skips one value of any kind, checking it, and returns its source byte range.
    @discardableResult
    public mutating func skipValue(depth: Int = 1) throws(JSONSyntaxError) -> Range<Int> {
        guard let kind = peekKind() else { throw fail("expected a value") }
        let start = position
        switch kind {
        case .string: _ = try readString()
        case .number: _ = try readNumber()
        case .bool: _ = try readBool()
        case .null: try readLiteral("null")
        case .object, .array:
            guard depth < Self.maximumDepth else { throw fail("nesting deeper than \(Self.maximumDepth) levels") }
            if kind == .object {
                var cursor = try enterObject()
                while try nextMember(&cursor) != nil { try skipValue(depth: depth + 1) }
            } else {
                var cursor = try enterArray()
                while try nextElement(&cursor) { try skipValue(depth: depth + 1) }
            }
        case .invalid: throw fail("unexpected character")
        }
        return start..<position
    }

    // MARK: decoding tokens

    /// The decoded text of a string token.
    public func string(_ token: JSONStringToken) -> String {
        if !token.hasEscapes {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[token.contentRange]), as: UTF8.self)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(token.contentRange.count)
        appendDecoded(token, to: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// The decoded text of a string token, or nil when its bytes are not valid UTF-8 (`string(_:)` would
    /// repair them). For decoders that keep a few strings of a large document and check only those.
    public func validatedString(_ token: JSONStringToken) -> String? {
        if !token.hasEscapes {
            let content = UnsafeBufferPointer(rebasing: bytes[token.contentRange])
            // ASCII, the usual case, is valid as it stands, and the generic validator costs far more than this.
            if content.reduce(0, |) < 0x80 { return String(decoding: content, as: UTF8.self) }
            return String(validating: content, as: UTF8.self)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(token.contentRange.count)
        appendDecoded(token, to: &decoded)
        return String(validating: decoded, as: UTF8.self)
    }

    /// Appends the decoded bytes of a string token (escapes resolved; the token was checked by `readString`).
    public func appendDecoded(_ token: JSONStringToken, to out: inout [UInt8]) {
        let content = token.contentRange
        if !token.hasEscapes {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[content]))
            return
        }
        var index = content.lowerBound
        while index < content.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            let kind = bytes[index + 1]
            index += 2
            switch kind {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at: index)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex4(at: index + 2) - 0xDC00)
                    index += 6
                }
                appendUTF8(scalar, to: &out)
            default: out.append(kind)  // '"', '\\' and '/' stand for themselves
            }
        }
    }

    /// True when the token's decoded text equals `name` (ASCII, no escapes needed), without decoding it.
    /// Inlined so that the name's length and bytes are constants at the call site.
    @inlinable @inline(__always)
    public func matches(_ token: JSONStringToken, _ name: StaticString) -> Bool {
        let content = token.contentRange
        guard !token.hasEscapes, content.count == name.utf8CodeUnitCount else {
            return token.hasEscapes && string(token) == name.description
        }
        return equalBytes(at: content.lowerBound, name)
    }

    @inlinable @inline(__always)
    func equalBytes(at start: Int, _ word: StaticString) -> Bool {
        let expected = word.utf8Start
        for offset in 0..<word.utf8CodeUnitCount where bytes[start + offset] != expected[offset] { return false }
        return true
    }

    // MARK: scanning

    /// Skips spaces, tabs and line breaks.
    @inlinable @inline(__always)
    public mutating func skipWhitespace() {
        // Most calls stand on a token already; only a run of whitespace pays for the loop.
        guard position < bytes.count, bytes[position] <= 0x20 else { return }
        skipWhitespaceRun()
    }

    /// Skips whitespace, the spaces that indent pretty-printed lines eight bytes per step.
    @usableFromInline
    mutating func skipWhitespaceRun() {
        let spaces: UInt64 = 0x2020_2020_2020_2020
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x20, position + 8 <= bytes.count {
                // The xor is zero in every space; the lowest nonzero byte is the first that is not one.
                let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt64.self))
                let different = word ^ spaces
                position += different == 0 ? 8 : different.trailingZeroBitCount / 8
                continue
            }
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    @inlinable
    func peekByte() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    @inlinable
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private mutating func skipDigits() {
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    }

    /// Advances over string bytes that need no attention: not `"`, not `\`, not a control character.
    /// Eight bytes per step while they fit, since payload strings (base64 data) run to hundreds of bytes.
    @inlinable
    mutating func skipPlainStringBytes() {
        let base = bytes.baseAddress!
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while position + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // A byte is flagged when it is zero after the xor (quote, backslash) or below 0x20; bytes ≥ 0x80
            // are excluded by `& ~word`, so UTF-8 text never trips the control test.
            let flags = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- ones &* 0x20) & ~word) & highs
            if flags != 0 {
                position += flags.trailingZeroBitCount / 8
                return
            }
            position += 8
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return }
            position += 1
        }
    }

    @usableFromInline
    mutating func checkEscape() throws(JSONSyntaxError) {
        let start = position
        position += 1
        guard let byte = peekByte() else { throw fail("unterminated escape", at: start) }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let scalar = try readHex4(escapeStart: start)
            if (0xD800...0xDBFF).contains(scalar) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw fail("unpaired surrogate escape", at: start)
                }
                position += 2
                let low = try readHex4(escapeStart: start)
                guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate escape", at: start) }
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw fail("unpaired surrogate escape", at: start)
            }
        default:
            throw fail("invalid escape", at: start)
        }
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("truncated \\u escape", at: escapeStart) }
        for offset in 0..<4 where HexDigit.value(bytes[position + offset]) == nil {
            throw fail("invalid \\u escape", at: escapeStart)
        }
        defer { position += 4 }
        return hex4(at: position)
    }

    /// The value of four hex digits already checked by `readHex4`.
    private func hex4(at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 { value = value << 4 | UInt32(HexDigit.value(bytes[index + offset]) ?? 0) }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            out.append(UInt8(scalar))
        case ..<0x800:
            out.append(0xC0 | UInt8(scalar >> 6))
            out.append(0x80 | UInt8(scalar & 0x3F))
        case ..<0x10000:
            out.append(0xE0 | UInt8(scalar >> 12))
            out.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            out.append(0x80 | UInt8(scalar & 0x3F))
        default:
            out.append(0xF0 | UInt8(scalar >> 18))
            out.append(0x80 | UInt8(scalar >> 12 & 0x3F))
            out.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            out.append(0x80 | UInt8(scalar & 0x3F))
        }
    }

    @usableFromInline
    mutating func readLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("truncated literal") }
        guard equalBytes(at: position, word) else { throw fail("invalid literal") }
        position += count
    }

    public func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: offset ?? position)
    }
}

/// Where a reader is inside an object or array: whether the first member or element has been read.
public struct JSONContainerCursor {
    @usableFromInline let isObject: Bool
    @usableFromInline var started = false

    @usableFromInline init(isObject: Bool) {
        self.isObject = isObject
    }
}

/// The kind of the next value, as its first byte tells.
public enum JSONValueKind: Sendable, Equatable {
    case string, number, bool, null, object, array
    /// A byte no JSON value starts with.
    case invalid
}

/// A string literal in the source: its byte range including the quotes, and whether it has escapes (when
/// it has none, its bytes are its text).
public struct JSONStringToken: Sendable, Equatable {
    public let start: Int
    public let end: Int
    public let hasEscapes: Bool

    @usableFromInline init(start: Int, end: Int, hasEscapes: Bool) {
        self.start = start
        self.end = end
        self.hasEscapes = hasEscapes
    }

    /// The bytes between the quotes.
    public var contentRange: Range<Int> { (start + 1)..<(end - 1) }
    /// The literal with its quotes, as in the source.
    public var sourceRange: Range<Int> { start..<end }
}

/// A document that breaks the JSON grammar, with the byte offset where it does.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public let offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at byte \(offset)" }
}
