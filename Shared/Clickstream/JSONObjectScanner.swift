/// Reads one JSON object (RFC 8259) from a record's bytes: its members in order, each with the decoded value
/// when it is a scalar and the exact source text of the value, so fields the schema does not know can be kept
/// verbatim. Nested objects and arrays are checked but not decoded. Every error names the byte offset.
///
/// Hand-written rather than a `JSONDecoder` round trip: a record is scanned once, unknown fields cost no
/// allocation beyond their text, and a 10,000-record batch stays well under the time budget.
struct JSONObjectScanner {
    /// A member's value: decoded for scalars, kind only for containers.
    enum Value: Equatable {
        case string(String)
        /// The number's source text, already checked against the JSON grammar.
        case number(Substring)
        case bool(Bool)
        case null
        case object
        case array
    }

    struct Member {
        let name: String
        let value: Value
        /// The member's name, quotes and escapes included, as it appears in the source.
        let rawName: Substring
        /// The value's source text.
        let rawValue: Substring
    }

    struct ScanError: Error, Equatable, CustomStringConvertible {
        let message: String
        let offset: Int
        var description: String { "\(message) at byte \(offset)" }
    }

    /// Deepest nesting accepted inside a value, so a hostile record cannot exhaust the stack.
    static let maximumDepth = 64

    private let text: String
    private let bytes: [UInt8]
    private var position = 0

    /// - Parameter text: the record, already known to be valid UTF-8.
    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// The members of the top-level object, in source order. Anything else at the top level is an error.
    mutating func members() throws(ScanError) -> [Member] {
        skipWhitespace()
        guard position < bytes.count else { throw fail("empty document") }
        guard bytes[position] == UInt8(ascii: "{") else {
            // Valid JSON of another kind is "not an object"; anything else is a syntax error.
            let start = position
            let kind: String
            switch try value(depth: 1) {
            case .array: kind = "an array"
            case .string: kind = "a string"
            case .bool: kind = "a boolean"
            case .null: kind = "null"
            case .number: kind = "a number"
            case .object: kind = "an object"
            }
            skipWhitespace()
            guard position == bytes.count else { throw fail("unexpected text after the value") }
            throw fail("expected a JSON object, found \(kind)", at: start)
        }
        position += 1
        var members: [Member] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                let nameStart = position
                let name = try string()
                let rawName = slice(nameStart, position)
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw fail("expected ':' after member \"\(name)\"") }
                position += 1
                skipWhitespace()
                let valueStart = position
                let value = try value(depth: 1)
                members.append(Member(name: name, value: value, rawName: rawName, rawValue: slice(valueStart, position)))
                skipWhitespace()
                guard let next = peek() else { throw fail("unterminated object") }
                position += 1
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else { throw fail("expected ',' or '}'", at: position - 1) }
            }
        }
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected text after the object") }
        return members
    }

    // MARK: values

    private mutating func value(depth: Int) throws(ScanError) -> Value {
        guard let byte = peek() else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw fail("nesting deeper than \(Self.maximumDepth) levels") }
            try container(depth: depth)
            return byte == UInt8(ascii: "{") ? .object : .array
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            try number()
            return .number(slice(start, position))
        default:
            throw fail("unexpected character")
        }
    }

    /// Checks an object or array without keeping its contents.
    private mutating func container(depth: Int) throws(ScanError) {
        let isObject = bytes[position] == UInt8(ascii: "{")
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        position += 1
        skipWhitespace()
        if peek() == close {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            if isObject {
                guard peek() == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                _ = try string()
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw fail("expected ':'") }
                position += 1
                skipWhitespace()
            }
            _ = try value(depth: depth + 1)
            skipWhitespace()
            guard let next = peek() else { throw fail(isObject ? "unterminated object" : "unterminated array") }
            position += 1
            if next == close { return }
            guard next == UInt8(ascii: ",") else { throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))'", at: position - 1) }
        }
    }

    private mutating func literal(_ word: StaticString) throws(ScanError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("truncated literal") }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] {
            throw fail("invalid literal")
        }
        position += count
    }

    private mutating func number() throws(ScanError) {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), isDigit(first) else { throw fail("invalid number", at: start) }
        position += 1
        if first != UInt8(ascii: "0") {
            while let byte = peek(), isDigit(byte) { position += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let byte = peek(), isDigit(byte) else { throw fail("invalid number", at: start) }
            while let byte = peek(), isDigit(byte) { position += 1 }
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            position += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            guard let byte = peek(), isDigit(byte) else { throw fail("invalid number", at: start) }
            while let byte = peek(), isDigit(byte) { position += 1 }
        }
    }

    /// Reads a string literal at `position` (on its opening quote) and returns its decoded text.
    private mutating func string() throws(ScanError) -> String {
        let start = position
        position += 1
        var runStart = position
        var decoded: [UInt8]?
        while true {
            guard position < bytes.count else { throw fail("unterminated string", at: start) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let result: String
                if var pending = decoded {
                    pending.append(contentsOf: bytes[runStart..<position])
                    result = String(decoding: pending, as: UTF8.self)
                } else {
                    result = String(slice(runStart, position))
                }
                position += 1
                return result
            }
            if byte < 0x20 { throw fail("control character in a string") }
            if byte == UInt8(ascii: "\\") {
                var pending = decoded ?? []
                pending.append(contentsOf: bytes[runStart..<position])
                try escape(into: &pending)
                decoded = pending
                runStart = position
                continue
            }
            position += 1
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(ScanError) {
        let start = position
        position += 1
        guard let byte = peek() else { throw fail("unterminated escape", at: start) }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(escapeStart: start)
            if (0xD800...0xDBFF).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw fail("unpaired surrogate escape", at: start)
                }
                position += 2
                let low = try hex4(escapeStart: start)
                guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate escape", at: start) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw fail("unpaired surrogate escape", at: start)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape", at: start) }
            out.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw fail("invalid escape", at: start)
        }
    }

    private mutating func hex4(escapeStart: Int) throws(ScanError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("truncated \\u escape", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    // MARK: plumbing

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The source text between two byte offsets; both lie on character boundaries of valid UTF-8.
    private func slice(_ start: Int, _ end: Int) -> Substring {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(lower, offsetBy: end - start)
        return text[lower..<upper]
    }

    private func fail(_ message: String, at offset: Int? = nil) -> ScanError {
        ScanError(message: message, offset: offset ?? position)
    }
}
