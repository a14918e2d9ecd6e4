/// A business rule whose columns are all numbers or booleans (`quantity * unit_price - total`), evaluated on
/// plain (kind, number) pairs in a preallocated stack: the same steps and the same SQL semantics as
/// `SQLProgram.evaluate`, without the general value's text case, so a row's evaluation copies no enum with a
/// reference inside and grows no array. Rules that touch text (text columns or literals, LIKE, LOWER, UPPER,
/// LENGTH, TRIM) keep the general evaluator.
struct NumericSQLProgram: Sendable {
    struct Value: Equatable {
        enum Kind: UInt8 { case null, number, boolean }
        var kind: Kind
        /// The number; a boolean is 0 or 1 (its value wherever SQLValue reads a boolean as a number).
        var number: Double

        static let null = Value(kind: .null, number: 0)
        static func number(_ value: Double) -> Value { Value(kind: .number, number: value) }
        static func boolean(_ value: Bool) -> Value { Value(kind: .boolean, number: value ? 1 : 0) }

        /// As `SQLValue.truth`: a number or boolean is true when not zero.
        @inline(__always) var truth: Bool? { kind == .null ? nil : number != 0 }
    }

    enum Step: Sendable {
        case column(Int)
        case constant(Value)
        case negate, not, abs
        case arithmetic(SQLExpression.ArithmeticOperator)
        case comparison(SQLExpression.ComparisonOperator)
        case andShortCircuit(to: Int), and, orShortCircuit(to: Int), or
        case isNull(negated: Bool)
        case inList(count: Int, negated: Bool)
        case between(negated: Bool)
        case coalesce(arguments: Int)
    }

    let steps: [Step]
    /// Most values on the stack at once.
    let depth: Int

    /// The numeric form of `program`, or nil when it reads a column `isNumeric` rejects or touches text.
    init?(_ program: SQLProgram, isNumeric: (Int) -> Bool) {
        var steps: [Step] = []
        var height = 0, depth = 0
        for step in program.steps {
            let numeric: Step
            switch step {
            case .column(let index):
                guard isNumeric(index) else { return nil }
                numeric = .column(index)
            case .literal(.null): numeric = .constant(.null)
            case .literal(.number(let value)): numeric = .constant(.number(value))
            case .literal(.boolean(let value)): numeric = .constant(.boolean(value))
            case .literal(.text), .like: return nil
            case .negate: numeric = .negate
            case .not: numeric = .not
            case .arithmetic(let op): numeric = .arithmetic(op)
            case .comparison(let op): numeric = .comparison(op)
            case .andShortCircuit(let target): numeric = .andShortCircuit(to: target)
            case .and: numeric = .and
            case .orShortCircuit(let target): numeric = .orShortCircuit(to: target)
            case .or: numeric = .or
            case .isNull(let negated): numeric = .isNull(negated: negated)
            case .inList(let count, let negated): numeric = .inList(count: count, negated: negated)
            case .between(let negated): numeric = .between(negated: negated)
            case .function(.abs, 1): numeric = .abs
            case .function(.coalesce, let arguments): numeric = .coalesce(arguments: arguments)
            case .function: return nil
            }
            switch numeric {
            case .column, .constant: height += 1
            case .arithmetic, .comparison, .and, .or: height -= 1
            case .inList(let count, _): height -= count
            case .between: height -= 2
            case .coalesce(let arguments): height -= arguments - 1
            case .negate, .not, .abs, .andShortCircuit, .orShortCircuit, .isNull: break
            }
            depth = max(depth, height)
            steps.append(numeric)
        }
        self.steps = steps
        self.depth = depth
    }

