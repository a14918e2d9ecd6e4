import Testing

@testable import GA4

@Suite struct QuotaPolicyTests {
    @Test func findsTheFirstBucketBelowItsFloor() {
        var quota = PropertyQuota()
        quota[.tokensPerDay] = QuotaStatus(consumed: 5, remaining: 150_000)
        quota[.tokensPerHour] = QuotaStatus(consumed: 5, remaining: 4_000)
        quota[.concurrentRequests] = QuotaStatus(consumed: 0, remaining: 0)
        #expect(QuotaPolicy.standard.shortfall(in: quota) == nil)
        quota[.tokensPerProjectPerHour] = QuotaStatus(consumed: 5, remaining: 1_399)
        #expect(QuotaPolicy.standard.shortfall(in: quota) == QuotaShortfall(bucket: .tokensPerProjectPerHour, remaining: 1_399, minimum: 1_400))
    }

    @Test func tellsTokenExhaustionFromConcurrency() {
        let hourly = GoogleRPCStatus(code: 429, message: "Exhausted property tokens for a project per hour.", status: "RESOURCE_EXHAUSTED")
        let concurrent = GoogleRPCStatus(code: 429, message: "Exhausted concurrent requests quota.", status: "RESOURCE_EXHAUSTED")
        #expect(!GA4DataClient.isRetryable(httpStatus: 429, status: hourly))
        #expect(GA4DataClient.isRetryable(httpStatus: 429, status: concurrent))
        #expect(GA4DataClient.isRetryable(httpStatus: 503, status: concurrent))
        #expect(!GA4DataClient.isRetryable(httpStatus: 403, status: concurrent))
        #expect(GA4Error.api(method: "runReport", resource: "properties/1", httpStatus: 429, status: hourly).quotaExhaustionMessage
            == "Exhausted property tokens for a project per hour.")
    }

    @Test func backoffGrowsWithinItsBoundsAndHonoursRetryAfter() {
        let policy = RetryPolicy(maxAttempts: 5, initialDelay: .seconds(1), maxDelay: .seconds(8))
        for _ in 0..<100 {
            let first = policy.delay(afterAttempt: 1)
            #expect(first >= .milliseconds(500) && first <= .seconds(1))
            let fourth = policy.delay(afterAttempt: 4)
            #expect(fourth >= .seconds(4) && fourth <= .seconds(8))
            #expect(policy.delay(afterAttempt: 10) <= .seconds(8))
            #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(5)) == .seconds(5))
        }
    }

    @Test func describesAStopWithItsProgress() throws {
        let stop = QuotaStop(
            property: try PropertyID("42"), reason: .lowQuota(QuotaShortfall(bucket: .tokensPerHour, remaining: 10, minimum: 4000)),
            rowsRead: 2000, rowCount: 5000, nextOffset: 2000, pagesRead: 2)
        #expect(stop.description == "stopped properties/42 for quota (quota low: tokensPerHour has 10 left, below the floor of 4000) after 2 pages and 2000 of 5000 rows; resume at offset 2000")
    }
}
