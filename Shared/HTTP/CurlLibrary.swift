import CCurl

/// Loads libcurl once per process and finds the CA bundle to verify servers against.
enum CurlLibrary {
    /// Nil when libcurl loaded; otherwise why it did not.
    static let loadError: String? = {
        var buffer = [CChar](repeating: 0, count: 512)
        if ccurl_load(&buffer, buffer.count) == 0 { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    static func ensureLoaded() throws(HTTPError) {
        if let loadError { throw .clientUnavailable(loadError) }
    }

    /// The version of the libcurl in use, e.g. "8.5.0".
    static var version: String? {
        guard loadError == nil, let pointer = ccurl_version() else { return nil }
        return String(cString: pointer)
    }

    /// The first CA bundle that exists: `SSL_CERT_FILE`, then Amazon Linux's, then Debian's and others.
    /// Nil leaves libcurl's built-in default, which is right for the system's own libcurl.
    static func defaultCABundle(environment: [String: String]) -> String? {
        var candidates: [String] = []
        if let explicit = environment["SSL_CERT_FILE"], !explicit.isEmpty { candidates.append(explicit) }
        candidates += [
            "/etc/pki/tls/certs/ca-bundle.crt",  // Amazon Linux 2 and 2023, Fedora, RHEL
            "/etc/ssl/certs/ca-certificates.crt",  // Debian, Ubuntu, Alpine
            "/etc/ssl/cert.pem",  // macOS, BSD
        ]
        return candidates.first { access($0, R_OK) == 0 }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
