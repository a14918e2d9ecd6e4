import Testing
@testable import DataContracts

/// The numeric evaluator must give every predicate the truth the general evaluator gives it: random
/// expressions over nulls, numbers (zero, negatives, fractions) and booleans, compared row by row.
@Suite struct NumericSQLProgramTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static let samples: [SQLValue] = [.null, .number(0), .number(1), .number(-2.5), .number(0.01), .number(3), .boolean(true), .boolean(false)]

    static func expression(_ generator: inout Generator, depth: Int) -> SQLExpression {
        if depth == 0 || generator.next(4) == 0 {
            return generator.next(2) == 0 ? .column(generator.next(3)) : .literal(samples[generator.next(samples.count)])
        }
        func sub() -> SQLExpression { expression(&generator, depth: depth - 1) }
        switch generator.next(12) {
        case 0: return .negate(sub())
        case 1: return .not(sub())
        case 2: return .arithmetic([.add, .subtract, .multiply, .divide, .modulo][generator.next(5)], sub(), sub())
        case 3, 4: return .comparison([.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual][generator.next(6)], sub(), sub())
        case 5: return .and(sub(), sub())
        case 6: return .or(sub(), sub())
        case 7: return .isNull(sub(), negated: generator.next(2) == 0)
        case 8: return .inList(sub(), (0..<(1 + generator.next(3))).map { _ in sub() }, negated: generator.next(2) == 0)
        case 9: return .between(sub(), sub(), sub(), negated: generator.next(2) == 0)
        case 10: return .function(.abs, [sub()])
        default: return .function(.coalesce, (0..<(1 + generator.next(3))).map { _ in sub() })
        }
    }

    static func numeric(_ value: SQLValue) -> NumericSQLProgram.Value {
        switch value {
        case .null: .null
        case .number(let number): .number(number)
        case .boolean(let flag): .boolean(flag)
        case .text: fatalError("no text here")
        }
    }

    @Test func randomPredicatesHaveTheSameTruthAsTheGeneralEvaluator() {
        var generator = Generator(state: 42)
        var stack: [SQLValue] = []
        let numericStack = UnsafeMutablePointer<NumericSQLProgram.Value>.allocate(capacity: 256)
        defer { numericStack.deallocate() }
        for _ in 0..<3000 {
            let program = SQLProgram(Self.expression(&generator, depth: 4))
            guard let numeric = NumericSQLProgram(program, isNumeric: { _ in true }) else {
                Issue.record("a program without text was not given a numeric form")
                continue
            }
            #expect(numeric.depth <= 256)
            for _ in 0..<8 {
                let row = (0..<3).map { _ in Self.samples[generator.next(Self.samples.count)] }
                let expected = program.evaluate(stack: &stack) { row[$0] }.truth
                let actual = numeric.evaluate(stack: numericStack) { Self.numeric(row[$0]) }
                #expect(actual == expected, "\(program.steps) over \(row)")
            }
        }
    }

    @Test func rulesThatTouchTextKeepTheGeneralEvaluator() {
        let text = SQLProgram(.comparison(.equal, .column(0), .literal(.text("a"))))
        #expect(NumericSQLProgram(text, isNumeric: { _ in true }) == nil)
        let textColumn = SQLProgram(.comparison(.greater, .column(1), .literal(.number(1))))
        #expect(NumericSQLProgram(textColumn, isNumeric: { $0 == 0 }) == nil)
        #expect(NumericSQLProgram(SQLProgram(.function(.length, [.column(0)])), isNumeric: { _ in true }) == nil)
    }
}

extension NumericSQLProgramTests {
    /// A block's rows evaluated at once (step by step across rows, short circuits not taken) must give each row
    /// the truth the row-by-row evaluation gives it.
    @Test func blocksOfRowsHaveTheTruthOfEachRow() {
        var generator = Generator(state: 7)
        let rows = 16
        let stack = UnsafeMutablePointer<NumericSQLProgram.Value>.allocate(capacity: 256)
        let blockStack = UnsafeMutablePointer<NumericSQLProgram.Value>.allocate(capacity: 256 * rows)
        let columns = UnsafeMutablePointer<NumericSQLProgram.Value>.allocate(capacity: 3 * rows)
        let holds = UnsafeMutablePointer<Bool>.allocate(capacity: rows)
        defer { [stack, blockStack, columns].forEach { $0.deallocate() }; holds.deallocate() }
        for _ in 0..<3000 {
            guard let numeric = NumericSQLProgram(SQLProgram(Self.expression(&generator, depth: 4)), isNumeric: { _ in true }) else { continue }
            for index in 0..<(3 * rows) { columns[index] = Self.numeric(Self.samples[generator.next(Self.samples.count)]) }
            numeric.evaluate(rows: rows, stack: blockStack, column: { UnsafePointer(columns + $0 * rows) }, holds: holds)
            for row in 0..<rows {
                let expected = numeric.evaluate(stack: stack) { columns[$0 * rows + row] } == true
                #expect(holds[row] == expected, "\(numeric.steps) row \(row)")
            }
        }
    }
}
