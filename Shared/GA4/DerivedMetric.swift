/// A ratio of two metrics, computed as a ratio of sums: per row it is numerator ÷ denominator, and over many
/// rows it is Σ numerator ÷ Σ denominator, never an average of per-row ratios. Null when the denominator is 0.
public struct DerivedMetric: Sendable, Equatable, Codable {
    /// The column name (snake_case).
    public var name: String
    public var numerator: String
    public var denominator: String

    public init(name: String, numerator: String, denominator: String) {
        self.name = name
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `pages_per_session` = screenPageViews ÷ sessions (GA's screenPageViewsPerSession); `sessions_per_user` =
    /// sessions ÷ activeUsers (GA's sessionsPerUser is "Sessions divided by Active Users"); `events_per_session`
    /// = eventCount ÷ sessions.
    public static let standard: [DerivedMetric] = [
        DerivedMetric(name: "pages_per_session", numerator: "screenPageViews", denominator: "sessions"),
        DerivedMetric(name: "sessions_per_user", numerator: "sessions", denominator: "activeUsers"),
        DerivedMetric(name: "events_per_session", numerator: "eventCount", denominator: "sessions"),
    ]

    /// True when the report has both inputs.
    public func applies(to metrics: [String]) -> Bool {
        metrics.contains(numerator) && metrics.contains(denominator)
    }

    /// The ratio of the two sums over `rows`, or nil when the denominator sums to 0.
    public static func ratioOfSums(_ numerator: MetricColumn, _ denominator: MetricColumn, rows: Range<Int>) -> Double? {
        var top = 0.0
        var bottom = 0.0
        for row in rows {
            top += numerator.doubleValue(at: row)
            bottom += denominator.doubleValue(at: row)
        }
        return bottom == 0 ? nil : top / bottom
    }
}
