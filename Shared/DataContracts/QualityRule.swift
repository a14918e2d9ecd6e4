/// One ODCS `quality` entry (on an object or a property), kept close to the YAML so reports can quote it.
public struct QualityRule: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `type: library` (the default when `metric` is given).
        case library(LibraryMetric)
        /// `type: sql` with a `query`.
        case sql(query: String)
        /// `type: text`: documentation only, never checked.
        case text
        /// `type: custom` with an `engine` this implementation does not run.
        case custom(engine: String)
        /// `type: custom, engine: dqdl`: an AWS Glue DQDL ruleset (`DQDLRuleset`) in `implementation`, whose first
        /// line is YAML line `line`.
        case dqdl(ruleset: String, line: Int)
    }

    public var id: String?
    public var name: String?
    public var line: Int
    public var kind: Kind
    public var threshold: Threshold?
    public var unit: ThresholdUnit
    public var dimension: String?
    public var severity: Severity
    /// `arguments.validValues` (invalidValues), `arguments.missingValues` (missingValues).
    public var values: [String]?
    /// `arguments.pattern` (invalidValues).
    public var pattern: String?
    /// `arguments.properties` (multi-column duplicateValues).
    public var properties: [String]?
}

/// ODCS library metrics.
public enum LibraryMetric: String, Sendable {
    case rowCount, nullValues, missingValues, invalidValues, duplicateValues
}

/// ODCS `severity`; only `error` failures quarantine a file.
public enum Severity: String, Sendable {
    case error, warning, info
}
