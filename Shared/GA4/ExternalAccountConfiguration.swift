#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A credential configuration for workload identity federation from AWS (`"type": "external_account"` with an
/// `aws1` credential source), as `gcloud iam workload-identity-pools create-cred-config --aws` writes it.
public struct ExternalAccountConfiguration: Sendable, Equatable {
    /// The workload identity pool provider: `//iam.googleapis.com/projects/…/providers/…`.
    public let audience: String
    public let subjectTokenType: String
    /// Google STS.
    public let tokenURL: String
    /// The template of the signed AWS request: `https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15`.
    public let regionalCredentialVerificationURL: String
    /// `…/serviceAccounts/<email>:generateAccessToken`; GA4 grants access to service-account emails, so the
    /// federated token is exchanged for one of a service account.
    public let serviceAccountImpersonationURL: String?
    public let tokenLifetimeSeconds: Int

    public static let awsSubjectTokenType = "urn:ietf:params:aws:token-type:aws4_request"

    public init(json: Data, source: String) throws(GA4Error) {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: json)
        } catch {
            throw .invalidCredentials(source: source, field: "(document)", reason: "not a valid external_account configuration: \(error)")
        }
        guard wire.type == "external_account" else {
            throw .invalidCredentials(source: source, field: "type", reason: "expected \"external_account\", found \"\(wire.type ?? "(missing)")\"")
        }
        guard let audience = wire.audience, audience.hasPrefix("//iam.googleapis.com/") else {
            throw .invalidCredentials(source: source, field: "audience", reason: "missing or not a //iam.googleapis.com/ provider name")
        }
        guard wire.subject_token_type == Self.awsSubjectTokenType else {
            throw .invalidCredentials(source: source, field: "subject_token_type", reason: "only \(Self.awsSubjectTokenType) (AWS) is supported")
        }
        guard let source_ = wire.credential_source, source_.environment_id?.hasPrefix("aws") == true else {
            throw .invalidCredentials(source: source, field: "credential_source.environment_id", reason: "must name an AWS environment (aws1)")
        }
        let verification = source_.regional_cred_verification_url
            ?? "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15"
        guard verification.hasPrefix("https://"), verification.contains("{region}") else {
            throw .invalidCredentials(source: source, field: "credential_source.regional_cred_verification_url",
                reason: "must be an https URL with a {region} placeholder")
        }
        let tokenURL = wire.token_url ?? "https://sts.googleapis.com/v1/token"
        guard tokenURL.hasPrefix("https://") else {
            throw .invalidCredentials(source: source, field: "token_url", reason: "must be an https URL")
        }
        if let impersonation = wire.service_account_impersonation_url {
            guard impersonation.hasPrefix("https://"), impersonation.hasSuffix(":generateAccessToken") else {
                throw .invalidCredentials(source: source, field: "service_account_impersonation_url",
                    reason: "must be an https URL ending in :generateAccessToken")
            }
        }
        let lifetime = wire.service_account_impersonation?.token_lifetime_seconds ?? 3600
        guard (600...43200).contains(lifetime) else {
            throw .invalidCredentials(source: source, field: "service_account_impersonation.token_lifetime_seconds",
                reason: "\(lifetime) is outside 600…43200")
        }
        self.audience = audience
        self.subjectTokenType = Self.awsSubjectTokenType
        self.tokenURL = tokenURL
        self.regionalCredentialVerificationURL = verification
        self.serviceAccountImpersonationURL = wire.service_account_impersonation_url
        self.tokenLifetimeSeconds = lifetime
    }

    private struct Wire: Decodable {
        var type: String?
        var audience: String?
        var subject_token_type: String?
        var token_url: String?
        var credential_source: CredentialSource?
        var service_account_impersonation_url: String?
        var service_account_impersonation: Impersonation?
    }

    private struct CredentialSource: Decodable {
        var environment_id: String?
        var regional_cred_verification_url: String?
    }

    private struct Impersonation: Decodable {
        var token_lifetime_seconds: Int?
    }
}
