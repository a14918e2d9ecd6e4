/// SQL semantics for one row: NULL propagates through arithmetic and comparisons, AND/OR/NOT use
/// three-valued logic, text compares with text and numbers with numbers (a text that reads as a number is
/// compared as one, as DuckDB's implicit casts do for numeric literals).
extension SQLExpression {
    func evaluate(_ column: (Int) -> SQLValue) -> SQLValue {
        switch self {
        case .column(let index): return column(index)
        case .literal(let value): return value
        case .negate(let inner):
            guard let number = inner.evaluate(column).number else { return .null }
            return .number(-number)
        case .not(let inner):
            guard let truth = inner.evaluate(column).truth else { return .null }
            return .boolean(!truth)
        case .arithmetic(let op, let lhs, let rhs):
            guard let a = lhs.evaluate(column).number, let b = rhs.evaluate(column).number else { return .null }
            switch op {
            case .add: return .number(a + b)
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            case .divide: return b == 0 ? .null : .number(a / b)
            case .modulo: return b == 0 ? .null : .number(a.truncatingRemainder(dividingBy: b))
            }
        case .comparison(let op, let lhs, let rhs):
            guard let order = Self.compare(lhs.evaluate(column), rhs.evaluate(column)) else { return .null }
            switch op {
            case .equal: return .boolean(order == 0)
            case .notEqual: return .boolean(order != 0)
            case .less: return .boolean(order < 0)
            case .lessOrEqual: return .boolean(order <= 0)
            case .greater: return .boolean(order > 0)
            case .greaterOrEqual: return .boolean(order >= 0)
            }
        case .and(let lhs, let rhs):
            let a = lhs.evaluate(column).truth
            if a == false { return .boolean(false) }
            let b = rhs.evaluate(column).truth
            if b == false { return .boolean(false) }
            return a == true && b == true ? .boolean(true) : .null
        case .or(let lhs, let rhs):
            let a = lhs.evaluate(column).truth
            if a == true { return .boolean(true) }
            let b = rhs.evaluate(column).truth
            if b == true { return .boolean(true) }
            return a == false && b == false ? .boolean(false) : .null
        case .isNull(let inner, let negated):
            let isNull = inner.evaluate(column) == .null
            return .boolean(negated ? !isNull : isNull)
        case .inList(let inner, let items, let negated):
            let value = inner.evaluate(column)
            if value == .null { return .null }
            var sawNull = false
            for item in items {
                let candidate = item.evaluate(column)
                if candidate == .null { sawNull = true; continue }
                if Self.compare(value, candidate) == 0 { return .boolean(!negated) }
            }
            return sawNull ? .null : .boolean(negated)
        case .between(let inner, let low, let high, let negated):
            let value = inner.evaluate(column)
            guard let lower = Self.compare(value, low.evaluate(column)), let upper = Self.compare(value, high.evaluate(column)) else { return .null }
            let inside = lower >= 0 && upper <= 0
            return .boolean(negated ? !inside : inside)
        case .like(let inner, let pattern, let negated):
            guard let text = inner.evaluate(column).text else { return .null }
            let matched = pattern.matches(text)
            return .boolean(negated ? !matched : matched)
        case .function(let function, let arguments):
            let value = arguments[0].evaluate(column)
            switch function {
            case .abs: return value.number.map { .number(Swift.abs($0)) } ?? .null
            case .lower: return value.text.map { .text($0.lowercased()) } ?? .null
            case .upper: return value.text.map { .text($0.uppercased()) } ?? .null
            case .length: return value.text.map { .number(Double($0.count)) } ?? .null
            case .trim: return value.text.map { .text(String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())) } ?? .null
            case .coalesce:
                for argument in arguments {
                    let candidate = argument.evaluate(column)
                    if candidate != .null { return candidate }
                }
                return .null
            }
        }
    }

    /// -1, 0, 1, or nil when either side is NULL or the two cannot be compared.
    static func compare(_ a: SQLValue, _ b: SQLValue) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.text(let x), .text(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (!x ? -1 : 1)
        default:
            guard let x = a.number, let y = b.number else { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        }
    }
}

extension SQLValue {
    var number: Double? {
        switch self {
        case .number(let value): value
        case .text(let text): Double(text)
        case .boolean(let value): value ? 1 : 0
        case .null: nil
        }
    }

    var text: String? {
        switch self {
        case .text(let text): text
        case .number(let value): Threshold.text(value)
        case .boolean(let value): value ? "true" : "false"
        case .null: nil
        }
    }

    var truth: Bool? {
        switch self {
        case .boolean(let value): value
        case .number(let value): value != 0
        case .null, .text: nil
        }
    }
}
