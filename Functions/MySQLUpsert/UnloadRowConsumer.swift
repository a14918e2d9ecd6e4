import MySQL

/// Where a format reader sends what it reads: the column names once, before the first row, then each row (or the
/// reason a line could not become a row). Positions are 1-based physical lines for text, row numbers for Parquet.
protocol UnloadRowConsumer: AnyObject {
    func begin(columns: [String]) throws
    func row(_ values: [UpsertValue], position: Int) throws
    func reject(position: Int, reason: String, fields: [UpsertValue]) throws
}

/// Bytes of one input in order, a piece at a time (an S3 object by ranged GETs, an array in tests).
protocol ByteChunkSource {
    mutating func nextChunk() throws -> [UInt8]?
}

/// What a reader saw besides the rows.
struct UnloadReadStatistics: Sendable, Equatable {
    /// Data records (lines or Parquet rows), rejected ones included.
    var records = 0
    /// Header lines (counted by a VERBOSE manifest's record_count).
    var headerLines = 0
    /// `none`, `gzip`, `zstd`, `bzip2`, or `parquet`.
    var encoding = "none"
}
