import HTTP
import Synchronization

/// One version of an S3 object read by byte ranges: the one reader for formats read out of order (Parquet's
/// footer, then column pages) and for chunked reading in order (`chunks(of:)`).
///
/// Every GET carries `If-Match` with the version's ETag, so bytes of two versions are never mixed: an object
/// overwritten or deleted between two ranges fails with status 412 (or 404), `AWSError.objectChanged`. The S3
/// client retries failed requests with the standard strategy and resumes a transfer that breaks midway, pinned
/// to the same ETag; an answer shorter than the range is an error, never partial data.
///
/// `read` is for async code; `blockingRead` and `chunks(of:)` are for readers that pull bytes synchronously
/// (the Parquet reader's byte source, a chunked text reader), called only from a thread `BlockingBridge.run`
/// started, never from Swift's cooperative pool.
public final class S3ObjectRangeReader: Sendable {
    public let s3: S3Client
    public let bucket: String
    public let key: String
    public let eTag: String
    /// The object's length in bytes (from the HEAD that found the ETag).
    public let size: Int
    private let counters = Mutex<(requests: Int, bytes: Int)>((0, 0))

    public init(s3: S3Client, bucket: String, key: String, eTag: String, size: Int) {
        self.s3 = s3
        self.bucket = bucket
        self.key = key
        self.eTag = eTag
        self.size = size
    }

    /// GETs made and bytes received so far, for logs, metrics and tests.
    public var requestCount: Int { counters.withLock { $0.requests } }
    public var bytesFetched: Int { counters.withLock { $0.bytes } }

    public var location: String { "s3://\(bucket)/\(key)" }

    /// Exactly `count` bytes from `offset`, by one ranged GET pinned to `eTag`.
    public func read(offset: Int, count: Int) async throws(AWSError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard offset >= 0, offset <= size - count else {
            throw AWSError(kind: .invalidRequest, service: "S3", operation: "GetObject", code: "InvalidRange",
                           message: "range \(offset)+\(count) is outside the \(size) bytes", resource: location)
        }
        let collector = RangeCollector(capacity: count)
        _ = try await s3.getObject(bucket: bucket, key: key, range: Int64(offset)...Int64(offset + count - 1), ifMatch: eTag, into: collector)
        let bytes = collector.take()
        counters.withLock {
            $0.requests += 1
            $0.bytes += bytes.count
        }
        guard bytes.count == count else {
            throw AWSError(kind: .invalidResponse, service: "S3", operation: "GetObject", code: "ShortRead",
                           message: "got \(bytes.count) of \(count) bytes at \(offset)", resource: location)
        }
        return bytes
    }

    /// `read` for blocking code: waits for the GET on the calling thread (one `BlockingBridge.run` started).
    public func blockingRead(offset: Int, count: Int) throws(AWSError) -> [UInt8] {
        try BlockingBridge.wait { () async throws(AWSError) -> [UInt8] in try await self.read(offset: offset, count: count) }
    }

    /// The object in consecutive pieces of at most `chunkSize` bytes, one ranged GET each, so memory stays at one
    /// piece whatever the object's size.
    public func chunks(of chunkSize: Int) -> Chunks { Chunks(reader: self, chunkSize: max(1, chunkSize)) }

    public struct Chunks {
        let reader: S3ObjectRangeReader
        let chunkSize: Int
        public private(set) var offset = 0

        /// The next piece, or nil at the end (blocking, like `blockingRead`).
        public mutating func next() throws(AWSError) -> [UInt8]? {
            guard offset < reader.size else { return nil }
            let count = min(chunkSize, reader.size - offset)
            let bytes = try reader.blockingRead(offset: offset, count: count)
            offset += count
            return bytes
        }
    }
}

extension AWSError {
    /// The object is no longer the version a pinned read started with: overwritten (412 Precondition Failed on
    /// `If-Match`) or deleted (404). The newer version's own event handles it.
    public var objectChanged: Bool { status == 412 || isNotFound }
}

/// A ranged GET's body, gathered in memory (the range is bounded by the caller). The S3 client's download sink
/// hands over only bytes that belong to the range, resumed attempts included.
private final class RangeCollector: HTTPResponseBodySink {
    private let bytes: Mutex<[UInt8]>

    init(capacity: Int) {
        var storage: [UInt8] = []
        storage.reserveCapacity(capacity)
        bytes = Mutex(storage)
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        bytes.withLock { $0.append(contentsOf: chunk) }
    }

    func take() -> [UInt8] { bytes.withLock { $0 } }
}
