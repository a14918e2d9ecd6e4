/// DQDL row conditions as the predicate trees business rules evaluate, so DQDL's per-row rules run on the
/// same evaluator as ODCS SQL rules.
enum DQDLPredicates {
    /// Rows failing `ColumnValues <condition>`: a null fails, except for `!=` and `not in` (Glue's documented
    /// null behaviour for ColumnValues).
    static func failing(_ value: SQLExpression, _ condition: DQDLCondition) -> SQLExpression {
        switch condition {
        case .compare(.notEqual, let literal):
            return .comparison(.equal, value, .literal(literal))
        case .compare(let op, let literal):
            return .or(.isNull(value, negated: false), .not(.comparison(op, value, .literal(literal))))
        case .between(let low, let high, let negated):
            return .or(.isNull(value, negated: false), .not(.between(value, .literal(low), .literal(high), negated: negated)))
        case .inList(let items, negated: false):
            return .or(.isNull(value, negated: false), .inList(value, items.map { .literal($0) }, negated: true))
        case .inList(let items, negated: true):
            return .inList(value, items.map { .literal($0) }, negated: false)
        }
    }

    /// `value <threshold>` as a predicate.
    static func holds(_ value: SQLExpression, _ threshold: Threshold) -> SQLExpression {
        switch threshold {
        case .equal(let bound): .comparison(.equal, value, .literal(.number(bound)))
        case .notEqual(let bound): .comparison(.notEqual, value, .literal(.number(bound)))
        case .greaterThan(let bound): .comparison(.greater, value, .literal(.number(bound)))
        case .greaterOrEqual(let bound): .comparison(.greaterOrEqual, value, .literal(.number(bound)))
        case .lessThan(let bound): .comparison(.less, value, .literal(.number(bound)))
        case .lessOrEqual(let bound): .comparison(.lessOrEqual, value, .literal(.number(bound)))
        case .between(let low, let high): .between(value, .literal(.number(low)), .literal(.number(high)), negated: false)
        case .notBetween(let low, let high): .between(value, .literal(.number(low)), .literal(.number(high)), negated: true)
        }
    }

    /// `… from primary …` → `… FROM {object} …` (the word `primary` after `from`, any case).
    static func replacingPrimary(in query: String) -> String {
        var words = query.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for index in words.indices.dropFirst() where words[index].lowercased() == "primary" && words[index - 1].lowercased() == "from" {
            words[index] = "{object}"
        }
        return words.joined(separator: " ")
    }
}