    /// The predicate's truth for one row (nil: NULL); `stack` holds at least `depth` values.
    func evaluate(stack: UnsafeMutablePointer<Value>, _ column: (Int) -> Value) -> Bool? {
        var top = 0  // values on the stack
        var position = 0
        return steps.withUnsafeBufferPointer { steps in
            let count = steps.count
            while position < count {
                let step = steps[position]
                position += 1
                switch step {
                case .column(let index): stack[top] = column(index); top += 1
                case .constant(let value): stack[top] = value; top += 1
                case .negate:
                    if stack[top - 1].kind != .null { stack[top - 1] = .number(-stack[top - 1].number) }
                case .not:
                    if let truth = stack[top - 1].truth { stack[top - 1] = .boolean(!truth) }
                case .abs:
                    if stack[top - 1].kind != .null { stack[top - 1] = .number(Swift.abs(stack[top - 1].number)) }
                case .arithmetic(let op):
                    top -= 1
                    let lhs = stack[top - 1], rhs = stack[top]
                    guard lhs.kind != .null && rhs.kind != .null else { stack[top - 1] = .null; continue }
                    let a = lhs.number, b = rhs.number
                    stack[top - 1] = switch op {
                    case .add: .number(a + b)
                    case .subtract: .number(a - b)
                    case .multiply: .number(a * b)
                    case .divide: b == 0 ? .null : .number(a / b)
                    case .modulo: b == 0 ? .null : .number(a.truncatingRemainder(dividingBy: b))
                    }
                case .comparison(let op):
                    top -= 1
                    guard let order = Self.compare(stack[top - 1], stack[top]) else { stack[top - 1] = .null; continue }
                    stack[top - 1] = .boolean(op.holds(order))
                case .andShortCircuit(let target):
                    if stack[top - 1].truth == false { stack[top - 1] = .boolean(false); position = target }
                case .orShortCircuit(let target):
                    if stack[top - 1].truth == true { stack[top - 1] = .boolean(true); position = target }
                case .and:
                    top -= 1
                    let b = stack[top].truth, a = stack[top - 1].truth
                    stack[top - 1] = b == false ? .boolean(false) : (a == true && b == true ? .boolean(true) : .null)
                case .or:
                    top -= 1
                    let b = stack[top].truth, a = stack[top - 1].truth
                    stack[top - 1] = b == true ? .boolean(true) : (a == false && b == false ? .boolean(false) : .null)
                case .isNull(let negated):
                    let isNull = stack[top - 1].kind == .null
                    stack[top - 1] = .boolean(negated ? !isNull : isNull)
                case .inList(let items, let negated):
                    let first = top - items
                    let value = stack[first - 1]
                    var result = Value.null
                    if value.kind != .null {
                        var sawNull = false, found = false
                        for index in first..<top {
                            if stack[index].kind == .null { sawNull = true; continue }
                            if Self.compare(value, stack[index]) == 0 { found = true; break }
                        }
                        result = found ? .boolean(!negated) : (sawNull ? .null : .boolean(negated))
                    }
                    top = first
                    stack[top - 1] = result
                case .between(let negated):
                    top -= 2
                    let value = stack[top - 1], low = stack[top], high = stack[top + 1]
                    guard let lower = Self.compare(value, low), let upper = Self.compare(value, high) else { stack[top - 1] = .null; continue }
                    let inside = lower >= 0 && upper <= 0
                    stack[top - 1] = .boolean(negated ? !inside : inside)
                case .coalesce(let arguments):
                    let first = top - arguments
                    var result = Value.null
                    for index in first..<top where stack[index].kind != .null { result = stack[index]; break }
                    top = first + 1
                    stack[first] = result
                }
            }
            return top == 0 ? nil : stack[top - 1].truth
        }
    }

