import HTTP
import Synchronization

/// Random access to one version of an S3 object by ranged GETs, for formats read from the end (Parquet's footer,
/// then one column chunk at a time). Every GET carries the version's ETag in `If-Match`, so an overwrite
/// between two ranges fails with 412 instead of mixing versions.
///
/// Reads are synchronous (`read(offset:count:)`, the shape of `ParquetByteSource`, which a function declares
/// this type conforms to) and served from blocks loaded beforehand with `fetch(offset:count:keep:)`: `keep`
/// blocks (the head and footer) stay for the whole read, every other fetch replaces the one block before it.
/// Memory is therefore the footer plus one column chunk, whatever the file size. A read outside the loaded
/// blocks throws `NotFetched`: a caller that forgot a fetch gets an error, never a silent extra request.
public final class S3RangedByteSource {
    public let bucket: String
    public let key: String
    public let eTag: String
    /// The object's length in bytes (from the HEAD that found the ETag).
    public let size: Int
    /// GETs made and bytes received, for metrics and tests.
    public private(set) var requestCount = 0
    public private(set) var bytesFetched = 0

    private let s3: S3Client
    private var kept: [Block] = []
    private var current: Block?

    private struct Block {
        var offset: Int
        var bytes: [UInt8]

        func covers(_ offset: Int, _ count: Int) -> Bool { offset >= self.offset && offset + count <= self.offset + bytes.count }
    }

    /// A read of a range no fetch loaded.
    public struct NotFetched: Error, CustomStringConvertible {
        public let offset: Int
        public let count: Int
        public var description: String { "bytes \(offset)+\(count) were not fetched before they were read" }
    }

    public init(s3: S3Client, bucket: String, key: String, eTag: String, size: Int) {
        self.s3 = s3
        self.bucket = bucket
        self.key = key
        self.eTag = eTag
        self.size = size
    }

    /// Loads `count` bytes at `offset` (clamped to the object) unless a loaded block already holds them.
    /// A 412 means the object is no longer the version `eTag` names.
    public func fetch(offset: Int, count: Int, keep: Bool) async throws(AWSError) {
        let start = max(0, min(offset, size)), end = max(start, min(offset + count, size))
        guard end > start, !(kept.contains { $0.covers(start, end - start) } || current?.covers(start, end - start) == true) else { return }
        if !keep { current = nil }  // the previous chunk's memory goes before the next one arrives
        let collector = ByteCollector(capacity: end - start)
        _ = try await s3.getObject(bucket: bucket, key: key, range: Int64(start)...Int64(end - 1), ifMatch: eTag, into: collector)
        let bytes = collector.take()
        requestCount += 1
        bytesFetched += bytes.count
        guard bytes.count == end - start else {
            throw AWSError(kind: .invalidResponse, service: "S3", operation: "GetObject", code: "ShortRange",
                           message: "asked for \(end - start) bytes at \(start), received \(bytes.count)", resource: "s3://\(bucket)/\(key)")
        }
        if keep { kept.append(Block(offset: start, bytes: bytes)) } else { current = Block(offset: start, bytes: bytes) }
    }

    /// Exactly `count` bytes at `offset`, from the loaded blocks.
    public func read(offset: Int, count: Int) throws -> [UInt8] {
        for block in kept + (current.map { [$0] } ?? []) where block.covers(offset, count) {
            let start = offset - block.offset
            return Array(block.bytes[start..<start + count])
        }
        throw NotFetched(offset: offset, count: count)
    }
}

/// A ranged GET's body, gathered in memory (the range is bounded by the caller).
private final class ByteCollector: HTTPResponseBodySink {
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
