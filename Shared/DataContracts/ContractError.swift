/// A contract that cannot be used: it does not parse, is not ODCS v3.x, or uses a rule or option this
/// implementation does not know. Never a silent pass: the file is quarantined with this as the reason.
public struct ContractError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The contract's name (its source key or file name).
    public let contract: String
    /// 1-based YAML line, 0 when unknown.
    public let line: Int
    /// The rule or element concerned (`schema.orders.properties.amount.logicalTypeOptions.pattern`).
    public let rule: String
    public let message: String

    public init(contract: String, line: Int, rule: String, message: String) {
        self.contract = contract
        self.line = line
        self.rule = rule
        self.message = message
    }

    public var description: String { "contract \(contract), line \(line), \(rule): \(message)" }
}
