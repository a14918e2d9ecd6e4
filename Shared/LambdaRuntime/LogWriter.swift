import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where log lines go.
public protocol LogWriter: Sendable {
    func write(_ line: String)
}

/// Writes each line to a file descriptor with `write(2)`, whole and unbuffered: stdout is fully buffered
/// when there is no terminal, and Lambda could freeze the process before a buffer is flushed.
public final class StandardErrorWriter: LogWriter {
    public static let shared = StandardErrorWriter(fileDescriptor: 2)
    /// For CloudWatch Embedded Metric Format lines.
    public static let standardOutput = StandardErrorWriter(fileDescriptor: 1)

    private let fileDescriptor: Int32
    private let lock = Mutex(())

    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    public func write(_ line: String) {
        var line = line
        lock.withLock { _ in
            line.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc_write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }
}

/// Keeps lines in memory; for tests and for tools that want to inspect what a function logged.
public final class CollectingLogWriter: LogWriter {
    private let stored = Mutex<[String]>([])
    public init() {}
    public func write(_ line: String) { stored.withLock { $0.append(line) } }
    public var lines: [String] { stored.withLock { $0 } }
}

@inline(__always)
private func Glibc_write(_ fd: Int32, _ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, pointer, count)
    #elseif canImport(Musl)
    return Musl.write(fd, pointer, count)
    #else
    return Darwin.write(fd, pointer, count)
    #endif
}
