import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A secret's value. Its description names the secret, never its content.
public struct SecretValue: Decodable, Sendable, CustomStringConvertible {
    public var ARN: String?
    public var Name: String?
    public var VersionId: String?
    public var SecretString: String?
    /// Base64 on the wire; decoded here.
    public var SecretBinary: Data?
    public var VersionStages: [String]?
    public var CreatedDate: AWSTimestamp?

    public var description: String { "SecretValue(\(Name ?? ARN ?? "?"), version \(VersionId ?? "?"), <redacted>)" }
}

/// AWS Secrets Manager (JSON 1.1): GetSecretValue.
public struct SecretsManagerClient: Sendable {
    public let client: AWSClient

    public init(configuration: AWSConfiguration, http: HTTPClient) {
        client = AWSClient(service: .secretsManager, configuration: configuration, http: http)
    }

    public func getSecretValue(_ secretID: String, versionStage: String? = nil, versionID: String? = nil)
        async throws(AWSError) -> SecretValue
    {
        struct Input: Encodable { var SecretId: String; var VersionId: String?; var VersionStage: String? }
        return try await client.jsonCall(
            "GetSecretValue", Input(SecretId: secretID, VersionId: versionID, VersionStage: versionStage),
            resource: "secret \(secretID)")
    }
}
