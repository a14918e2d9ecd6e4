import HTTP

/// Blocking reads of one S3 object version by byte range: every GET carries `If-Match` with the version's ETag,
/// so bytes of two versions are never mixed (an overwrite mid-read fails with status 412). For readers that pull
/// bytes synchronously (the Parquet reader's byte source, a chunked text reader); call it only from a thread
/// `BlockingBridge.run` started.
public final class S3ObjectRangeReader: Sendable {
    public let s3: S3Client
    public let bucket: String
    public let key: String
    public let eTag: String
    /// The object's length in bytes (from HEAD).
    public let size: Int

    public init(s3: S3Client, bucket: String, key: String, eTag: String, size: Int) {
        self.s3 = s3
        self.bucket = bucket
        self.key = key
        self.eTag = eTag
        self.size = size
    }

    /// Exactly `count` bytes from `offset` (one ranged GET; the client resumes a broken transfer).
    public func read(offset: Int, count: Int) throws(AWSError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard offset >= 0, offset <= size - count else {
            throw AWSError(kind: .invalidRequest, service: "S3", operation: "GetObject", code: "InvalidRange",
                           message: "range \(offset)+\(count) is outside the \(size) bytes", resource: "s3://\(bucket)/\(key)")
        }
        let sink = CollectingBodySink(capacity: count)
        let range = Int64(offset)...Int64(offset + count - 1)
        let (s3, bucket, key, eTag) = (self.s3, self.bucket, self.key, self.eTag)
        _ = try BlockingBridge.wait { () async throws(AWSError) -> S3ObjectInfo in
            try await s3.getObject(bucket: bucket, key: key, range: range, ifMatch: eTag, into: sink)
        }
        let bytes = sink.bytes
        guard bytes.count == count else {
            throw AWSError(kind: .invalidResponse, service: "S3", operation: "GetObject", code: "ShortRead",
                           message: "got \(bytes.count) of \(count) bytes at \(offset)", resource: "s3://\(bucket)/\(key)")
        }
        return bytes
    }

    /// The object in consecutive pieces of at most `chunkSize` bytes, one ranged GET each, so memory stays at one
    /// piece whatever the object's size.
    public func chunks(of chunkSize: Int) -> Chunks { Chunks(reader: self, chunkSize: max(1, chunkSize)) }

    public struct Chunks {
        let reader: S3ObjectRangeReader
        let chunkSize: Int
        public private(set) var offset = 0

        /// The next piece, or nil at the end.
        public mutating func next() throws(AWSError) -> [UInt8]? {
            guard offset < reader.size else { return nil }
            let count = min(chunkSize, reader.size - offset)
            let bytes = try reader.read(offset: offset, count: count)
            offset += count
            return bytes
        }
    }
}

/// Keeps a (bounded) response body in memory. `@unchecked Sendable`: the HTTP client writes from its transfer
/// thread one call at a time, and the reader looks at the bytes only after the transfer finished.
final class CollectingBodySink: HTTPResponseBodySink, @unchecked Sendable {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    func responseStarted(status: Int, headers: HTTPHeaders) throws {
        // A resumed attempt starts where the last one stopped; a fresh full answer replaces what was kept.
        if status == 200 { bytes.removeAll(keepingCapacity: true) }
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        bytes.append(contentsOf: chunk)
    }
}
