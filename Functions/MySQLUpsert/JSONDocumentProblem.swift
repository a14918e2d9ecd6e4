/// What is wrong with a JSON document the function reads (the routes, a manifest), with the field path:
/// `.routes[0].table: Expected to decode String but found a number instead.`
enum JSONDocumentProblem {
    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            return "\(path(context).isEmpty ? "document" : path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "not valid JSON at \(path(context).isEmpty ? "the top" : path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
