#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import BigQuery
import GA4
import HTTP
import Synchronization

/// Google credentials, read from the secret on first use and kept for the life of the execution environment
/// (the token is cached until shortly before it expires), and a fresh Data API client per invocation: the
/// client remembers the last quota it saw, which must not stop the next run before it has asked again.
/// Reading the secret lazily keeps a Secrets Manager outage or a bad key out of init, where it would be
/// reported without context.
final class GoogleAccess: Sendable {
    private let secretARN: String
    private let secrets: SecretsManagerClient
    private let aws: AWSConfiguration
    private let http: HTTPClient
    private let clientConfiguration: GA4DataClient.Configuration
    private let onEvent: @Sendable (GA4DataClient.Event) -> Void
    /// One provider per scope set: a token for GA4 reports cannot read BigQuery and the other way round.
    private let cached = Mutex<[[String]: any AccessTokenProvider]>([:])

    init(
        secretARN: String, secrets: SecretsManagerClient, aws: AWSConfiguration, http: HTTPClient,
        clientConfiguration: GA4DataClient.Configuration, onEvent: @escaping @Sendable (GA4DataClient.Event) -> Void
    ) {
        self.secretARN = secretARN
        self.secrets = secrets
        self.aws = aws
        self.http = http
        self.clientConfiguration = clientConfiguration
        self.onEvent = onEvent
    }

    func client() async throws(GA4IngestError) -> GA4DataClient {
        let tokens = try await tokenProvider()
        do {
            return try GA4DataClient(http: http, tokens: tokens, configuration: clientConfiguration, onEvent: onEvent)
        } catch {
            throw GA4IngestError(error, context: "the Data API client")
        }
    }

    /// Tokens for the BigQuery export (tables.get, tabledata.list, the Storage Read API).
    func bigQueryTokens() async throws(GA4IngestError) -> any AccessTokenProvider {
        try await tokenProvider(scopes: [bigQueryScope])
    }

    private func tokenProvider(scopes: [String] = [analyticsReadonlyScope]) async throws(GA4IngestError) -> any AccessTokenProvider {
        if let tokens = cached.withLock({ $0[scopes] }) { return tokens }
        let secret: SecretValue
        do {
            secret = try await secrets.getSecretValue(secretARN)
        } catch {
            throw GA4IngestError(.credentials, "cannot read the Google credentials from \(secretARN): \(error.description)")
        }
        guard let text = secret.SecretString, !text.isEmpty else {
            throw GA4IngestError(.credentials, "secret \(secretARN) has no SecretString; store the service-account key JSON as text")
        }
        do {
            let tokens = try GoogleCredentials.tokenProvider(
                json: Data(text.utf8), source: "secret \(secretARN)", http: http, awsRegion: aws.region,
                awsSigner: AWSSigV4RequestSigner(credentials: aws.credentials), scopes: scopes)
            cached.withLock { $0[scopes] = tokens }
            return tokens
        } catch {
            throw GA4IngestError(error, context: "Google credentials in secret \(secretARN)")
        }
    }

    /// Forgets the credentials, so the next invocation reads the secret again (after a rotated or fixed key).
    func reset() {
        cached.withLock { $0.removeAll() }
    }
}
