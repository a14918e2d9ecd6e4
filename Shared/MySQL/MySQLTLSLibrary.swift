import CTLSSocket

/// The host OpenSSL the connections' TLS runs on, loaded with dlopen at the first TLS connection: libssl.so.3
/// (provided.al2023), 1.1, or 1.0.2 as libssl.so.10 (provided.al2). The API generation is chosen by the symbols
/// the library exports, so one binary serves every image.
public enum MySQLTLSLibrary {
    public enum Generation: Sendable, Equatable {
        /// OpenSSL 1.1 and 3.x: TLS_client_method, SSL_set1_host, a minimum protocol version.
        case openSSL1_1
        /// OpenSSL 1.0.2: SSL_library_init, SSLv23_client_method with SSLv2/3 and TLS 1.0/1.1 switched off,
        /// X509_VERIFY_PARAM_set1_host, and locking callbacks for threads.
        case openSSL1_0_2

        init?(_ raw: Int32) {
            switch Int(raw) {
            case CTLS_OPENSSL_1_1: self = .openSSL1_1
            case CTLS_OPENSSL_1_0_2: self = .openSSL1_0_2
            default: return nil
            }
        }
    }

    /// Loads OpenSSL now instead of at the first TLS connection: from `path` (a libssl outside the standard
    /// names, such as one shipped in a layer), or the first standard name found when nil. Throws when it cannot
    /// be loaded, is older than 1.0.2, or another OpenSSL is already in use.
    public static func load(path: String? = nil) throws(MySQLError) {
        var error = [CChar](repeating: 0, count: 512)
        let status = error.withUnsafeMutableBufferPointer { ctls_load_openssl(path, $0.baseAddress, $0.count) }
        guard status == 0 else { throw .tls(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
    }

    /// The generation in use, nil before OpenSSL is loaded.
    public static var generation: Generation? { Generation(ctls_loaded_openssl_generation()) }

    /// The version text of the OpenSSL in use ("OpenSSL 1.0.2k-fips  26 Jan 2017"), nil before it is loaded.
    public static var version: String? { ctls_loaded_openssl_version().map { String(cString: $0) } }

    /// The generation a library exporting `symbols` would be driven as (the selection rule, without loading one).
    public static func generation(exporting symbols: Set<String>) -> Generation? {
        final class Box { let symbols: Set<String>; init(_ s: Set<String>) { symbols = s } }
        let box = Box(symbols)
        let raw = withExtendedLifetime(box) {
            ctls_openssl_generation({ context, name in
                let box = Unmanaged<Box>.fromOpaque(context!).takeUnretainedValue()
                // Any non-null pointer means "found"; it is never dereferenced.
                return box.symbols.contains(String(cString: name!)) ? context : nil
            }, Unmanaged.passUnretained(box).toOpaque())
        }
        return Generation(raw)
    }
}
