#if canImport(Glibc)
import JSONText
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only reader of JSON text in a byte buffer, for the purpose-built Data API decoders.
///
/// It hands out keys and strings as byte ranges, so a decoder compares keys without making `String`s and
/// creates values only for what it keeps. It checks the grammar it walks through (strings, numbers,
/// literals, nesting); errors name the byte offset. The buffer must outlive the scanner.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    struct Failure: Error {
        var offset: Int
        var message: String
    }

    /// A JSON string as it stands in the buffer, without its quotes.
    struct RawString {
        var range: Range<Int>
        var hasEscapes: Bool
    }

    // MARK: structure

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// The next significant byte, without consuming it.
    mutating func peek() throws(Failure) -> UInt8 {
        skipWhitespace()
        guard position < bytes.count else { throw fail("unexpected end of the document") }
        return bytes[position]
    }

    mutating func expect(_ byte: UInt8) throws(Failure) {
        let found = try peek()
        guard found == byte else {
            throw fail("expected '\(Character(Unicode.Scalar(byte)))' but found \(Self.describe(found))")
        }
        position += 1
    }

    /// Consumes `{` and returns the first key, or nil for `{}`.
    mutating func firstKey() throws(Failure) -> RawString? {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            position += 1
            return nil
        }
        return try key()
    }

    /// After a member's value: consumes `,` and returns the next key, or consumes `}` and returns nil.
    mutating func nextKey() throws(Failure) -> RawString? {
        switch try peek() {
        case UInt8(ascii: ","):
            position += 1
            return try key()
        case UInt8(ascii: "}"):
            position += 1
            return nil
        case let other:
            throw fail("expected ',' or '}' after an object member but found \(Self.describe(other))")
        }
    }

    private mutating func key() throws(Failure) -> RawString {
        let name = try rawString()
        try expect(UInt8(ascii: ":"))
        return name
    }

    /// Consumes `[`; returns false (having consumed `]`) for an empty array.
    mutating func beginArray() throws(Failure) -> Bool {
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") {
            position += 1
            return false
        }
        return true
    }

    /// After an element: consumes `,` and returns true, or consumes `]` and returns false.
    mutating func nextElement() throws(Failure) -> Bool {
        switch try peek() {
        case UInt8(ascii: ","):
            position += 1
            return true
        case UInt8(ascii: "]"):
            position += 1
            return false
        case let other:
            throw fail("expected ',' or ']' after an array element but found \(Self.describe(other))")
        }
    }

    /// True (and consumed) if the next value is `null`.
    mutating func consumeNull() throws(Failure) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    // MARK: strings

    /// Reads a string and returns where its content lies, leaving escapes undecoded.
    mutating func rawString() throws(Failure) -> RawString {
        try expect(UInt8(ascii: "\""))
        let start = position
        var hasEscapes = false
        guard let base = bytes.baseAddress else { throw fail("unterminated string") }
        while true {
            // memchr is vectorised; strings are mostly long runs without quotes or backslashes.
            guard let found = memchr(base + position, Int32(UInt8(ascii: "\"")), bytes.count - position) else {
                throw Failure(offset: start - 1, message: "unterminated string")
            }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memchr(base + position, Int32(UInt8(ascii: "\\")), quote - position) == nil {
                position = quote + 1
                return RawString(range: start..<quote, hasEscapes: hasEscapes)
            }
            // A backslash before the quote: walk escapes one by one up to the real end of the string.
            hasEscapes = true
            while position < quote {
                if bytes[position] == UInt8(ascii: "\\") {
                    position += 2
                } else {
                    position += 1
                }
            }
            if position == quote {
                position = quote + 1
                return RawString(range: start..<quote, hasEscapes: true)
            }
            // The quote was escaped (position is now past it); search again from here.
        }
    }

    /// Reads a string value.
    mutating func string() throws(Failure) -> String {
        try makeString(try rawString())
    }

    /// Decodes the content of a raw string: validates UTF-8 and resolves escapes.
    func makeString(_ raw: RawString) throws(Failure) -> String {
        let content = UnsafeBufferPointer(rebasing: bytes[raw.range])
        if !raw.hasEscapes {
            guard let text = String(validating: content, as: UTF8.self) else {
                throw Failure(offset: raw.range.lowerBound, message: "string is not valid UTF-8")
            }
            return text
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(content.count)
        var index = raw.range.lowerBound
        let end = raw.range.upperBound
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 1 < end else { throw Failure(offset: index, message: "dangling backslash in string") }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard index + 6 <= end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw Failure(offset: index, message: "unpaired surrogate in \\u escape")
                    }
                    let low = try hex4(at: index + 2)
                    guard (0xDC00..<0xE000).contains(low) else {
                        throw Failure(offset: index, message: "invalid low surrogate in \\u escape")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw Failure(offset: index - 6, message: "unpaired low surrogate in \\u escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else {
                    throw Failure(offset: index - 6, message: "invalid \\u escape")
                }
                decoded.append(contentsOf: UTF8.encode(unicode)!)
            default:
                throw Failure(offset: index - 2, message: "invalid escape \\\(Character(Unicode.Scalar(escape)))")
            }
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw Failure(offset: raw.range.lowerBound, message: "string is not valid UTF-8")
        }
        return text
    }

    private func hex4(at index: Int) throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Failure(offset: index, message: "truncated \\u escape") }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure(offset: index + offset, message: "invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// True if the raw string (without escapes) spells `text`.
    func equals(_ raw: RawString, _ text: StaticString) -> Bool {
        guard !raw.hasEscapes, raw.range.count == text.utf8CodeUnitCount else { return false }
        return memcmp(bytes.baseAddress! + raw.range.lowerBound, text.utf8Start, raw.range.count) == 0
    }

    // MARK: numbers and literals

    /// Reads a JSON number, or a string holding one (proto3 JSON writes int64 as strings), as Int64.
    mutating func int64() throws(Failure) -> Int64 {
        if try peek() == UInt8(ascii: "\"") {
            let raw = try rawString()
            guard let value = DecimalText.int64(bytes, raw.range) else {
                throw Failure(offset: raw.range.lowerBound, message: "expected an integer in quotes")
            }
            return value
        }
        let range = try numberRange()
        guard let value = DecimalText.int64(bytes, range) else {
            throw Failure(offset: range.lowerBound, message: "expected an integer")
        }
        return value
    }

    /// Reads a JSON number, or a string holding one, as Double.
    mutating func double() throws(Failure) -> Double {
        let range: Range<Int>
        if try peek() == UInt8(ascii: "\"") {
            range = try rawString().range
        } else {
            range = try numberRange()
        }
        guard let value = DecimalText.double(bytes, range) else {
            throw Failure(offset: range.lowerBound, message: "expected a number")
        }
        return value
    }

    mutating func bool() throws(Failure) -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        case let other:
            throw fail("expected true or false but found \(Self.describe(other))")
        }
    }

    private mutating func numberRange() throws(Failure) -> Range<Int> {
        skipWhitespace()
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                UInt8(ascii: "e"), UInt8(ascii: "E"):
                position += 1
            default:
                guard position > start else {
                    throw fail("expected a number but found \(Self.describe(bytes[position]))")
                }
                return start..<position
            }
        }
        guard position > start else { throw fail("unexpected end of the document") }
        return start..<position
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
            memcmp(bytes.baseAddress! + position, word.utf8Start, count) == 0
        else { throw fail("expected \(word)") }
        position += count
    }

    /// Skips one value of any kind, checking its grammar.
    mutating func skipValue() throws(Failure) {
        switch try peek() {
        case UInt8(ascii: "\""):
            _ = try rawString()
        case UInt8(ascii: "{"):
            var key = try firstKey()
            while key != nil {
                try skipValue()
                key = try nextKey()
            }
        case UInt8(ascii: "["):
            if try beginArray() {
                repeat { try skipValue() } while try nextElement()
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try bool()
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            let range = try numberRange()
            guard DecimalText.double(bytes, range) != nil else {
                throw Failure(offset: range.lowerBound, message: "invalid number")
            }
        }
    }

    /// Consumes the rest of the document, which may only be whitespace.
    mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected content after the document") }
    }

    func fail(_ message: String) -> Failure {
        Failure(offset: position, message: message)
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
