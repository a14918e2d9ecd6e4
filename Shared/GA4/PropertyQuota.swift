/// The property's quota state after a request (`PropertyQuota`, returned with `returnPropertyQuota: true`).
public struct PropertyQuota: Sendable, Equatable, Codable {
    public var buckets: [Bucket: QuotaStatus]

    public init(buckets: [Bucket: QuotaStatus] = [:]) {
        self.buckets = buckets
    }

    public subscript(bucket: Bucket) -> QuotaStatus? {
        get { buckets[bucket] }
        set { buckets[bucket] = newValue }
    }

    /// The quota buckets, named as in the API.
    public enum Bucket: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
        case tokensPerDay
        case tokensPerHour
        case concurrentRequests
        case serverErrorsPerProjectPerHour
        case potentiallyThresholdedRequestsPerHour
        case tokensPerProjectPerHour
    }
}

/// One bucket: what the request consumed and what remains after it.
public struct QuotaStatus: Sendable, Equatable, Codable {
    public var consumed: Int64
    public var remaining: Int64

    public init(consumed: Int64, remaining: Int64) {
        self.consumed = consumed
        self.remaining = remaining
    }
}
