/// When to stop spending the property's quota. The API reports what remains in each bucket after every request
/// (`propertyQuota`); once a bucket falls below its floor the client stops before the next request, so a
/// scheduled run ends cleanly and leaves the rest of the quota to other users of the property.
public struct QuotaPolicy: Sendable, Equatable {
    /// The lowest remaining value per bucket at which requests still go out.
    public var minimumRemaining: [PropertyQuota.Bucket: Int64]

    public init(minimumRemaining: [PropertyQuota.Bucket: Int64]) {
        self.minimumRemaining = minimumRemaining
    }

    /// About 10 % of a standard property's hourly and daily buckets (the share connectors stop at): 200,000
    /// tokens a day, 40,000 an hour, 14,000 per project an hour, 10 server errors and 120 thresholded requests
    /// an hour. Concurrency is not a floor: a 429 for it is retried instead.
    public static let standard = QuotaPolicy(minimumRemaining: [
        .tokensPerDay: 20_000,
        .tokensPerHour: 4_000,
        .tokensPerProjectPerHour: 1_400,
        .serverErrorsPerProjectPerHour: 1,
        .potentiallyThresholdedRequestsPerHour: 12,
    ])

    /// The first bucket (in the API's order) below its floor, if any.
    public func shortfall(in quota: PropertyQuota) -> QuotaShortfall? {
        for bucket in PropertyQuota.Bucket.allCases {
            guard let minimum = minimumRemaining[bucket], let status = quota[bucket] else { continue }
            if status.remaining < minimum {
                return QuotaShortfall(bucket: bucket, remaining: status.remaining, minimum: minimum)
            }
        }
        return nil
    }
}

/// A quota bucket below its floor.
public struct QuotaShortfall: Sendable, Equatable, Codable, CustomStringConvertible {
    public var bucket: PropertyQuota.Bucket
    public var remaining: Int64
    public var minimum: Int64

    public init(bucket: PropertyQuota.Bucket, remaining: Int64, minimum: Int64) {
        self.bucket = bucket
        self.remaining = remaining
        self.minimum = minimum
    }

    public var description: String { "\(bucket.rawValue) has \(remaining) left, below the floor of \(minimum)" }
}

/// A report fetch that stopped for quota before it was complete, and how far it got. Resume by fetching the
/// same request again from `nextOffset` once the quota has recovered (the next hour or day).
public struct QuotaStop: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable, Codable {
        /// `propertyQuota` showed a bucket below the policy's floor.
        case lowQuota(QuotaShortfall)
        /// The API refused with 429 RESOURCE_EXHAUSTED for a token or error bucket.
        case exhausted(message: String)
    }

    public var property: PropertyID
    public var reason: Reason
    /// Rows received before the stop (their pages are complete).
    public var rowsRead: Int
    /// The report's total, when a page had arrived.
    public var rowCount: Int?
    /// The offset of the first row not yet read.
    public var nextOffset: Int64
    public var pagesRead: Int

    public init(property: PropertyID, reason: Reason, rowsRead: Int, rowCount: Int?, nextOffset: Int64, pagesRead: Int) {
        self.property = property
        self.reason = reason
        self.rowsRead = rowsRead
        self.rowCount = rowCount
        self.nextOffset = nextOffset
        self.pagesRead = pagesRead
    }

    public var description: String {
        let why: String
        switch reason {
        case .lowQuota(let shortfall): why = "quota low: \(shortfall)"
        case .exhausted(let message): why = "quota exhausted: \(message)"
        }
        let total = rowCount.map { " of \($0)" } ?? ""
        return "stopped \(property) for quota (\(why)) after \(pagesRead) pages and \(rowsRead)\(total) rows; resume at offset \(nextOffset)"
    }
}
