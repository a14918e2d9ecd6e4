/// What `tables.get` tells about a table: enough to plan a read and to see whether it changed.
public struct BigQueryTable: Sendable, Equatable {
    public var reference: BigQueryTableReference
    /// Rows and bytes, excluding the streaming buffer.
    public var numRows: Int64
    public var numBytes: Int64
    /// Milliseconds since the epoch; GA4 rewrites a daily table for about three days, moving this.
    public var lastModifiedTime: Int64
    public var creationTime: Int64
    public var etag: String
    public var location: String?
    /// `TABLE`, `VIEW`, …
    public var type: String?
    public var schema: BigQueryTableSchema
    public var streamingBuffer: StreamingBuffer?

    /// Rows written by streaming inserts and not yet in `numRows` (GA4's intraday tables).
    public struct StreamingBuffer: Sendable, Equatable {
        public var estimatedRows: Int64
        public var estimatedBytes: Int64
        /// Milliseconds since the epoch.
        public var oldestEntryTime: Int64?
    }
}

/// The answer of `tables.get`: the table, or that it does not exist yet (GA4 writes `events_YYYYMMDD` after
/// the property's day ends; HTTP 404), which a scheduler treats as "try again next run".
public enum BigQueryTableLookup: Sendable, Equatable {
    case found(BigQueryTable)
    case notExportedYet(BigQueryTableReference)
}
