import GA4

/// Where one stream of a fanned-out day stands: the row offset and next file to go on from, the rows it delivered
/// and the objects it wrote, and whether it reached its end. One document per stream (stream invocations run at
/// once and never write each other's); the invocation that finds every stream done finishes the day.
struct ExportStreamCursor: StoredDocument, Sendable, Equatable {
    static let documentName = "export stream cursor"
    static let recovery = "delete the day's cursor.json and streams/ to read the day again"

    var day: ExportDay
    var run: Int64
    var session: String
    var index: Int
    var offset: Int64
    var file: Int
    var rows: Int64
    var keys: [String]
    var done: Bool
    var stoppedAt: String
    var continuations: Int
}
