#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTP

/// An AWS request to be signed with Signature Version 4 but not sent. Workload identity federation hands the
/// signed `GetCallerIdentity` request to Google STS, which sends it to AWS to learn who the caller is.
public struct AWSRequestToSign: Sendable, Equatable {
    public var method: String
    /// Absolute URL with its query, percent-encoded as it goes on the wire.
    public var url: String
    /// Headers to include in the signature (at least `host`).
    public var headers: HTTPHeaders
    public var body: Data
    public var service: String
    public var region: String

    public init(method: String, url: String, headers: HTTPHeaders, body: Data, service: String, region: String) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.service = service
        self.region = region
    }
}

/// Signs AWS requests with SigV4 using the function's own AWS credentials (in Lambda: the execution role's,
/// from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`). The AWS module's signer fulfils it.
public protocol AWSRequestSigning: Sendable {
    /// Returns every header the signed request carries: the given ones plus `x-amz-date`,
    /// `x-amz-security-token` (with temporary credentials) and `Authorization`.
    func sign(_ request: AWSRequestToSign) async throws -> HTTPHeaders
}
