import Foundation
import Testing
import TestSupport

@testable import MySQL

/// Which OpenSSL API generation the TLS shim drives, by the symbols a libssl exports.
struct MySQLTLSLibrarySelectionTests {
    static let common: Set<String> = [
        "SSL_CTX_new", "SSL_CTX_ctrl", "SSL_new", "SSL_connect", "SSL_read", "SSL_write", "SSL_get0_param",
        "X509_VERIFY_PARAM_set1_ip_asc",
    ]

    @Test func openSSL3And1_1AreDrivenThroughTheirOwnEntryPoints() {
        // 1.1 and 3.x: TLS_client_method and SSL_set1_host are functions; SSL_library_init is a macro.
        let modern = Self.common.union(["TLS_client_method", "SSL_set1_host", "OpenSSL_version", "OPENSSL_init_ssl", "X509_VERIFY_PARAM_set1_host"])
        #expect(MySQLTLSLibrary.generation(exporting: modern) == .openSSL1_1)
    }

    @Test func openSSL1_0_2IsDrivenThroughItsOlderNames() {
        // provided.al2's libssl.so.10: no TLS_client_method, SSL_set1_host or OpenSSL_version.
        let legacy = Self.common.union(["SSLv23_client_method", "SSL_library_init", "SSLeay_version", "X509_VERIFY_PARAM_set1_host", "TLSv1_2_client_method"])
        #expect(MySQLTLSLibrary.generation(exporting: legacy) == .openSSL1_0_2)
    }

    @Test func olderOrPartialLibrariesAreRefused() {
        // 1.0.1 has no X509_VERIFY_PARAM_set1_host, so it could not check the host name.
        let openSSL1_0_1 = Self.common.union(["SSLv23_client_method", "SSL_library_init", "SSLeay_version"])
        #expect(MySQLTLSLibrary.generation(exporting: openSSL1_0_1) == nil)
        // A library with TLS_client_method but no host-name check is not taken for 1.1.
        #expect(MySQLTLSLibrary.generation(exporting: Self.common.union(["TLS_client_method", "OpenSSL_version"])) == nil)
        #expect(MySQLTLSLibrary.generation(exporting: []) == nil)
    }
}

/// The host's own OpenSSL in this process (Debian 12: OpenSSL 3), loaded by the standard names.
struct HostOpenSSLTests {
    @Test func standardNamesFindTheHostsOpenSSL3() throws {
        try MySQLTLSLibrary.load()
        #expect(MySQLTLSLibrary.generation == .openSSL1_1)
        #expect(MySQLTLSLibrary.version?.hasPrefix("OpenSSL 3.") == true, "\(MySQLTLSLibrary.version ?? "none")")
        // Loading again is a no-op; asking for another library now is refused by name.
        try MySQLTLSLibrary.load()
        #expect {
            try MySQLTLSLibrary.load(path: "/nonexistent/libssl.so.10")
        } throws: { error in
            "\(error)".contains("already loaded")
        }
    }
}

/// The whole TLS path on a real OpenSSL 1.0.2q (scripts/services/openssl-1.0.2.sh), in a process of its own
/// (MySQLCheck): this test process already runs on the host's OpenSSL 3.
@Suite(.enabled(
    if: MySQLTestServers.mariaDBAvailable && TestEnvironment.available("PIPELINE_OPENSSL_1_0_2_DIR"),
    "needs scripts/services/mariadb.sh and openssl-1.0.2.sh"))
struct OpenSSL1_0_2Tests {
    /// Runs MySQLCheck on OpenSSL 1.0.2 against MariaDB with `caFile`; returns its exit status and output.
    static func check(caFile: String) throws -> (status: Int32, output: String) {
        let directory = try MySQLTestServers.env("PIPELINE_OPENSSL_1_0_2_DIR")
        let process = Process()
        process.executableURL = TestEnvironment.builtProduct("MySQLCheck")
        process.arguments = [
            "127.0.0.1", try MySQLTestServers.env("PIPELINE_MYSQL_PORT"), try MySQLTestServers.env("PIPELINE_MYSQL_USER"),
            "CHECK_PASSWORD", caFile, try MySQLTestServers.env("PIPELINE_MYSQL_DATABASE"), "--libssl", "\(directory)/libssl.so.10",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["CHECK_PASSWORD"] = try MySQLTestServers.env("PIPELINE_MYSQL_PASSWORD")
        // The bundled libssl finds its libcrypto (and what that needs) beside it.
        environment["LD_LIBRARY_PATH"] = directory
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func connectsOverVerifiedTLS1_2() throws {
        let (status, output) = try Self.check(caFile: try MySQLTestServers.env("PIPELINE_MYSQL_CA"))
        #expect(status == 0, "\(output)")
        let answer = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: String]
        #expect(answer?["openssl"]?.hasPrefix("OpenSSL 1.0.2q") == true)
        #expect(answer?["api"] == "1.0.2")
        #expect(answer?["tls"] == "TLSv1.2")
        #expect(answer?["server"]?.contains("MariaDB") == true)
        #expect(answer?["cipher"]?.isEmpty == false)
    }

    @Test func certificateFromAnotherCAIsRefused() throws {
        let (status, output) = try Self.check(caFile: try MySQLTestServers.env("PIPELINE_MYSQL_OTHER_CA"))
        #expect(status == 1)
        #expect(output.contains("certificate verification"), "\(output)")
    }
}
