import HTTP
import Testing

@testable import AWS

@Suite struct RetryStrategyTests {
    @Test func classifiesThrottlingTransientAndClockSkew() {
        #expect(RetryStrategy.classify(status: 503, code: "SlowDown") == .throttling)
        #expect(RetryStrategy.classify(status: 400, code: "ThrottlingException") == .throttling)
        #expect(RetryStrategy.classify(status: 429, code: "Throttled") == .throttling)
        #expect(RetryStrategy.classify(status: 400, code: "ProvisionedThroughputExceededException") == .throttling)
        #expect(RetryStrategy.classify(status: 500, code: "InternalError") == .transient)
        #expect(RetryStrategy.classify(status: 504, code: "GatewayTimeout") == .transient)
        #expect(RetryStrategy.classify(status: 400, code: "RequestTimeout") == .transient)
        #expect(RetryStrategy.classify(status: 409, code: "ConditionalRequestConflict") == .transient)
        #expect(RetryStrategy.classify(status: 412, code: "PreconditionFailed") == nil)
        #expect(RetryStrategy.classify(status: 403, code: "RequestTimeTooSkewed") == .clockSkew)
        #expect(RetryStrategy.classify(status: 400, code: "ValidationException") == nil)
        #expect(RetryStrategy.classify(status: 404, code: "NoSuchKey") == nil)
        #expect(RetryStrategy.classify(HTTPError.connect(url: "u", detail: "refused")) == .transient)
        #expect(RetryStrategy.classify(HTTPError.tls(url: "u", detail: "bad cert")) == nil)
    }

    @Test func backoffIsFullJitterCappedAtTwentySeconds() {
        let strategy = RetryStrategy()
        #expect(strategy.backoff(retry: 1, random: 0.5) == .milliseconds(500))
        #expect(strategy.backoff(retry: 2, random: 0.5) == .seconds(1))
        #expect(strategy.backoff(retry: 3, random: 1) == .seconds(4))
        #expect(strategy.backoff(retry: 10, random: 1) == .seconds(20))
        #expect(strategy.backoff(retry: 40, random: 0.25) == .seconds(5))
        #expect(strategy.backoff(retry: 1, random: 0) == .zero)
    }

    @Test func quotaStopsRetriesWhenExhaustedAndRefillsOnSuccess() {
        let strategy = RetryStrategy()
        var granted = 0
        while strategy.acquireRetryToken(isTimeout: false) { granted += 1 }
        #expect(granted == 100)
        #expect(!strategy.acquireRetryToken(isTimeout: true))
        strategy.recordSuccess(retriedWithTimeout: false)
        #expect(strategy.availableTokens == 5)
        strategy.recordSuccess(retriedWithTimeout: nil)
        #expect(strategy.availableTokens == 6)
    }

    @Test func clockSkewOnlyCountsAboveTheThreshold() {
        let skew = ClockSkew()
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(!skew.update(serverDate: now.addingTimeInterval(30), localDate: now))
        #expect(skew.seconds == 0)
        #expect(skew.update(serverDate: now.addingTimeInterval(-1800), localDate: now))
        #expect(skew.seconds == -1800)
    }
}

import Foundation
