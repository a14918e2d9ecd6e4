#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The sinks' own `write` and `close` methods hide the C functions of the same names.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func posixClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

/// Where a writer's bytes go, in order. The writer hands over whole pages and footers, never single values.
public protocol ParquetSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Keeps the whole file in memory.
public final class MemorySink: ParquetSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public func write(_ bytes: UnsafeRawBufferPointer) {
        self.bytes.append(contentsOf: bytes)
    }
}

/// Writes to a file, created or truncated on open.
public final class FileOutputSink: ParquetSink {
    public let path: String
    private var descriptor: Int32

    public init(path: String) throws(ParquetError) {
        let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw .sinkFailed("cannot create \(path): \(String(cString: strerror(errno)))") }
        self.path = path
        descriptor = opened
    }

    deinit { try? close() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard descriptor >= 0 else { throw ParquetError.sinkFailed("\(path) is closed") }
        var offset = 0
        while offset < bytes.count {
            let written = posixWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw ParquetError.sinkFailed("write to \(path) failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Closes the file; later writes fail.
    public func close() throws {
        guard descriptor >= 0 else { return }
        let result = posixClose(descriptor)
        descriptor = -1
        if result != 0 { throw ParquetError.sinkFailed("closing \(path) failed: \(String(cString: strerror(errno)))") }
    }
}

/// Cuts the output into parts of at least `partSize` bytes, for an S3 multipart upload (every part but the
/// last must be 5 MiB or more). The caller uploads what `takeCompletedParts()` returns between writes and
/// the final part after the writer is closed, so at most a part plus a row group is held in memory.
public final class MultipartSink: ParquetSink {
    public static let minimumPartSize = 5 << 20
    public let partSize: Int
    private var current: [UInt8] = []
    private var completed: [[UInt8]] = []
    public private(set) var totalBytes = 0

    public init(partSize: Int = 8 << 20) throws(ParquetError) {
        guard partSize >= Self.minimumPartSize else {
            throw .invalidOptions("partSize \(partSize) is below S3's 5 MiB minimum part size")
        }
        self.partSize = partSize
        current.reserveCapacity(partSize)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) {
        var remaining = bytes[...]
        while !remaining.isEmpty {
            let take = min(partSize - current.count, remaining.count)
            current.append(contentsOf: remaining.prefix(take))
            remaining = remaining.dropFirst(take)
            if current.count == partSize {
                completed.append(current)
                current = []
                current.reserveCapacity(partSize)
            }
        }
        totalBytes += bytes.count
    }

    /// Parts that are full, in order; each is returned once.
    public func takeCompletedParts() -> [[UInt8]] {
        defer { completed = [] }
        return completed
    }

    /// Every part not yet returned, in order, once the writer is closed: the full ones and then the last,
    /// which may be smaller than 5 MiB.
    public func takeRemainingParts() -> [[UInt8]] {
        var parts = completed
        if !current.isEmpty { parts.append(current) }
        completed = []
        current = []
        return parts
    }
}
