import Foundation
import GA4
import HTTP
import Testing
import TestSupport
import _CryptoExtras

/// Google authentication against the GA4 test server, which checks JWTs and SigV4 signatures for real.
@Suite(.enabled(if: GA4TestServer.isConfigured))
struct GA4AuthenticationIntegrationTests {
    /// A service account of this test's own: a fresh key pair registered with the server.
    private func makeServiceAccount(_ server: GA4TestServer, registerWith registered: _RSA.Signing.PrivateKey? = nil)
        async throws -> (key: ServiceAccountKey, email: String)
    {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let email = "test-\(UInt32.random(in: 0...UInt32.max))@pipeline-test.iam.gserviceaccount.com"
        let keyID = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        try await server.registerServiceAccount(
            email: email, keyID: keyID, publicKeyPEM: (registered ?? privateKey).publicKey.pemRepresentation)
        let file: [String: String] = [
            "type": "service_account", "project_id": "pipeline-test", "private_key_id": keyID,
            "private_key": privateKey.pemRepresentation, "client_email": email, "token_uri": "\(server.baseURL)/token",
        ]
        return (try ServiceAccountKey(json: try JSONSerialization.data(withJSONObject: file), source: "test key"), email)
    }

    @Test func aServiceAccountTokenIsFetchedOnceForConcurrentCallers() async throws {
        let server = try GA4TestServer()
        let (key, email) = try await makeServiceAccount(server)
        let provider = ServiceAccountTokenProvider(key: key, http: server.http)
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await provider.accessToken().value } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(tokens.count == 1)
        #expect(try await server.counters()["tokenGrants:\(email)"] == 1)

        // The token reads reports for a property that granted this account access.
        let property = try await server.makeProperty(["allowedEmails": [email]])
        let client = try server.client(tokens: provider)
        let request = ReportDefinition.defaults[0].request(for: CivilDate(year: 2025, month: 5, day: 2)!)
        guard case .complete(let report) = try await client.fetchReport(request, property: property) else {
            Issue.record("stopped for quota")
            return
        }
        #expect(report.rows.count == 1)
        #expect(try await server.counters()["tokenGrants:\(email)"] == 1)
    }

    @Test func aKeyThatDoesNotMatchIsReportedWithoutLeakingIt() async throws {
        let server = try GA4TestServer()
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let (key, _) = try await makeServiceAccount(server, registerWith: other)
        let provider = ServiceAccountTokenProvider(key: key, http: server.http)
        await #expect {
            try await provider.accessToken()
        } throws: { error in
            guard let error = error as? GA4Error else { return false }
            let text = error.description
            return error == .authentication(endpoint: "\(server.baseURL)/token", status: 400, error: "invalid_grant", detail: "Invalid JWT Signature.")
                && !text.contains("PRIVATE KEY") && !text.contains("eyJ")
        }
    }

    @Test func anUnknownAccountIsReported() async throws {
        let server = try GA4TestServer()
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let file: [String: String] = [
            "type": "service_account", "private_key_id": "abc", "private_key": privateKey.pemRepresentation,
            "client_email": "deleted@pipeline-test.iam.gserviceaccount.com", "token_uri": "\(server.baseURL)/token",
        ]
        let key = try ServiceAccountKey(json: try JSONSerialization.data(withJSONObject: file), source: "test key")
        await #expect(throws: GA4Error.authentication(
            endpoint: "\(server.baseURL)/token", status: 400, error: "invalid_grant", detail: "Invalid grant: account not found")) {
            try await ServiceAccountTokenProvider(key: key, http: server.http).accessToken()
        }
    }

    @Test func aTokenWithoutTheAnalyticsScopeIsRefused() async throws {
        let server = try GA4TestServer()
        let (key, email) = try await makeServiceAccount(server)
        let property = try await server.makeProperty(["allowedEmails": [email]])
        let provider = ServiceAccountTokenProvider(key: key, http: server.http, scopes: ["https://www.googleapis.com/auth/devstorage.read_only"])
        await #expect {
            try await server.client(tokens: provider).getMetadata(property: property)
        } throws: { error in
            (error as? GA4Error)?.rpcStatus?.reasons == ["ACCESS_TOKEN_SCOPE_INSUFFICIENT"]
        }
    }

    @Test func workloadIdentityFederationFromAWSReadsReports() async throws {
        let server = try GA4TestServer()
        let configuration = try ExternalAccountConfiguration(json: server.externalAccountJSON, source: "GA4_TEST_EXTERNAL_ACCOUNT_FILE")
        let signer = GA4TestSigV4Signer(
            accessKeyID: server.awsAccessKeyID, secretAccessKey: server.awsSecretAccessKey, sessionToken: server.awsSessionToken)
        let provider = try GoogleCredentials.tokenProvider(
            json: server.externalAccountJSON, source: "GA4_TEST_EXTERNAL_ACCOUNT_FILE", http: server.http,
            awsRegion: "eu-west-1", awsSigner: signer)
        #expect(provider is WorkloadIdentityTokenProvider)
        #expect(configuration.serviceAccountImpersonationURL?.contains(server.serviceAccountEmail) == true)

        let before = try await server.counters()
        let token = try await provider.accessToken()
        #expect(token.value.hasPrefix("ya29.impersonated-"))
        #expect(token.expiresAt > Date().addingTimeInterval(3000))
        _ = try await provider.accessToken()
        let after = try await server.counters()
        #expect((after["stsExchanges"] ?? 0) - (before["stsExchanges"] ?? 0) >= 1)
        #expect((after["impersonations:\(server.serviceAccountEmail)"] ?? 0) > (before["impersonations:\(server.serviceAccountEmail)"] ?? 0))

        let property = try await server.makeProperty()
        let metadata = try await server.client(tokens: provider).getMetadata(property: property)
        #expect(metadata.name == "\(property.resourceName)/metadata")
    }

    @Test func aWrongAWSSignatureIsRefusedByGoogleSTS() async throws {
        let server = try GA4TestServer()
        let configuration = try ExternalAccountConfiguration(json: server.externalAccountJSON, source: "GA4_TEST_EXTERNAL_ACCOUNT_FILE")
        let signer = GA4TestSigV4Signer(
            accessKeyID: server.awsAccessKeyID, secretAccessKey: "not-the-secret", sessionToken: server.awsSessionToken)
        let provider = try WorkloadIdentityTokenProvider(configuration: configuration, region: "us-east-1", signer: signer, http: server.http)
        await #expect(throws: GA4Error.authentication(
            endpoint: configuration.tokenURL, status: 400, error: "invalid_grant", detail: "The AWS signature does not match.")) {
            try await provider.accessToken()
        }
    }
}
