import Foundation
import HTTP
import Testing

@testable import GA4

@Suite struct WorkloadIdentityTokenProviderTests {
    /// Returns fixed signature headers, so the serialisation of the subject token can be checked exactly.
    struct FixedSigner: AWSRequestSigning {
        func sign(_ request: AWSRequestToSign) async throws -> HTTPHeaders {
            var headers = request.headers
            headers.add("x-amz-date", "20250501T120000Z")
            headers.add("x-amz-security-token", "session/token+=")
            headers.add("Authorization", "AWS4-HMAC-SHA256 Credential=ASIA/20250501/eu-west-1/sts/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token;x-goog-cloud-target-resource, Signature=00")
            return headers
        }
    }

    static let configuration = """
        {"type": "external_account",
         "audience": "//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/POOL_ID/providers/PROVIDER_ID",
         "subject_token_type": "urn:ietf:params:aws:token-type:aws4_request",
         "token_url": "https://sts.googleapis.com/v1/token",
         "credential_source": {"environment_id": "aws1",
           "regional_cred_verification_url": "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15"},
         "service_account_impersonation_url": "https://us-east1-iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/service-1234@service-name.iam.gserviceaccount.com:generateAccessToken"}
        """

    @Test func serialisesTheSignedRequestAsGoogleSTSExpects() async throws {
        let configuration = try ExternalAccountConfiguration(json: Data(Self.configuration.utf8), source: "test")
        let provider = try WorkloadIdentityTokenProvider(
            configuration: configuration, region: "eu-west-1", signer: FixedSigner(), http: HTTPClient())
        let token = try await provider.subjectToken()
        #expect(!token.contains("{") && !token.contains("\"") && !token.contains(":"))
        let json = try #require(token.removingPercentEncoding)
        #expect(json == """
            {"headers":[{"key":"Authorization","value":"AWS4-HMAC-SHA256 Credential=ASIA/20250501/eu-west-1/sts/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token;x-goog-cloud-target-resource, Signature=00"},\
            {"key":"host","value":"sts.eu-west-1.amazonaws.com"},{"key":"x-amz-date","value":"20250501T120000Z"},\
            {"key":"x-amz-security-token","value":"session/token+="},\
            {"key":"x-goog-cloud-target-resource","value":"//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/POOL_ID/providers/PROVIDER_ID"}],\
            "method":"POST","url":"https://sts.eu-west-1.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15"}
            """)
    }

    @Test func refusesConfigurationsItCannotUse() throws {
        var object = try JSONSerialization.jsonObject(with: Data(Self.configuration.utf8)) as! [String: Any]
        object["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt"
        #expect {
            try ExternalAccountConfiguration(json: try JSONSerialization.data(withJSONObject: object), source: "cfg")
        } throws: { error in
            "\(error)".contains("subject_token_type")
        }
        let configuration = try ExternalAccountConfiguration(json: Data(Self.configuration.utf8), source: "test")
        #expect(throws: GA4Error.self) {
            try WorkloadIdentityTokenProvider(configuration: configuration, region: "eu-west-1.evil.com/", signer: FixedSigner(), http: HTTPClient())
        }
    }
}
