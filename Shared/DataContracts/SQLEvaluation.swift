// SQL semantics for one row: NULL propagates through arithmetic and comparisons, AND/OR/NOT use
// three-valued logic, text compares with text and numbers with numbers (a text that reads as a number is
// compared as one, as DuckDB's implicit casts do for numeric literals).

/// A predicate compiled once into postfix steps and evaluated per row on a reused value stack: no recursion
/// through the expression tree and no reference counting of its nodes per row (the tree's indirect cases made
/// a business rule cost more than all the cell checks of its row).
struct SQLProgram: Sendable {
    enum Step: Sendable {
        case column(Int)
        case literal(SQLValue)
        case negate
        case not
        case arithmetic(SQLExpression.ArithmeticOperator)
        case comparison(SQLExpression.ComparisonOperator)
        /// AND's left side is FALSE: the result is FALSE without the right side (jump to the step after `and`).
        case andShortCircuit(to: Int)
        case and
        /// OR's left side is TRUE: the result is TRUE without the right side.
        case orShortCircuit(to: Int)
        case or
        case isNull(negated: Bool)
        case inList(count: Int, negated: Bool)
        case between(negated: Bool)
        case like(LikePattern, negated: Bool)
        case function(SQLFunction, arguments: Int)
    }

    let steps: [Step]

    init(_ expression: SQLExpression) {
        var steps: [Step] = []
        Self.compile(expression, into: &steps)
        self.steps = steps
    }

    private static func compile(_ expression: SQLExpression, into steps: inout [Step]) {
        switch expression {
        case .column(let index): steps.append(.column(index))
        case .literal(let value): steps.append(.literal(value))
        case .negate(let inner): compile(inner, into: &steps); steps.append(.negate)
        case .not(let inner): compile(inner, into: &steps); steps.append(.not)
        case .arithmetic(let op, let lhs, let rhs):
            compile(lhs, into: &steps); compile(rhs, into: &steps); steps.append(.arithmetic(op))
        case .comparison(let op, let lhs, let rhs):
            compile(lhs, into: &steps); compile(rhs, into: &steps); steps.append(.comparison(op))
        case .and(let lhs, let rhs), .or(let lhs, let rhs):
            let isAnd = if case .and = expression { true } else { false }
            compile(lhs, into: &steps)
            let jump = steps.count
            steps.append(.and)  // placeholder, patched below
            compile(rhs, into: &steps)
            steps.append(isAnd ? .and : .or)
            steps[jump] = isAnd ? .andShortCircuit(to: steps.count) : .orShortCircuit(to: steps.count)
        case .isNull(let inner, let negated): compile(inner, into: &steps); steps.append(.isNull(negated: negated))
        case .inList(let inner, let items, let negated):
            compile(inner, into: &steps)
            for item in items { compile(item, into: &steps) }
            steps.append(.inList(count: items.count, negated: negated))
        case .between(let inner, let low, let high, let negated):
            compile(inner, into: &steps); compile(low, into: &steps); compile(high, into: &steps)
            steps.append(.between(negated: negated))
        case .like(let inner, let pattern, let negated): compile(inner, into: &steps); steps.append(.like(pattern, negated: negated))
        case .function(let function, let arguments):
            for argument in arguments { compile(argument, into: &steps) }
            steps.append(.function(function, arguments: arguments.count))
        }
    }

    /// The predicate's value for one row; `stack` is scratch space kept between rows.
    func evaluate(stack: inout [SQLValue], _ column: (Int) -> SQLValue) -> SQLValue {
        stack.removeAll(keepingCapacity: true)
        var position = 0
        let count = steps.count
        while position < count {
            let step = steps[position]
            position += 1
            switch step {
            case .column(let index): stack.append(column(index))
            case .literal(let value): stack.append(value)
            case .negate:
                let value = stack.removeLast()
                stack.append(value.number.map { .number(-$0) } ?? .null)
            case .not:
                let value = stack.removeLast()
                stack.append(value.truth.map { .boolean(!$0) } ?? .null)
            case .arithmetic(let op):
                let rhs = stack.removeLast(), lhs = stack.removeLast()
                guard let a = lhs.number, let b = rhs.number else { stack.append(.null); continue }
                switch op {
                case .add: stack.append(.number(a + b))
                case .subtract: stack.append(.number(a - b))
                case .multiply: stack.append(.number(a * b))
                case .divide: stack.append(b == 0 ? .null : .number(a / b))
                case .modulo: stack.append(b == 0 ? .null : .number(a.truncatingRemainder(dividingBy: b)))
                }
            case .comparison(let op):
                let rhs = stack.removeLast(), lhs = stack.removeLast()
                guard let order = Self.compare(lhs, rhs) else { stack.append(.null); continue }
                stack.append(.boolean(op.holds(order)))
            case .andShortCircuit(let target):
                if stack[stack.count - 1].truth == false {
                    stack[stack.count - 1] = .boolean(false)
                    position = target
                }
            case .orShortCircuit(let target):
                if stack[stack.count - 1].truth == true {
                    stack[stack.count - 1] = .boolean(true)
                    position = target
                }
            case .and:
                let b = stack.removeLast().truth, a = stack.removeLast().truth
                stack.append(b == false ? .boolean(false) : (a == true && b == true ? .boolean(true) : .null))
            case .or:
                let b = stack.removeLast().truth, a = stack.removeLast().truth
                stack.append(b == true ? .boolean(true) : (a == false && b == false ? .boolean(false) : .null))
            case .isNull(let negated):
                let isNull = stack.removeLast() == .null
                stack.append(.boolean(negated ? !isNull : isNull))
            case .inList(let items, let negated):
                let first = stack.count - items
                let value = stack[first - 1]
                var result: SQLValue = .null
                if value != .null {
                    var sawNull = false, found = false
                    for candidate in stack[first...] {
                        if candidate == .null { sawNull = true; continue }
                        if Self.compare(value, candidate) == 0 { found = true; break }
                    }
                    result = found ? .boolean(!negated) : (sawNull ? .null : .boolean(negated))
                }
                stack.removeLast(items + 1)
                stack.append(result)
            case .between(let negated):
                let high = stack.removeLast(), low = stack.removeLast(), value = stack.removeLast()
                guard let lower = Self.compare(value, low), let upper = Self.compare(value, high) else { stack.append(.null); continue }
                let inside = lower >= 0 && upper <= 0
                stack.append(.boolean(negated ? !inside : inside))
            case .like(let pattern, let negated):
                let value = stack.removeLast()
                guard let text = value.text else { stack.append(.null); continue }
                let matched = pattern.matches(text)
                stack.append(.boolean(negated ? !matched : matched))
            case .function(let function, let arguments):
                let first = stack.count - arguments
                let value = stack[first]
                let result: SQLValue
                switch function {
                case .abs: result = value.number.map { .number(Swift.abs($0)) } ?? .null
                case .lower: result = value.text.map { .text($0.lowercased()) } ?? .null
                case .upper: result = value.text.map { .text($0.uppercased()) } ?? .null
                case .length: result = value.text.map { .number(Double($0.count)) } ?? .null
                case .trim: result = value.text.map { .text(String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())) } ?? .null
                case .coalesce: result = stack[first...].first { $0 != .null } ?? .null
                }
                stack.removeLast(arguments)
                stack.append(result)
            }
        }
        return stack.last ?? .null
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

extension SQLExpression.ComparisonOperator {
    /// Whether the comparison holds for two values whose order (`compare`) is `order`.
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
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
