import Foundation
import Synchronization
import Testing

@testable import GA4

@Suite struct AccessTokenCacheTests {
    final class Clock: Sendable {
        let seconds = Mutex<TimeInterval>(1_000_000)
        func now() -> Date { Date(timeIntervalSince1970: seconds.withLock { $0 }) }
        func advance(_ interval: TimeInterval) { seconds.withLock { $0 += interval } }
    }

    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
        var count: Int { value.withLock { $0 } }
    }

    @Test func concurrentCallersShareOneRefresh() async throws {
        let clock = Clock()
        let cache = AccessTokenCache(refreshMargin: .seconds(300), now: { clock.now() })
        let fetches = Counter()
        let tokens = try await withThrowingTaskGroup(of: AccessToken.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await cache.token { () async throws(GA4Error) -> AccessToken in
                        let number = fetches.next()
                        try? await Task.sleep(for: .milliseconds(20))
                        return AccessToken(value: "token-\(number)", expiresAt: clock.now().addingTimeInterval(3600))
                    }
                }
            }
            return try await group.reduce(into: [AccessToken]()) { $0.append($1) }
        }
        #expect(fetches.count == 1)
        #expect(Set(tokens.map(\.value)) == ["token-1"])
    }

    @Test func refreshesShortlyBeforeExpiryAndAfterInvalidation() async throws {
        let clock = Clock()
        let cache = AccessTokenCache(refreshMargin: .seconds(300), now: { clock.now() })
        let fetches = Counter()
        let fetch: @Sendable () async throws(GA4Error) -> AccessToken = {
            let number = fetches.next()
            return AccessToken(value: "token-\(number)", expiresAt: clock.now().addingTimeInterval(3600))
        }
        #expect(try await cache.token(fetch: fetch).value == "token-1")
        clock.advance(3000)
        #expect(try await cache.token(fetch: fetch).value == "token-1")
        clock.advance(301)
        let second = try await cache.token(fetch: fetch)
        #expect(second.value == "token-2")
        await cache.invalidate(second)
        #expect(try await cache.token(fetch: fetch).value == "token-3")
    }

    @Test func aFailedRefreshIsReportedAndRetriedOnTheNextCall() async throws {
        let clock = Clock()
        let cache = AccessTokenCache(refreshMargin: .seconds(300), now: { clock.now() })
        let failure = GA4Error.authentication(endpoint: "https://example.test/token", status: 400, error: "invalid_grant", detail: "x")
        await #expect(throws: failure) {
            try await cache.token { () async throws(GA4Error) -> AccessToken in throw failure }
        }
        let token = try await cache.token { () async throws(GA4Error) -> AccessToken in
            AccessToken(value: "ok", expiresAt: clock.now().addingTimeInterval(3600))
        }
        #expect(token.value == "ok")
    }
}
