/// Turns a `DecodingError` into one sentence that names the field path, e.g.
/// `Records[3].kinesis.data: expected a string, found a number`.
enum DecodingErrorDescription {
    static func describe<T>(_ error: DecodingError, decoding type: T.Type) -> String {
        let target = String(describing: type)
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the event is not valid JSON for \(target): \(underlying(context))"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): invalid value: \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field is missing"
        case .typeMismatch(let expected, let context):
            return "\(path(context.codingPath)): expected \(describeType(expected)): \(context.debugDescription)"
        case .valueNotFound(let expected, let context):
            return "\(path(context.codingPath)): expected \(describeType(expected)), found null"
        @unknown default:
            return "cannot decode the event as \(target): \(error)"
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        guard !codingPath.isEmpty else { return "(event)" }
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }

    private static func underlying(_ context: DecodingError.Context) -> String {
        if let underlying = context.underlyingError { return "\(context.debugDescription) (\(underlying))" }
        return context.debugDescription
    }

    private static func describeType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return name
        }
    }
}
