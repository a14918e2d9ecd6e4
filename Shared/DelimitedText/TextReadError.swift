/// Why text input could not be read. `line` is the physical line (1-based, counting newlines inside quoted
/// fields), `field` the 1-based field number, `offset` the byte offset in the decompressed input.
public struct TextReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A byte after a closing quote other than a delimiter, a line end or (with `doubleQuote`) a quote.
        case characterAfterClosingQuote
        /// The input ended inside a quoted field.
        case unterminatedQuote
        /// The input ended right after an escape byte.
        case danglingEscape
        /// One record exceeded the reader's `maximumRecordBytes` (usually an unterminated quote).
        case recordTooLong
        /// Bytes that are not UTF-8.
        case invalidUTF8
        /// A JSON line that is not one JSON object (the message says what is wrong).
        case invalidJSON(String)
        /// A JSON object names the same key twice.
        case duplicateKey(String)
    }

    public let kind: Kind
    public let line: Int
    public let field: Int
    public let offset: Int64

    public init(kind: Kind, line: Int, field: Int, offset: Int64) {
        self.kind = kind
        self.line = line
        self.field = field
        self.offset = offset
    }

    public var description: String {
        let place = "line \(line), field \(field) (byte \(offset))"
        switch kind {
        case .characterAfterClosingQuote: return "unexpected character after a closing quote at \(place)"
        case .unterminatedQuote: return "quoted field opened at \(place) is never closed"
        case .danglingEscape: return "input ends after an escape character at \(place)"
        case .recordTooLong: return "record starting at \(place) exceeds the record size limit"
        case .invalidUTF8: return "invalid UTF-8 at \(place)"
        case .invalidJSON(let message): return "invalid JSON line at \(place): \(message)"
        case .duplicateKey(let key): return "duplicate key \"\(key)\" at \(place)"
        }
    }
}
