import AWS
import Parquet

/// A Parquet file in S3 read by ranged GETs pinned to one object version: the reader fetches the footer, then
/// only the column chunks a projection needs. Use it from a thread `BlockingBridge.run` started (the reads block).
public struct S3ParquetSource: ParquetByteSource, Sendable {
    public let object: S3ObjectRangeReader

    public init(object: S3ObjectRangeReader) { self.object = object }

    public var size: Int { object.size }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        try object.read(offset: offset, count: count)
    }
}
