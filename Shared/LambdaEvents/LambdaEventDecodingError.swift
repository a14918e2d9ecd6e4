/// An event that could not be decoded, with the path of the field that failed
/// (`Records[3].kinesis.data`) and why.
public struct LambdaEventDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The model that was being decoded, e.g. `KinesisEvent`.
    public let eventType: String
    /// Dotted path of the failing field, with array indices in brackets; empty for the whole document.
    public let path: String
    /// What was wrong there.
    public let reason: String

    public init(eventType: String, path: String, reason: String) {
        self.eventType = eventType
        self.path = path
        self.reason = reason
    }

    /// Translates a `DecodingError` into a path and a sentence.
    public init(eventType: String, decodingError: DecodingError) {
        let codingPath: [any CodingKey]
        let reason: String
        switch decodingError {
        case .keyNotFound(let key, let context):
            codingPath = context.codingPath + [key]
            reason = "required field is missing"
        case .valueNotFound(let type, let context):
            codingPath = context.codingPath
            reason = "expected \(Self.jsonKind(of: type)) but found null"
        case .typeMismatch(let type, let context):
            codingPath = context.codingPath
            reason = "expected \(Self.jsonKind(of: type))"
        case .dataCorrupted(let context):
            codingPath = context.codingPath
            // The models report their own corruptions at a field, so a path-less one is the JSON parser's.
            if codingPath.isEmpty {
                reason = "the event is not valid JSON" + (context.underlyingError.map { " (\($0))" } ?? "")
            } else {
                reason = context.debugDescription
            }
        @unknown default:
            codingPath = []
            reason = String(describing: decodingError)
        }
        self.init(eventType: eventType, path: Self.format(codingPath), reason: reason)
    }

    public var description: String {
        path.isEmpty ? "\(eventType): \(reason)" : "\(eventType): \(path): \(reason)"
    }

    /// `[Records, Index 3, kinesis, data]` → `Records[3].kinesis.data`.
    public static func format(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }

    private static func jsonKind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") { return "an array" }
            if name.hasPrefix("Dictionary<") || name.hasSuffix("CodingKeys") { return "an object" }
            return "\(name) (an object)"
        }
    }
}
