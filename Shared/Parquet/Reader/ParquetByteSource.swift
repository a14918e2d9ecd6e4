#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Random access to the bytes of one Parquet file. The reader asks for the footer first, then one column
/// chunk at a time, so a source backed by ranged GETs (S3) fetches only what a projection needs.
public protocol ParquetByteSource {
    /// The file's length in bytes.
    var size: Int { get }
    /// Exactly `count` bytes starting at `offset`; the reader checks the range against `size` first.
    func read(offset: Int, count: Int) throws -> [UInt8]
}

/// A file already in memory.
public struct ParquetMemorySource: ParquetByteSource, Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var size: Int { bytes.count }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= bytes.count - count else {
            throw ParquetError.unreadable(.io, "range \(offset)+\(count) outside \(bytes.count) bytes", fileOffset: offset)
        }
        return Array(bytes[offset..<offset + count])
    }
}

/// A local file read with `pread`, so concurrent readers of one descriptor need no shared position.
public final class ParquetFileSource: ParquetByteSource {
    public let path: String
    public let size: Int
    private let descriptor: Int32

    public init(path: String) throws(ParquetError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadable(.io, "cannot open \(path): \(String(cString: strerror(errno)))") }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .unreadable(.io, "cannot stat \(path): \(reason)")
        }
        self.descriptor = descriptor
        self.size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size - count else {
            throw ParquetError.unreadable(.io, "range \(offset)+\(count) outside \(size) bytes of \(path)", fileOffset: offset)
        }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let got = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else {
                    throw ParquetError.unreadable(
                        .io, got == 0 ? "\(path) ended early" : "reading \(path): \(String(cString: strerror(errno)))",
                        fileOffset: offset + done)
                }
                done += got
            }
            initialized = count
        }
    }
}
