#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTP

/// Access tokens for a service account from its key: an RS256 JWT exchanged at the token endpoint with the
/// JWT-bearer grant, cached until shortly before it expires.
public final class ServiceAccountTokenProvider: AccessTokenProvider {
    public let key: ServiceAccountKey
    public let scopes: [String]
    /// The endpoint in use: the key's `token_uri` unless overridden.
    public let tokenURL: String
    public let audience: String
    private let endpoint: OAuthTokenEndpoint
    private let cache: AccessTokenCache
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - tokenURL: replaces the key's `token_uri` (tests, private endpoints).
    ///   - audience: the JWT's `aud`; Google's token endpoint expects its documented URL, whatever URL the
    ///     assertion is posted to (Google's own auth libraries send this value too).
    ///   - refreshMargin: how long before expiry a token is replaced.
    public init(
        key: ServiceAccountKey, http: HTTPClient, scopes: [String] = [analyticsReadonlyScope], tokenURL: String? = nil,
        audience: String = "https://oauth2.googleapis.com/token", refreshMargin: Duration = .seconds(300), timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.key = key
        self.scopes = scopes
        self.tokenURL = tokenURL ?? key.tokenURI
        self.audience = audience
        self.endpoint = OAuthTokenEndpoint(http: http, timeout: timeout)
        self.cache = AccessTokenCache(refreshMargin: refreshMargin, now: now)
        self.now = now
    }

    public func accessToken() async throws(GA4Error) -> AccessToken {
        try await cache.token { [key, scopes, tokenURL, audience, endpoint, now] () async throws(GA4Error) -> AccessToken in
            let issuedAt = now()
            let assertion = try JSONWebToken.bearerGrantAssertion(key: key, scopes: scopes, audience: audience, issuedAt: issuedAt)
            return try await endpoint.exchange(
                url: tokenURL,
                form: [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)],
                now: issuedAt)
        }
    }

    public func invalidate(_ token: AccessToken) async {
        await cache.invalidate(token)
    }
}
