#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The IAM authentication token for RDS and RDS Proxy: a presigned `connect` request for `rds-db`, used as
/// the database password over TLS. Valid for 15 minutes.
public enum RDSAuthToken {
    public static func generate(
        host: String, port: Int, user: String, region: String, credentials: AWSCredentials, date: Date
    ) throws(AWSError) -> String {
        func invalid(_ message: String) -> AWSError {
            AWSError(kind: .invalidRequest, service: "RDS", operation: "GenerateDBAuthToken", code: "InvalidParameter", message: message)
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
            throw invalid("host \"\(host)\" is not a host name")
        }
        guard (1...65535).contains(port) else { throw invalid("port \(port) is outside 1...65535") }
        guard !user.isEmpty else { throw invalid("database user is empty") }
        let hostPort = "\(host.lowercased()):\(port)"
        let signed = SigV4Signer(credentials: credentials, region: region, service: "rds-db").presign(
            method: "GET", path: "/", query: SigV4Encoding.queryString([("Action", "connect"), ("DBUser", user)]),
            headers: ["Host": hostPort], payloadHash: SigV4Signer.emptyPayloadHash, date: date, expires: 900, rules: .standard)
        return "\(hostPort)/?\(signed.query)"
    }

    /// A token signed with a configuration's credentials, region and clock.
    public static func generate(host: String, port: Int, user: String, configuration: AWSConfiguration) throws(AWSError) -> String {
        try generate(
            host: host, port: port, user: user, region: configuration.region, credentials: configuration.credentials,
            date: configuration.clock())
    }
}
