import GA4

/// Where a run of one export day stopped at the deadline: its read session (Storage Read) or table (REST), the
/// stream and row offset to go on from, the next file number, the rows each stream delivered and the objects
/// written so far. Stored in S3 under the run; the continuation event only names the day.
struct ExportCursor: StoredDocument, Sendable, Equatable {
    static let documentName = "export cursor"
    static let recovery = "delete it to read the day again"

    var day: ExportDay
    /// `project.dataset.events_YYYYMMDD`.
    var table: String
    /// The table's `lastModifiedTime` and `numRows` when the run began.
    var run: Int64
    var numRows: Int64
    /// `storage` or `rest`.
    var readAPI: String
    /// The Storage Read session and its streams; for REST one stream named `tabledata.list`.
    var session: String?
    var streams: [String]
    var sessionExpiresAt: Int64?
    var avroSchema: String
    /// The stream to read next (index into `streams`), from `offset`, into file number `file`.
    var stream: Int
    var offset: Int64
    var file: Int
    var rowsByStream: [Int64]
    /// Keys written so far under the run (events and hashed tables).
    var keys: [String]
    var stoppedAt: String
    /// Continuations so far: a run that keeps stopping without progress is a failure, not a loop.
    var continuations: Int
    /// True when the day's streams are read by one invocation each (`ExportStreamTask`): this document is then the
    /// plan they share, and each stream's progress is in its own `ExportStreamCursor`.
    var fanOut: Bool?
}
