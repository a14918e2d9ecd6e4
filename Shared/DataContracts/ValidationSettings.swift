/// Limits and defaults for a validation run (configured by the function, not by the contract).
public struct ValidationSettings: Sendable {
    /// Keys a uniqueness check may hold (8 bytes each at ≤ 70 % load) before it reports `skipped: too many keys`.
    public var maximumUniqueKeys: Int
    /// Failing rows listed in the report, with their line numbers.
    public var failingRowLimit: Int
    /// Samples kept per check.
    public var samplesPerCheck: Int
    /// Characters of a value kept in a sample.
    public var sampleValueLength: Int
    /// Dimension thresholds used when the contract's `customProperties.dimensionThresholds` has none.
    public var dimensionThresholds: [String: Double]

    /// The seed's targets: completeness 0.95, accuracy 0.98, consistency 0.99, validity 0.97; ODCS's
    /// `conformity` (its name for validity) 0.97; uniqueness 1.0 (a repeated key is a failure).
    public static let defaultDimensionThresholds: [String: Double] = [
        "completeness": 0.95, "accuracy": 0.98, "consistency": 0.99, "validity": 0.97, "conformity": 0.97, "uniqueness": 1.0,
    ]

    public init(
        maximumUniqueKeys: Int = 10_000_000, failingRowLimit: Int = 20, samplesPerCheck: Int = 5, sampleValueLength: Int = 80,
        dimensionThresholds: [String: Double] = ValidationSettings.defaultDimensionThresholds
    ) {
        self.maximumUniqueKeys = maximumUniqueKeys
        self.failingRowLimit = failingRowLimit
        self.samplesPerCheck = samplesPerCheck
        self.sampleValueLength = sampleValueLength
        self.dimensionThresholds = dimensionThresholds
    }
}
