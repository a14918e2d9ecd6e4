#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTP

/// Reads a Google credential document and builds the matching token provider: a service-account key, or an
/// `external_account` configuration for keyless workload identity federation from AWS.
public enum GoogleCredentials {
    /// - Parameters:
    ///   - source: names the document in errors (a secret ARN, a file path); never its content.
    ///   - awsRegion, awsSigner: needed for `external_account` documents only.
    ///   - scopes: what the tokens may do (GA4 reports by default; BigQuery for the export).
    public static func tokenProvider(
        json: Data, source: String, http: HTTPClient, awsRegion: String? = nil, awsSigner: (any AWSRequestSigning)? = nil,
        scopes: [String] = [analyticsReadonlyScope]
    ) throws(GA4Error) -> any AccessTokenProvider {
        struct Kind: Decodable { var type: String? }
        guard let kind = try? JSONDecoder().decode(Kind.self, from: json) else {
            throw .invalidCredentials(source: source, field: "(document)", reason: "not a JSON object")
        }
        switch kind.type {
        case "service_account":
            return ServiceAccountTokenProvider(key: try ServiceAccountKey(json: json, source: source), http: http, scopes: scopes)
        case "external_account":
            let configuration = try ExternalAccountConfiguration(json: json, source: source)
            guard let awsRegion, let awsSigner else {
                throw .invalidCredentials(source: source, field: "type",
                    reason: "external_account credentials need the AWS region and a SigV4 signer")
            }
            return try WorkloadIdentityTokenProvider(
                configuration: configuration, region: awsRegion, signer: awsSigner, http: http, scopes: scopes)
        default:
            throw .invalidCredentials(source: source, field: "type",
                reason: "expected service_account or external_account, found \"\(kind.type ?? "(missing)")\"")
        }
    }
}
