import AWS
import Parquet
import Synchronization

/// A Parquet file in S3 as the reader's byte source: blocking ranged GETs pinned to one object version
/// (`S3ObjectRangeReader.blockingRead`), so the reader fetches the footer, then only the pages of the columns a
/// projection needs. The file's last `tailBytes` are fetched once on the first read there, so the footer's
/// length, the footer and the magic cost one request for most files. Use it from a thread `BlockingBridge.run`
/// started (the reads block).
///
/// The Parquet reader reports a failed read as an unreadable file; the storage error behind it (the object
/// changed, S3 failed) is kept in `storageError` so callers tell the two apart.
public final class S3ParquetSource: ParquetByteSource, Sendable {
    public let object: S3ObjectRangeReader
    public let tailBytes: Int
    private let state = Mutex<(tail: [UInt8]?, error: AWSError?)>((nil, nil))

    public init(object: S3ObjectRangeReader, tailBytes: Int = 64 << 10) {
        self.object = object
        self.tailBytes = max(0, min(tailBytes, object.size))
    }

    public var size: Int { object.size }

    /// The first storage error a read met, if any.
    public var storageError: AWSError? { state.withLock { $0.error } }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        let tailStart = size - tailBytes
        do {
            if tailBytes > 0, offset >= tailStart, count <= size - offset {
                let tail = try state.withLock { $0.tail } ?? {
                    let bytes = try object.blockingRead(offset: tailStart, count: tailBytes)
                    state.withLock { $0.tail = bytes }
                    return bytes
                }()
                return Array(tail[(offset - tailStart)..<(offset - tailStart + count)])
            }
            return try object.blockingRead(offset: offset, count: count)
        } catch let error as AWSError {
            state.withLock { if $0.error == nil { $0.error = error } }
            throw error
        }
    }
}
