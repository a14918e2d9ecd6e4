import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a response body straight to a file, so a large download never sits in memory.
public final class FileSink: HTTPResponseBodySink, @unchecked Sendable {
    public let path: String
    // Guarded by `lock`; libcurl writes from the transfer thread while the owner may close.
    private var file: UnsafeMutablePointer<FILE>?
    private let lock = Mutex(())
    private let written = Atomic<Int64>(0)

    public init(path: String) throws(HTTPError) {
        guard let file = fopen(path, "wb") else {
            throw .body(url: path, detail: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.file = file
    }

    deinit { close() }

    public var bytesWritten: Int64 { written.load(ordering: .relaxed) }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try lock.withLock { _ in
            guard let file else { throw HTTPError.body(url: path, detail: "\(path) is closed") }
            if fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count {
                throw HTTPError.body(url: path, detail: "write to \(path) failed: \(String(cString: strerror(errno)))")
            }
        }
        written.add(Int64(bytes.count), ordering: .relaxed)
    }

    /// Flushes and closes the file; later writes fail.
    public func close() {
        lock.withLock { _ in
            if let open = file { fclose(open) }
            file = nil
        }
    }
}
