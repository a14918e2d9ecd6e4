#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An OAuth 2.0 access token and when it expires. Its description never shows the token, so interpolating
/// one into a log line or an error message leaks nothing.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The bearer value; send it only in an `Authorization` header.
    public let value: String
    public let expiresAt: Date

    public init(value: String, expiresAt: Date) {
        self.value = value
        self.expiresAt = expiresAt
    }

    public var description: String { "AccessToken(<redacted>, expires \(expiresAt.timeIntervalSince1970))" }
    public var debugDescription: String { description }

    /// The `Authorization` header value.
    var authorization: String { "Bearer \(value)" }
}

/// Something that hands out a valid access token for the Data API, refreshing it as needed.
/// Implementations are safe to call from many tasks at once.
public protocol AccessTokenProvider: Sendable {
    func accessToken() async throws(GA4Error) -> AccessToken
    /// Drops `token` from any cache: the API refused it (HTTP 401), so the next call fetches a new one.
    func invalidate(_ token: AccessToken) async
}

/// The OAuth scope that reads GA4 reports.
public let analyticsReadonlyScope = "https://www.googleapis.com/auth/analytics.readonly"
