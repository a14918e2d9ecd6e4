#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import Clickstream

/// The settings a registration reads from Secrets Manager (a JSON secret string):
///
/// ```json
/// {"intermediateBucket": "analytics-appflow-staging", "intermediatePrefix": "appflow/",
///  "redshiftDbUser": "appflow_admin", "redshiftSecretArn": "arn:aws:secretsmanager:…", "kmsKeyArn": "arn:aws:kms:…"}
/// ```
///
/// `intermediateBucket` is where AppFlow stages rows before Redshift's COPY. The Data API authenticates with
/// `redshiftSecretArn` when given, else as `redshiftDbUser` through temporary credentials (a provisioned cluster
/// needs one of the two; a serverless workgroup can use the function's own IAM identity). `kmsKeyArn` encrypts the
/// flows (AppFlow's own key when absent).
struct RegistrationSettings: Sendable, Equatable, Decodable {
    var intermediateBucket: String
    var intermediatePrefix: String?
    var redshiftDbUser: String?
    var redshiftSecretArn: String?
    var kmsKeyArn: String?

    /// Parses and checks the secret; the problem never quotes the secret's content.
    static func parse(_ text: String, secret: String) throws(RegistrationFailure) -> RegistrationSettings {
        let settings: RegistrationSettings
        do {
            settings = try JSONDecoder().decode(RegistrationSettings.self, from: Data(text.utf8))
        } catch {
            let field = (error as? DecodingError).map(Self.fieldName) ?? ""
            throw RegistrationFailure(.settings, "the settings secret \(secret) is not the expected JSON\(field)")
        }
        guard BucketName.isValid(settings.intermediateBucket) else {
            throw RegistrationFailure(.settings, "settings secret \(secret): intermediateBucket is not an S3 bucket name")
        }
        if let prefix = settings.intermediatePrefix, AppFlowNamePatterns.bucketPrefixProblem(prefix) != nil {
            throw RegistrationFailure(.settings, "settings secret \(secret): intermediatePrefix is not a key prefix")
        }
        if let user = settings.redshiftDbUser, !RedshiftIdentifier.isValid(user) {
            throw RegistrationFailure(.settings, "settings secret \(secret): redshiftDbUser is not a Redshift user name")
        }
        for (name, value, service) in [("redshiftSecretArn", settings.redshiftSecretArn, "secretsmanager"), ("kmsKeyArn", settings.kmsKeyArn, "kms")] {
            if let value, !(value.hasPrefix("arn:") && value.split(separator: ":").count >= 6 && value.split(separator: ":")[2] == service) {
                throw RegistrationFailure(.settings, "settings secret \(secret): \(name) is not a \(service) ARN")
            }
        }
        return settings
    }

    /// ` (field intermediateBucket)`: where decoding failed, without the value.
    private static func fieldName(_ error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: path = []
        }
        return path.isEmpty ? "" : " (field \(path.map(\.stringValue).joined(separator: ".")))"
    }

    /// The Data API target for a destination, with the credentials the settings name.
    func redshiftTarget(_ destination: RegisterDataFlowRequest.RedshiftDestination, secret: String) throws(RegistrationFailure) -> RedshiftTarget {
        switch destination.target {
        case .cluster(let identifier):
            guard redshiftDbUser != nil || redshiftSecretArn != nil else {
                throw RegistrationFailure(.settings, "settings secret \(secret): a provisioned cluster needs redshiftDbUser or redshiftSecretArn")
            }
            return .cluster(identifier: identifier, dbUser: redshiftSecretArn == nil ? redshiftDbUser : nil, secretARN: redshiftSecretArn)
        case .workgroup(let name):
            return .serverless(workgroup: name, secretARN: redshiftSecretArn)
        }
    }
}

/// Settings read once per execution environment and secret, then reused for `lifetime` (so a rotated secret
/// is picked up without a redeploy).
actor RegistrationSettingsCache {
    private let secrets: SecretsManagerClient
    private let lifetime: Duration
    private var entries: [String: (settings: RegistrationSettings, read: ContinuousClock.Instant)] = [:]

    init(secrets: SecretsManagerClient, lifetime: Duration) {
        self.secrets = secrets
        self.lifetime = lifetime
    }

    func settings(_ secretID: String) async throws(RegistrationFailure) -> RegistrationSettings {
        let now = ContinuousClock.now
        if let entry = entries[secretID], now - entry.read < lifetime { return entry.settings }
        let value: SecretValue
        do {
            value = try await secrets.getSecretValue(secretID)
        } catch {
            throw RegistrationFailure(error.isNotFound ? .settings : .aws, "cannot read the settings secret \(secretID): \(error.description)")
        }
        guard let text = value.SecretString else {
            throw RegistrationFailure(.settings, "the settings secret \(secretID) holds binary data, not a JSON string")
        }
        let settings = try RegistrationSettings.parse(text, secret: secretID)
        entries[secretID] = (settings, now)
        return settings
    }

    /// Forgets a secret, so the next invocation reads it again (after a failure that a fixed secret may cure).
    func forget(_ secretID: String) { entries[secretID] = nil }
}
