/// The outcome of one check, in the shape of datacontract-cli's run JSON (`result`, `reason`, diagnostics with
/// `metric`, `value`, `threshold`, `row_count`, `failed_fraction`) plus the ODCS rule id and dimension.
public struct CheckResult: Sendable {
    public enum Outcome: String, Sendable {
        case passed, warning, failed, skipped, error
    }

    public var id: String
    /// datacontract-cli's check type (`field_required`, `field_pattern`, `quality`, …).
    public var type: String
    public var name: String
    public var object: String
    public var property: String?
    public var dimension: String?
    public var severity: Severity
    public var outcome: Outcome
    public var reason: String?
    public var metric: String?
    public var value: Double?
    public var threshold: Threshold?
    public var unit: ThresholdUnit
    /// Rows the check looked at (every row of the file; reference §1.2: percentages divide by all rows).
    public var rowCount: Int
    /// Rows that failed it (for rowCount and business rules: the counted value).
    public var failedCount: Int
    public var nonNullRows: Int?
    /// The first few failures: physical line, column and a value excerpt.
    public var samples: [FailureSample]
    /// Whether `failedCount` counts failing rows, so the check feeds its dimension's score.
    public var isRowLevel: Bool

    public var failedFraction: Double { rowCount == 0 ? 0 : Double(failedCount) / Double(rowCount) }
}

/// One failing cell or row.
public struct FailureSample: Sendable, Equatable {
    public var line: Int
    public var column: String?
    public var value: String?
}
