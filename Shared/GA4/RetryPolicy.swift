/// When and how long to wait before repeating a Data API request that failed for a reason that may pass:
/// HTTP 429 (concurrency), 5xx and broken connections. Exponential backoff with jitter, honouring `Retry-After`.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration
    public var multiplier: Double

    public init(maxAttempts: Int = 5, initialDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(32), multiplier: Double = 2) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.multiplier = multiplier
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1): between half and all of the exponential
    /// step, so clients that failed together do not retry together; at least `retryAfter` when the server asked.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil) -> Duration {
        var step = initialDelay
        for _ in 1..<max(1, attempt) {
            step = step * multiplier
            if step > maxDelay { break }
        }
        step = min(step, maxDelay)
        let jittered = step * Double.random(in: 0.5...1.0)
        if let retryAfter { return min(max(jittered, retryAfter), maxDelay) }
        return jittered
    }
}
