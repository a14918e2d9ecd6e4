/// An ODCS threshold (`mustBe`, `mustNotBe`, `mustBeGreaterThan`, `mustBeGreaterOrEqualTo`, `mustBeLessThan`,
/// `mustBeLessOrEqualTo`, `mustBeBetween`, `mustNotBeBetween`).
///
/// Decision (reference §1.2): `mustBeBetween: [a, b]` is inclusive (`a <= x <= b`) as datacontract-cli,
/// SodaCL and DQDL evaluate it, although ODCS prose calls it exclusive; `mustNotBeBetween` is its negation.
public enum Threshold: Sendable, Equatable, CustomStringConvertible {
    case equal(Double)
    case notEqual(Double)
    case greaterThan(Double)
    case greaterOrEqual(Double)
    case lessThan(Double)
    case lessOrEqual(Double)
    case between(Double, Double)
    case notBetween(Double, Double)

    public func isMet(by value: Double) -> Bool {
        switch self {
        case .equal(let bound): value == bound
        case .notEqual(let bound): value != bound
        case .greaterThan(let bound): value > bound
        case .greaterOrEqual(let bound): value >= bound
        case .lessThan(let bound): value < bound
        case .lessOrEqual(let bound): value <= bound
        case .between(let low, let high): value >= low && value <= high
        case .notBetween(let low, let high): value < low || value > high
        }
    }

    /// The threshold in datacontract-cli's notation (`= 0`, `< 5`, `between 1 and 10`).
    public var description: String {
        switch self {
        case .equal(let bound): "= \(Self.text(bound))"
        case .notEqual(let bound): "!= \(Self.text(bound))"
        case .greaterThan(let bound): "> \(Self.text(bound))"
        case .greaterOrEqual(let bound): ">= \(Self.text(bound))"
        case .lessThan(let bound): "< \(Self.text(bound))"
        case .lessOrEqual(let bound): "<= \(Self.text(bound))"
        case .between(let low, let high): "between \(Self.text(low)) and \(Self.text(high))"
        case .notBetween(let low, let high): "not between \(Self.text(low)) and \(Self.text(high))"
        }
    }

    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// Whether a threshold counts rows or a percentage of all rows (reference §1.2: the denominator is every
/// row of the file, nulls included, as datacontract-cli's `failed_fraction`).
public enum ThresholdUnit: String, Sendable {
    case rows
    case percent
    /// The fraction (0...1) of rows that pass, as DQDL's `Completeness`, `Uniqueness` and `with threshold`
    /// compare it; not a contract unit.
    case passingFraction
}