    /// The predicate over `count` rows at once, step by step across the rows, so the program is interpreted once
    /// per block instead of once per row: `holds[row]` is true where the predicate is TRUE. `column(index)` gives
    /// a column's values for the rows; `stack` holds `depth * count` values. Short circuits are not taken: every
    /// step is pure and `and`/`or` give SQL's three-valued answer for any operands, so the answers are
    /// `evaluate`'s, row by row.
    func evaluate(rows count: Int, stack: UnsafeMutablePointer<Value>, column: (Int) -> UnsafePointer<Value>, holds: UnsafeMutablePointer<Bool>) {
        var top = 0
        @inline(__always) func level(_ index: Int) -> UnsafeMutablePointer<Value> { stack + index * count }
        @inline(__always) func unary(_ transform: (Value) -> Value) {
            let values = level(top - 1)
            for row in 0..<count { values[row] = transform(values[row]) }
        }
        @inline(__always) func binary(_ combine: (Value, Value) -> Value) {
            top -= 1
            let lhs = level(top - 1), rhs = level(top)
            for row in 0..<count { lhs[row] = combine(lhs[row], rhs[row]) }
        }
        @inline(__always) func arithmetic(_ operation: (Double, Double) -> Value) {
            binary { a, b in a.kind == .null || b.kind == .null ? .null : operation(a.number, b.number) }
        }
        for step in steps {
            switch step {
            case .column(let index):
                level(top).update(from: column(index), count: count)
                top += 1
            case .constant(let value):
                level(top).update(repeating: value, count: count)
                top += 1
            case .negate: unary { $0.kind == .null ? $0 : .number(-$0.number) }
            case .not: unary { value in value.truth.map { .boolean(!$0) } ?? value }
            case .abs: unary { $0.kind == .null ? $0 : .number(Swift.abs($0.number)) }
            case .arithmetic(.add): arithmetic { .number($0 + $1) }
            case .arithmetic(.subtract): arithmetic { .number($0 - $1) }
            case .arithmetic(.multiply): arithmetic { .number($0 * $1) }
            case .arithmetic(.divide): arithmetic { $1 == 0 ? .null : .number($0 / $1) }
            case .arithmetic(.modulo): arithmetic { $1 == 0 ? .null : .number($0.truncatingRemainder(dividingBy: $1)) }
            case .comparison(let op):
                binary { a, b in Self.compare(a, b).map { .boolean(op.holds($0)) } ?? .null }
            case .andShortCircuit, .orShortCircuit:
                break
            case .and:
                binary { a, b in
                    let x = a.truth, y = b.truth
                    return x == false || y == false ? .boolean(false) : (x == true && y == true ? .boolean(true) : .null)
                }
            case .or:
                binary { a, b in
                    let x = a.truth, y = b.truth
                    return x == true || y == true ? .boolean(true) : (x == false && y == false ? .boolean(false) : .null)
                }
            case .isNull(let negated):
                unary { .boolean(($0.kind == .null) != negated) }
            case .inList(let items, let negated):
                let first = top - items
                let values = level(first - 1)
                for row in 0..<count {
                    let value = values[row]
                    guard value.kind != .null else { continue }
                    var sawNull = false, found = false
                    for index in first..<top {
                        let item = level(index)[row]
                        if item.kind == .null { sawNull = true; continue }
                        if Self.compare(value, item) == 0 { found = true; break }
                    }
                    values[row] = found ? .boolean(!negated) : (sawNull ? .null : .boolean(negated))
                }
                top = first
            case .between(let negated):
                top -= 2
                let values = level(top - 1), lows = level(top), highs = level(top + 1)
                for row in 0..<count {
                    guard let lower = Self.compare(values[row], lows[row]), let upper = Self.compare(values[row], highs[row]) else {
                        values[row] = .null
                        continue
                    }
                    let inside = lower >= 0 && upper <= 0
                    values[row] = .boolean(negated ? !inside : inside)
                }
            case .coalesce(let arguments):
                let first = top - arguments
                let values = level(first)
                for row in 0..<count where values[row].kind == .null {
                    for index in (first + 1)..<top where level(index)[row].kind != .null {
                        values[row] = level(index)[row]
                        break
                    }
                }
                top = first + 1
            }
        }
        if top == 0 {
            holds.update(repeating: false, count: count)
            return
        }
        let values = level(top - 1)
        for row in 0..<count { holds[row] = values[row].truth == true }
    }

    /// As `SQLProgram.compare` for numbers and booleans (a boolean orders as 0 or 1 either way).
    @inline(__always)
    static func compare(_ a: Value, _ b: Value) -> Int? {
        if a.kind == .null || b.kind == .null { return nil }
        let x = a.number, y = b.number
        return x < y ? -1 : (x == y ? 0 : 1)
    }
}
