import Foundation
import GA4
import HTTP
import Testing

/// The test signer against AWS's SigV4 test suite (vectors `post-vanilla-query`, `get-vanilla-with-session-token` and `post-header-key-sort`
/// with credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1, service "service").
@Suite struct GA4TestSigV4SignerTests {
    let signer = GA4TestSigV4Signer(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    let at = Date(timeIntervalSince1970: 1_440_938_160)

    @Test func matchesPostVanillaQuery() {
        let headers = signer.signHeaders(AWSRequestToSign(
            method: "POST", url: "https://example.amazonaws.com/?Param1=value1", headers: ["Host": "example.amazonaws.com"],
            body: Data(), service: "service", region: "us-east-1"), at: at)
        #expect(headers["Authorization"] == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11")
        #expect(headers["x-amz-date"] == "20150830T123600Z")
    }

    @Test func matchesGetVanillaWithSessionToken() {
        var withToken = signer
        withToken.sessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        let headers = withToken.signHeaders(AWSRequestToSign(
            method: "GET", url: "https://example.amazonaws.com/", headers: ["Host": "example.amazonaws.com"],
            body: Data(), service: "service", region: "us-east-1"), at: at)
        #expect(headers["Authorization"] == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8")
    }

    @Test func matchesPostHeaderKeySort() {
        let headers = signer.signHeaders(AWSRequestToSign(
            method: "POST", url: "https://example.amazonaws.com/", headers: ["Host": "example.amazonaws.com", "My-Header1": "value1"],
            body: Data(), service: "service", region: "us-east-1"), at: at)
        #expect(headers["Authorization"] == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c")
    }
}
