import HTTP
import Synchronization

/// The SDKs' "standard" retry mode: a few attempts, full-jitter exponential backoff capped at 20 s, and a
/// shared retry quota so an outage does not multiply the load with retries.
public final class RetryStrategy: Sendable {
    /// Why a failed attempt may be retried.
    public enum Reason: Sendable, Equatable {
        case throttling
        case transient
        case clockSkew
    }

    public let maxAttempts: Int
    public let maxBackoff: Duration
    /// The quota's state: tokens left (capacity 500, a retry costs 5, a timeout retry 10, a success refunds 1).
    private let tokens = Mutex(500)
    private let capacity = 500

    public init(maxAttempts: Int = 3, maxBackoff: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxBackoff = maxBackoff
    }

    /// Error codes the SDKs treat as throttling (botocore's list plus SNS's `Throttled`), whatever the status.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "Throttled", "ActiveStatementsExceededException",
    ]
    /// Error codes that mean "try again" without being throttling.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServiceError",
        "InternalServiceException", "InternalServerException", "ServiceUnavailable", "OperationTimeoutException",
        // S3's 409 when a conditional write (If-None-Match / If-Match) races another write of the key: "retry".
        "ConditionalRequestConflict",
    ]
    /// Codes a request signed with a wrong clock gets back.
    public static let clockSkewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
        "SignatureDoesNotMatch", "AuthFailure",
    ]

    /// Whether a service error is worth another attempt, and why.
    public static func classify(status: Int, code: String) -> Reason? {
        if throttlingCodes.contains(code) || status == 429 { return .throttling }
        if [500, 502, 503, 504].contains(status) || transientCodes.contains(code) { return .transient }
        if clockSkewCodes.contains(code) { return .clockSkew }
        return nil
    }

    /// Whether a transport failure is worth another attempt.
    public static func classify(_ error: HTTPError) -> Reason? {
        error.isTransient ? .transient : nil
    }

    /// The wait before retry number `retry` (1 for the first retry): `random(0, 1) × min(2^(retry-1), 20)` s.
    public func backoff(retry: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
        let ceiling = min(Double(1 << min(retry - 1, 30)), Double(maxBackoff.components.seconds))
        return .milliseconds(Int((random * ceiling * 1000).rounded()))
    }

    /// Takes tokens for a retry; false when the quota is exhausted and the error should surface instead.
    func acquireRetryToken(isTimeout: Bool) -> Bool {
        let cost = isTimeout ? 10 : 5
        return tokens.withLock { available in
            guard available >= cost else { return false }
            available -= cost
            return true
        }
    }

    /// Gives back what a retry cost when it succeeded, or the small refund of a first-try success.
    func recordSuccess(retriedWithTimeout: Bool?) {
        let refund = retriedWithTimeout.map { $0 ? 10 : 5 } ?? 1
        tokens.withLock { $0 = min(capacity, $0 + refund) }
    }

    /// Tokens left, for tests and metrics.
    public var availableTokens: Int { tokens.withLock { $0 } }
}

/// The offset between this machine's clock and AWS's, learned from the `Date` header of clock-skew errors
/// and added to every later signature.
final class ClockSkew: Sendable {
    private let offset = Mutex<Double>(0)
    /// Skews smaller than this are left alone: the error had another cause.
    static let threshold: Double = 60

    var seconds: Double { offset.withLock { $0 } }

    /// Records the server's time; true when the skew is large enough that re-signing will help.
    func update(serverDate: Date, localDate: Date) -> Bool {
        let skew = serverDate.timeIntervalSince(localDate)
        guard abs(skew) >= Self.threshold else { return false }
        offset.withLock { $0 = skew }
        return true
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
