import JSONText
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTP

/// Keyless access tokens through workload identity federation from AWS: a SigV4-signed `GetCallerIdentity`
/// request (signed, never sent) is exchanged at Google STS for a federated token, which then impersonates the
/// service account that has been granted access to the GA4 property. Tokens are cached like a key's.
public final class WorkloadIdentityTokenProvider: AccessTokenProvider {
    public let configuration: ExternalAccountConfiguration
    public let region: String
    public let scopes: [String]
    private let signer: any AWSRequestSigning
    private let endpoint: OAuthTokenEndpoint
    private let cache: AccessTokenCache
    private let now: @Sendable () -> Date

    /// The scope of the federated token when it is only used to impersonate a service account.
    static let iamScope = "https://www.googleapis.com/auth/iam"

    /// - Parameter region: the AWS region whose STS endpoint the signed request names (in Lambda, `AWS_REGION`).
    public init(
        configuration: ExternalAccountConfiguration, region: String, signer: any AWSRequestSigning, http: HTTPClient,
        scopes: [String] = [analyticsReadonlyScope], refreshMargin: Duration = .seconds(300),
        timeout: Duration = .seconds(30), now: @escaping @Sendable () -> Date = { Date() }
    ) throws(GA4Error) {
        guard !region.isEmpty, region.utf8.count <= 32,
            region.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "-") })
        else {
            throw .invalidConfiguration("AWS region \"\(region)\" is not a region name such as eu-west-1")
        }
        self.configuration = configuration
        self.region = region
        self.scopes = scopes
        self.signer = signer
        self.endpoint = OAuthTokenEndpoint(http: http, timeout: timeout)
        self.cache = AccessTokenCache(refreshMargin: refreshMargin, now: now)
        self.now = now
    }

    public func accessToken() async throws(GA4Error) -> AccessToken {
        try await cache.token { [self] () async throws(GA4Error) -> AccessToken in
            try await fetchToken()
        }
    }

    public func invalidate(_ token: AccessToken) async {
        await cache.invalidate(token)
    }

    private func fetchToken() async throws(GA4Error) -> AccessToken {
        let startedAt = now()
        let subject = try await subjectToken()
        let impersonationURL = configuration.serviceAccountImpersonationURL
        let federated = try await endpoint.exchange(
            url: configuration.tokenURL,
            form: [
                ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
                ("audience", configuration.audience),
                ("scope", impersonationURL == nil ? scopes.joined(separator: " ") : Self.iamScope),
                ("requested_token_type", "urn:ietf:params:oauth:token-type:access_token"),
                ("subject_token", subject),
                ("subject_token_type", configuration.subjectTokenType),
            ],
            now: startedAt)
        guard let impersonationURL else { return federated }
        return try await impersonate(url: impersonationURL, federated: federated)
    }

    /// The STS subject token: the signed request as compact JSON with sorted keys, percent-encoded.
    func subjectToken() async throws(GA4Error) -> String {
        let url = configuration.regionalCredentialVerificationURL.replacing("{region}", with: region)
        guard let host = Self.host(of: url) else {
            throw .invalidConfiguration("cannot find the host in the verification URL \(url)")
        }
        var headers = HTTPHeaders()
        headers.add("host", host)
        // Signed as well, so the request cannot be replayed against another pool provider.
        headers.add("x-goog-cloud-target-resource", configuration.audience)
        let signed: HTTPHeaders
        do {
            signed = try await signer.sign(
                AWSRequestToSign(method: "POST", url: url, headers: headers, body: Data(), service: "sts", region: region))
        } catch {
            throw .authentication(endpoint: url, status: 0, error: "aws_signing_failed", detail: "\(type(of: error)): \(error)")
        }
        guard signed["Authorization"] != nil, signed["x-amz-date"] != nil else {
            throw .authentication(endpoint: url, status: 0, error: "aws_signing_failed",
                detail: "the signer returned no Authorization or x-amz-date header")
        }
        let fields = signed.fields.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        let headerList = fields.map { "{\"key\":\(JSONString.quoted($0.name)),\"value\":\(JSONString.quoted($0.value))}" }
        let json = "{\"headers\":[\(headerList.joined(separator: ","))],\"method\":\"POST\",\"url\":\(JSONString.quoted(url))}"
        return FormURLEncoding.escape(json, keeping: [UInt8(ascii: "/")])
    }

    private func impersonate(url: String, federated: AccessToken) async throws(GA4Error) -> AccessToken {
        let scopeList = scopes.map { JSONString.quoted($0) }.joined(separator: ",")
        let body = Data("{\"scope\":[\(scopeList)],\"lifetime\":\"\(configuration.tokenLifetimeSeconds)s\"}".utf8)
        let answer = try await endpoint.postJSON(url: url, body: body, bearer: federated)
        guard let token = try? JSONDecoder().decode(GenerateAccessTokenResponse.self, from: answer),
            !token.accessToken.isEmpty, let expiry = RFC3339Timestamp.parse(token.expireTime)
        else {
            throw .authentication(endpoint: url, status: 200, error: "invalid_response",
                detail: "generateAccessToken did not return accessToken and an RFC 3339 expireTime")
        }
        return AccessToken(value: token.accessToken, expiresAt: expiry)
    }

    private struct GenerateAccessTokenResponse: Decodable {
        var accessToken: String
        var expireTime: String
    }

    static func host(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return host.isEmpty ? nil : String(host)
    }
}
