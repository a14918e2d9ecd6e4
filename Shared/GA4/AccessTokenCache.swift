#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Keeps one access token until shortly before it expires. Concurrent callers that find it missing or stale
/// share a single refresh instead of each asking the token endpoint.
actor AccessTokenCache {
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var current: AccessToken?
    private var refreshing: Task<Result<AccessToken, GA4Error>, Never>?

    init(refreshMargin: Duration, now: @escaping @Sendable () -> Date) {
        let (seconds, attoseconds) = refreshMargin.components
        self.refreshMargin = TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
        self.now = now
    }

    /// The cached token while it has more than the margin left; otherwise the result of one call to `fetch`.
    func token(fetch: @escaping @Sendable () async throws(GA4Error) -> AccessToken) async throws(GA4Error) -> AccessToken {
        if let current, current.expiresAt.timeIntervalSince(now()) > refreshMargin {
            return current
        }
        let task: Task<Result<AccessToken, GA4Error>, Never>
        if let refreshing {
            task = refreshing
        } else {
            task = Task {
                do throws(GA4Error) {
                    return .success(try await fetch())
                } catch {
                    return .failure(error)
                }
            }
            refreshing = task
        }
        let result = await task.value
        if refreshing == task {
            refreshing = nil
            if case .success(let token) = result { current = token }
        }
        return try result.get()
    }

    func invalidate(_ token: AccessToken) {
        if current == token { current = nil }
    }
}
