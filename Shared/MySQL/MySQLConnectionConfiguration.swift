/// Where and how to connect. The password (or IAM token) is kept out of `description`.
public struct MySQLConnectionConfiguration: Sendable, CustomStringConvertible {
    public enum TLSMode: Sendable, Equatable {
        /// TLS required; certificate chain and host name verified against the system store or the given PEM bundle.
        ///
        /// RDS Proxy: "RDS Proxy uses certificates from the AWS Certificate Manager (ACM). If you are using RDS Proxy,
        /// you don't need to download Amazon RDS certificates", and for verify-CA/verify-identity the RDS user guide
        /// points clients at "Amazon Root CA 1" from Amazon Trust Services; the certificates are wildcards (Amazon
        /// RDS User Guide, "Using TLS/SSL with RDS Proxy", rds-proxy.howitworks.html#rds-proxy-security.tls, and
        /// UsingWithRDS.SSL.html). Amazon Root CA 1 is in the operating system's CA store (ca-certificates on
        /// Amazon Linux 2023), which the host's OpenSSL loads by default, so `nil` is right for the proxy.
        /// Direct connections to an RDS instance need the RDS CA bundle (global-bundle.pem) as `caBundlePath`.
        case verified(caBundlePath: String?)
        /// TLS required, certificate not verified. Only for local tests with throw-away certificates.
        case unverified
        /// No TLS. Refused for clear-text passwords and IAM tokens; only for local servers.
        case disabled
    }

    public var host: String
    public var port: Int
    public var user: String
    /// A password, or an RDS IAM authentication token (sent only with mysql_clear_password over TLS).
    public var password: String
    public var database: String?
    public var tls: TLSMode
    /// Bounds connect, and every later read and write.
    public var timeoutSeconds: Int
    /// Offer CLIENT_LOCAL_FILES, so `loadLocalInfile` can answer the server's file request with in-memory data.
    /// Off by default: without it the client refuses every file request.
    public var localInfile = false

    public init(
        host: String, port: Int = 3306, user: String, password: String, database: String? = nil,
        tls: TLSMode = .verified(caBundlePath: nil), timeoutSeconds: Int = 30
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.timeoutSeconds = timeoutSeconds
    }

    public var description: String {
        "\(user)@\(host):\(port)/\(database ?? "") (tls: \(tls), password: <redacted>)"
    }
}
