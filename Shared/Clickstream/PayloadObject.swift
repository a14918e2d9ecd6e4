import JSONText

/// The members of a record's payload, one JSON object, read in one pass with `JSONReader`: the members the
/// clickstream schema knows land in fixed slots (no dictionary, no `String` for their names), every other
/// member is kept as its source text for `extra_fields`. Values are decoded only when the decoder asks.
struct PayloadObject {
    /// The members the schema reads; `eventTime` is the fallback for `timestamp`.
    enum Field: Int, CaseIterable {
        case eventID, sessionID, userID, eventType, pageURL, referrer, timestamp, deviceType, browser, os, country
        case durationMilliseconds, eventTime

        var name: String { staticName.description }

        var staticName: StaticString {
            switch self {
            case .eventID: "event_id"
            case .sessionID: "session_id"
            case .userID: "user_id"
            case .eventType: "event_type"
            case .pageURL: "page_url"
            case .referrer: "referrer"
            case .timestamp: "timestamp"
            case .deviceType: "device_type"
            case .browser: "browser"
            case .os: "os"
            case .country: "country"
            case .durationMilliseconds: "duration_ms"
            case .eventTime: "event_time"
            }
        }

        /// The field a member name stands for, compared on the bytes.
        init?(name: JSONStringToken, in reader: JSONReader) {
            if name.hasEscapes {
                let text = reader.string(name)
                guard let field = Field.allCases.first(where: { $0.name == text }) else { return nil }
                self = field
                return
            }
            let candidates: [Field]
            switch name.contentRange.count {
            case 2: candidates = [.os]
            case 7: candidates = [.userID, .browser, .country]
            case 8: candidates = [.eventID, .pageURL, .referrer]
            case 9: candidates = [.timestamp]
            case 10: candidates = [.sessionID, .eventType, .eventTime]
            case 11: candidates = [.deviceType, .durationMilliseconds]
            default: return nil
            }
            for candidate in candidates where Self.equal(name, candidate.staticName, reader) {
                self = candidate
                return
            }
            return nil
        }

        /// Compares a name token (without escapes, of the candidate's length) with the candidate.
        private static func equal(_ token: JSONStringToken, _ name: StaticString, _ reader: JSONReader) -> Bool {
            let start = token.contentRange.lowerBound
            let expected = name.utf8Start
            for offset in 0..<name.utf8CodeUnitCount where reader.bytes[start + offset] != expected[offset] { return false }
            return true
        }
    }

    /// A member's value: its kind, its source range and, for strings, the token to decode it from.
    struct Value {
        let kind: JSONValueKind
        let source: Range<Int>
        let string: JSONStringToken?
    }

    /// A member the schema does not know.
    struct Extra {
        let name: JSONStringToken
        let value: Range<Int>
    }

    /// Why a payload is not an object of distinct members.
    enum Problem: Error {
        case notJSON(JSONSyntaxError)
        case notAnObject(kind: String)
        case duplicate(String)
    }

    private(set) var values = [Value?](repeating: nil, count: Field.allCases.count)
    private(set) var extras: [Extra] = []

    subscript(field: Field) -> Value? { values[field.rawValue] }

    /// Reads the object that must make up the whole of `reader`'s bytes. The whole text is checked against
    /// the grammar before members are checked for duplicates, so a broken document is "not JSON" first.
    init(reading reader: inout JSONReader) throws(Problem) {
        var duplicate: String?
        var otherKind: String?
        do throws(JSONSyntaxError) {
            if reader.peekKind() == .object {
                try scanMembers(&reader, duplicate: &duplicate)
            } else {
                otherKind = try Self.kindOfOtherValue(&reader)
            }
        } catch {
            throw .notJSON(error)
        }
        if let otherKind { throw .notAnObject(kind: otherKind) }
        if let duplicate { throw .duplicate(duplicate) }
        try Self.checkDistinct(extras, reader)
    }

    private mutating func scanMembers(_ reader: inout JSONReader, duplicate: inout String?) throws(JSONSyntaxError) {
        var object = try reader.enterObject()
        var eventTime: (name: JSONStringToken, value: Value)?
        while let name = try reader.nextMember(&object) {
            let kind = reader.peekKind() ?? .invalid
            var token: JSONStringToken?
            let range: Range<Int>
            if kind == .string {
                let string = try reader.readString()
                token = string
                range = string.sourceRange
            } else {
                range = try reader.skipValue()
            }
            let value = Value(kind: kind, source: range, string: token)
            guard let field = Field(name: name, in: reader) else {
                extras.append(Extra(name: name, value: range))
                continue
            }
            if field == .eventTime {
                if eventTime != nil { duplicate = duplicate ?? field.name }
                eventTime = (name, value)
            } else {
                if values[field.rawValue] != nil { duplicate = duplicate ?? field.name }
                values[field.rawValue] = value
            }
        }
        try reader.expectEnd("the object")
        if let eventTime {
            // `event_time` is the timestamp only when there is no `timestamp`; otherwise it is kept as an
            // unknown member, in its place among them.
            if values[Field.timestamp.rawValue] == nil {
                values[Field.eventTime.rawValue] = eventTime.value
            } else {
                let position = extras.firstIndex { $0.name.start > eventTime.name.start } ?? extras.endIndex
                extras.insert(Extra(name: eventTime.name, value: eventTime.value.source), at: position)
            }
        }
    }

    /// `extra_fields`: the unknown members as one JSON object of their source text; nil when there are none.
    func extraFieldsJSON(_ reader: JSONReader) -> String? {
        guard !extras.isEmpty else { return nil }
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, extra) in extras.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: reader.bytes[extra.name.sourceRange]))
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: reader.bytes[extra.value]))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Unknown members must be distinct too: compared pairwise when there are few, through a set otherwise, so
    /// a payload of a hundred thousand members costs linear time.
    private static func checkDistinct(_ extras: [Extra], _ reader: JSONReader) throws(Problem) {
        guard extras.count > 1 else { return }
        if extras.count <= 8 {
            let names = extras.map { reader.string($0.name) }
            for index in 1..<names.count where names[..<index].contains(names[index]) {
                throw .duplicate(names[index])
            }
            return
        }
        var seen = Set<String>(minimumCapacity: extras.count)
        for extra in extras {
            let name = reader.string(extra.name)
            guard seen.insert(name).inserted else { throw .duplicate(name) }
        }
    }

    /// Names the kind of a top-level value that is not an object, or fails when it is not JSON at all.
    private static func kindOfOtherValue(_ reader: inout JSONReader) throws(JSONSyntaxError) -> String {
        let kind = reader.peekKind()
        try reader.skipValue()
        try reader.expectEnd()
        switch kind {
        case .array: return "an array"
        case .string: return "a string"
        case .bool: return "a boolean"
        case .null: return "null"
        default: return "a number"
        }
    }
}
