/// `JSONReader` for typed decoding: each read names the field's path when the value is missing or of the
/// wrong kind, in the words `Decodable` models use ("expected a string", "required field is missing"), and a
/// grammar error becomes "<document> is not valid JSON (… at byte N)". Paths are built only on failure.
public struct JSONFieldReader {
    public var reader: JSONReader
    /// How errors name the whole document, e.g. "the event".
    public let documentName: String

    public init(_ bytes: UnsafeBufferPointer<UInt8>, documentName: String) {
        reader = JSONReader(bytes)
        self.documentName = documentName
    }

    // MARK: containers

    /// Enters the object at the reader; null or another kind fails at `path`.
    public mutating func object(at path: @autoclosure () -> String) throws(JSONFieldError) -> JSONContainerCursor {
        try expect(.object, "an object", at: path)
        return try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.enterObject() }
    }

    public mutating func array(at path: @autoclosure () -> String) throws(JSONFieldError) -> JSONContainerCursor {
        try expect(.array, "an array", at: path)
        return try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.enterArray() }
    }

    public mutating func nextMember(_ cursor: inout JSONContainerCursor) throws(JSONFieldError) -> JSONStringToken? {
        try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.nextMember(&cursor) }
    }

    public mutating func nextElement(_ cursor: inout JSONContainerCursor) throws(JSONFieldError) -> Bool {
        try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.nextElement(&cursor) }
    }

    /// True when a member name is `name`.
    public func matches(_ token: JSONStringToken, _ name: StaticString) -> Bool {
        reader.matches(token, name)
    }

    // MARK: scalars

    /// A required string.
    public mutating func string(at path: @autoclosure () -> String) throws(JSONFieldError) -> String {
        try expect(.string, "a string", at: path)
        let token = try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.readString() }
        return reader.string(token)
    }

    /// A required string, answered with the `cache`'s String when the text repeats the last one it saw (for
    /// fields such as the region or stream ARN that every record of a batch repeats).
    public mutating func string(at path: @autoclosure () -> String, reusing cache: inout JSONRepeatedString) throws(JSONFieldError) -> String {
        try expect(.string, "a string", at: path)
        let token = try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.readString() }
        return cache.string(for: token, in: reader)
    }

    /// A string or null; nil for null.
    public mutating func optionalString(at path: @autoclosure () -> String, reusing cache: inout JSONRepeatedString) throws(JSONFieldError) -> String? {
        if try isNull() { return nil }
        return try string(at: path(), reusing: &cache)
    }

    /// A required number that a Double holds (`1e999` does not).
    public mutating func double(at path: @autoclosure () -> String) throws(JSONFieldError) -> Double {
        try expect(.number, "a number", at: path)
        let range = try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.readNumber() }
        guard let value = DecimalText.double(reader.bytes, range), value.isFinite else {
            throw JSONFieldError(path: path(), reason: "the number \(reader.text(range).prefix(40)) does not fit a Double")
        }
        return value
    }

    /// An integer that an Int64 holds, or null; nil for null. `1.0` and `1e3` are not integers here.
    public mutating func optionalInt64(at path: @autoclosure () -> String) throws(JSONFieldError) -> Int64? {
        if try isNull() { return nil }
        try expect(.number, "an integer", at: path)
        let range = try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.readNumber() }
        guard let value = DecimalText.int64(reader.bytes, range) else {
            throw JSONFieldError(path: path(), reason: "the number \(reader.text(range).prefix(40)) is not an integer an Int64 holds")
        }
        return value
    }

    /// Skips a value the model does not read (still checking its grammar).
    public mutating func skipValue() throws(JSONFieldError) {
        try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in _ = try reader.skipValue() }
    }

    /// Checks that nothing follows the document's value.
    public mutating func end() throws(JSONFieldError) {
        try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.expectEnd() }
    }

    /// The error for a field the model requires but the document lacks.
    public func missing(_ path: String) -> JSONFieldError {
        JSONFieldError(path: path, reason: "required field is missing")
    }

    // MARK: plumbing

    private mutating func isNull() throws(JSONFieldError) -> Bool {
        try syntax { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.readNullIfPresent() }
    }

    private mutating func expect(_ kind: JSONValueKind, _ name: String, at path: () -> String) throws(JSONFieldError) {
        switch reader.peekKind() {
        case kind?: return
        case .null?: throw JSONFieldError(path: path(), reason: "expected \(name) but found null")
        case .invalid?, nil: throw invalid(reader.fail("expected a value"))
        default: throw JSONFieldError(path: path(), reason: "expected \(name)")
        }
    }

    private mutating func syntax<T>(_ body: (inout JSONReader) throws(JSONSyntaxError) -> T) throws(JSONFieldError) -> T {
        do {
            return try body(&reader)
        } catch {
            throw invalid(error)
        }
    }

    private func invalid(_ error: JSONSyntaxError) -> JSONFieldError {
        JSONFieldError(path: "", reason: "\(documentName) is not valid JSON (\(error))")
    }
}

/// The last string a field held, so a batch that repeats the same text in every record shares one String.
public struct JSONRepeatedString {
    private var token: JSONStringToken?
    private var value = ""

    public init() {}

    mutating func string(for next: JSONStringToken, in reader: JSONReader) -> String {
        if let token, !token.hasEscapes, !next.hasEscapes, Self.equal(token.contentRange, next.contentRange, reader.bytes) {
            return value
        }
        token = next
        value = reader.string(next)
        return value
    }

    private static func equal(_ a: Range<Int>, _ b: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound
        var j = b.lowerBound
        while i < a.upperBound {
            if bytes[i] != bytes[j] { return false }
            i += 1
            j += 1
        }
        return true
    }
}
