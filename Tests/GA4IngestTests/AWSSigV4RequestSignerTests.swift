import AWS
import Foundation
import GA4
import HTTP
import Testing
import TestSupport

@testable import GA4Ingest

@Suite("SigV4 signing for workload identity federation")
struct AWSSigV4RequestSignerTests {
    @Test func theCallerIdentityRequestIsSignedForSTSWithTheSessionToken() async throws {
        let signer = AWSSigV4RequestSigner(credentials: AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session-token"))
        let headers = try await signer.sign(AWSRequestToSign(
            method: "POST", url: "https://sts.eu-west-1.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15",
            headers: ["x-goog-cloud-target-resource": "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/a"],
            body: Data(), service: "sts", region: "eu-west-1"))
        let authorization = try #require(headers["Authorization"])
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
        #expect(authorization.contains("/eu-west-1/sts/aws4_request"))
        #expect(authorization.contains("SignedHeaders=host;x-amz-date;x-amz-security-token;x-goog-cloud-target-resource"))
        #expect(headers["Host"] == "sts.eu-west-1.amazonaws.com")
        #expect(headers["X-Amz-Security-Token"] == "session-token")
        #expect(headers["X-Amz-Date"]?.count == 16)
    }

    @Test func aURLWithoutSchemeIsRefused() async {
        let signer = AWSSigV4RequestSigner(credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"))
        await #expect(throws: AWSSigV4RequestSigner.InvalidURL.self) {
            try await signer.sign(AWSRequestToSign(method: "POST", url: "sts.amazonaws.com", headers: [:], body: Data(), service: "sts", region: "us-east-1"))
        }
    }

    /// Google STS (the GA4 test server checks the signed request with botocore) accepts the signature and
    /// the impersonated token follows.
    @Test(.enabled(if: TestEnvironment.available("GA4_TEST_BASE_URL")))
    func googleSTSAcceptsTheSignedRequest() async throws {
        let externalAccount = try Data(contentsOf: URL(fileURLWithPath: try TestEnvironment.require("GA4_TEST_EXTERNAL_ACCOUNT_FILE")))
        let http = HTTPClient(configuration: .init(caBundlePath: try TestEnvironment.require("GA4_TEST_CA_BUNDLE")))
        let signer = AWSSigV4RequestSigner(credentials: AWSCredentials(
            accessKeyID: try TestEnvironment.require("GA4_TEST_AWS_ACCESS_KEY_ID"),
            secretAccessKey: try TestEnvironment.require("GA4_TEST_AWS_SECRET_ACCESS_KEY"),
            sessionToken: try TestEnvironment.require("GA4_TEST_AWS_SESSION_TOKEN")))
        let provider = try GoogleCredentials.tokenProvider(
            json: externalAccount, source: "GA4_TEST_EXTERNAL_ACCOUNT_FILE", http: http, awsRegion: "us-east-1", awsSigner: signer)
        let token = try await provider.accessToken()
        #expect(token.value.hasPrefix("ya29.impersonated-"))
    }
}
