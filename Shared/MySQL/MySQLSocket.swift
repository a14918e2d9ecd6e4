import CTLSSocket

/// The byte stream under the protocol: a TCP connection that can be upgraded to TLS in place (the C shim on the
/// host's OpenSSL). Blocking, with one timeout for connect, reads and writes: a Lambda invocation holds one
/// connection and waits on it anyway.
final class MySQLSocket {
    private var handle: OpaquePointer?
    private(set) var tlsVersion: String?
    private var errorBuffer = [CChar](repeating: 0, count: 512)

    init(host: String, port: Int, timeoutMilliseconds: Int) throws(MySQLError) {
        let handle = errorBuffer.withUnsafeMutableBufferPointer {
            ctls_connect(host, Int32(port), Int32(clamping: timeoutMilliseconds), $0.baseAddress, $0.count)
        }
        guard let handle else { throw .connectionLost(lastError) }
        self.handle = handle
    }

    deinit { close() }

    private var lastError: String {
        errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Verifies against `caBundlePath` when given, else the system store; `verify: false` skips verification.
    func startTLS(host: String, caBundlePath: String?, verify: Bool) throws(MySQLError) {
        guard let handle else { throw .connectionLost("the connection is closed") }
        let status = errorBuffer.withUnsafeMutableBufferPointer {
            ctls_start_tls(handle, host, caBundlePath, verify ? 1 : 0, $0.baseAddress, $0.count)
        }
        guard status == 0 else { throw .tls(lastError) }
        tlsVersion = ctls_tls_version(handle).map { String(cString: $0) }
    }

    /// Reads at most `count` bytes into `buffer` starting at `offset`; throws at end of stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(MySQLError) -> Int {
        guard let handle else { throw .connectionLost("the connection is closed") }
        let n = errorBuffer.withUnsafeMutableBufferPointer {
            ctls_read(handle, buffer.baseAddress, buffer.count, $0.baseAddress, $0.count)
        }
        if n > 0 { return n }
        throw .connectionLost(n == 0 ? "the server closed the connection" : lastError)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(MySQLError) {
        guard let handle else { throw .connectionLost("the connection is closed") }
        let status = errorBuffer.withUnsafeMutableBufferPointer {
            ctls_write_all(handle, bytes.baseAddress, bytes.count, $0.baseAddress, $0.count)
        }
        guard status == 0 else { throw .connectionLost(lastError) }
    }

    /// Drops the connection under the protocol (the server sees it vanish); used by tests of lost connections.
    func shutdown() {
        if let handle { ctls_shutdown(handle) }
    }

    func close() {
        if let handle { ctls_close(handle) }
        handle = nil
    }
}
