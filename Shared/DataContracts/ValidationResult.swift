import JSONText

/// Everything a validation found, and the verdict.
public struct ValidationResult: Sendable {
    public let contract: DataContract
    public let object: ContractObject
    public let rows: Int
    public let checks: [CheckResult]
    public let failingRows: [ContractValidator.FailingRow]

    /// The result for a file that could not be checked because its contract is unusable: one `contract`
    /// check with the error, so the file is quarantined and the report says why.
    public static func contractUnusable(_ problem: ContractError) -> ValidationResult {
        let contract = DataContract(id: "", name: "", version: "", apiVersion: "", sourceName: problem.contract, objects: [],
                                    dialect: FileDialect(), dimensionThresholds: [:])
        let object = ContractObject(name: "", line: 0, properties: [], quality: [], columnPolicy: .exact)
        let check = CheckResult(
            id: "contract", type: "contract", name: "The data contract loads", object: "", property: nil, dimension: nil, severity: .error,
            outcome: .error, reason: problem.description, metric: nil, value: nil, threshold: nil, unit: .rows, rowCount: 0, failedCount: 0,
            nonNullRows: nil, samples: [], isRowLevel: false)
        return ValidationResult(contract: contract, object: object, rows: 0, checks: [check], failingRows: [])
    }

    /// `error` when a check could not run (the file did not decode), `failed` when an `error`-severity check
    /// failed, `warning` when only warnings failed, else `passed`.
    public var outcome: CheckResult.Outcome {
        if checks.contains(where: { $0.outcome == .error }) { return .error }
        if checks.contains(where: { $0.outcome == .failed }) { return .failed }
        if checks.contains(where: { $0.outcome == .warning }) { return .warning }
        return .passed
    }

    /// Passed and warning files are promoted; failed and error files are quarantined (an engine error never
    /// promotes a file).
    public var isPromoted: Bool { outcome == .passed || outcome == .warning }

    /// Dimension scores, by dimension.
    public var dimensionScores: [String: Double] {
        var scores: [String: Double] = [:]
        for check in checks where check.type == "dimension_score" { scores[check.dimension ?? ""] = check.value }
        return scores
    }

    /// The JSON members for a report: `result`, `dataContractId`, `dataContractVersion`, `model`, `rows`,
    /// `checks` (datacontract-cli's run-JSON shape), `dimensions` and `failingRows`. Callers wrap them with
    /// their own members (input object, timestamps) into one object.
    public var jsonMembers: String {
        var out = ""
        out += "\"result\":\(JSONString.quoted(outcome.rawValue))"
        out += ",\"dataContractId\":\(JSONString.quoted(contract.id)),\"dataContractVersion\":\(JSONString.quoted(contract.version))"
        out += ",\"apiVersion\":\(JSONString.quoted(contract.apiVersion)),\"model\":\(JSONString.quoted(object.name))"
        out += ",\"rows\":\(rows)"
        out += ",\"checks\":[" + checks.map(Self.json).joined(separator: ",") + "]"
        out += ",\"dimensions\":{"
        out += checks.filter { $0.type == "dimension_score" }.map { check in
            let threshold: String
            if case .greaterOrEqual(let value)? = check.threshold { threshold = Self.number(value) } else { threshold = "null" }
            return "\(JSONString.quoted(check.dimension ?? "")):{\"score\":\(Self.number(check.value ?? 1)),\"threshold\":\(threshold),\"passed\":\(check.outcome != .failed),\"rows\":\(check.rowCount),\"failedRows\":\(check.failedCount)}"
        }.joined(separator: ",")
        out += "},\"failingRows\":["
        out += failingRows.map { row in
            "{\"line\":\(row.line),\"checks\":[\(row.checks.map(JSONString.quoted).joined(separator: ","))],\"values\":[\(row.values.map(JSONString.quoted).joined(separator: ","))]}"
        }.joined(separator: ",")
        out += "]"
        return out
    }

    static func json(_ check: CheckResult) -> String {
        var out = "{\"id\":\(JSONString.quoted(check.id)),\"type\":\(JSONString.quoted(check.type)),\"name\":\(JSONString.quoted(check.name))"
        out += ",\"model\":\(JSONString.quoted(check.object)),\"field\":\(check.property.map(JSONString.quoted) ?? "null")"
        out += ",\"dimension\":\(check.dimension.map(JSONString.quoted) ?? "null"),\"severity\":\(JSONString.quoted(check.severity.rawValue))"
        out += ",\"result\":\(JSONString.quoted(check.outcome.rawValue)),\"reason\":\(check.reason.map(JSONString.quoted) ?? "null")"
        out += ",\"diagnostics\":{\"metric\":\(check.metric.map(JSONString.quoted) ?? "null"),\"value\":\(check.value.map(number) ?? "null")"
        out += ",\"threshold\":\(check.threshold.map { JSONString.quoted($0.description) } ?? "null"),\"unit\":\(JSONString.quoted(check.unit.rawValue))"
        out += ",\"row_count\":\(check.rowCount),\"failed_count\":\(check.failedCount),\"failed_fraction\":\(number(check.failedFraction))"
        out += ",\"non_null_rows\":\(check.nonNullRows.map(String.init) ?? "null")}"
        out += ",\"samples\":[" + check.samples.map { sample in
            "{\"line\":\(sample.line),\"column\":\(sample.column.map(JSONString.quoted) ?? "null"),\"value\":\(sample.value.map(JSONString.quoted) ?? "null")}"
        }.joined(separator: ",") + "]}"
        return out
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
