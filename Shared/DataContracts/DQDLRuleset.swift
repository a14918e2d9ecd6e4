/// A subset of AWS Glue Data Quality's rule language (DQDL), read into rules the validator already runs, so
/// teams bring the rulesets they wrote for Glue (`Rules = [ IsComplete "order-id", IsUnique "order-id" ]`).
/// Embedded in a contract as an ODCS `type: custom` quality entry with `engine: dqdl` and the ruleset as
/// `implementation` (a project convention; ODCS leaves `engine` free).
///
/// Supported (syntax as AWS documents it, https://docs.aws.amazon.com/glue/latest/dg/dqdl.html and the rule type
/// pages under https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types.html):
///
/// | Rule | Meaning here |
/// |---|---|
/// | `RowCount <expr>` | rows in the file |
/// | `IsComplete "c"` | no null in c |
/// | `Completeness "c" <expr>` | fraction of rows where c is not null |
/// | `IsUnique "c" ["d" …]` | no row repeats an earlier (non-null) key |
/// | `IsPrimaryKey "c" ["d" …]` | unique and no null key part |
/// | `Uniqueness "c" ["d" …] <expr>` | fraction of rows that do not repeat an earlier key (Glue counts values occurring exactly once; both are 1.0 exactly when there is no duplicate) |
/// | `ColumnValues "c" <expr>` with `= != > >= < <=` a value, `[not] between a and b`, `[not] in [v, …]`, optionally `with threshold <expr>` | per row; a null fails except for `!=` and `not in` (Glue's null behaviour); without `with threshold` every row must pass, with it the fraction of passing rows is compared |
/// | `ColumnLength "c" <expr>` | per row, characters; a null has length 0 (Glue's null behaviour) |
/// | `CustomSql "select count(*) from primary where <predicate>" <expr>` | the single-row predicate form, evaluated per row like an ODCS SQL rule |
///
/// `<expr>` is `= != > >= < <=` a number, or `[not] between a and b` (inclusive, as this project reads every
/// `between`). Anything else (composite `and`/`or` rules, `where` filters, dynamic `last(k)` expressions, labels,
/// other rule types, row-level `CustomSql`) is a `DQDLError` naming the ruleset line and the rule: never a silent pass.
public struct DQDLRuleset: Sendable {
    public let rules: [DQDLRule]

    public init(_ text: String) throws(DQDLError) {
        var parser = DQDLParser(text)
        rules = try parser.ruleset()
    }
}

public struct DQDLRule: Sendable {
    public enum Kind: Sendable {
        case rowCount(Threshold)
        case isComplete(String)
        case completeness(String, Threshold)
        case isUnique([String])
        case isPrimaryKey([String])
        case uniqueness([String], Threshold)
        case columnValues(String, DQDLCondition, threshold: Threshold?)
        case columnLength(String, Threshold)
        case customSql(query: String, Threshold)
    }

    public var kind: Kind
    /// 1-based line in the ruleset where the rule starts.
    public var line: Int
    /// The rule as written, for check names and errors.
    public var text: String
}

/// A `ColumnValues` condition on one value.
public enum DQDLCondition: Sendable {
    case compare(SQLExpression.ComparisonOperator, SQLValue)
    case between(SQLValue, SQLValue, negated: Bool)
    case inList([SQLValue], negated: Bool)
}

public struct DQDLError: Error, Sendable, CustomStringConvertible {
    /// 1-based line in the ruleset.
    public var line: Int
    /// The rule (or text) that could not be used.
    public var rule: String
    public var message: String
    public var description: String { "line \(line): \(message): \(rule)" }
}

/// Recursive descent over DQDL tokens (strings, numbers, words, operators), one rule at a time.
struct DQDLParser {
    enum Token: Equatable {
        case word(String), string(String), number(Double), symbol(String)
    }

    private var tokens: [(token: Token, line: Int, offset: Int, end: Int)] = []
    private var position = 0
    private let text: String
    private let bytes: [UInt8]

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    mutating func ruleset() throws(DQDLError) -> [DQDLRule] {
        try tokenize()
        guard take(.word("Rules")), take(.symbol("=")), take(.symbol("[")) else {
            throw DQDLError(line: tokens.first?.line ?? 1, rule: String(text.prefix(40)), message: "a ruleset starts with `Rules = [`")
        }
        var rules: [DQDLRule] = []
        while position < tokens.count, tokens[position].token != .symbol("]") {
            rules.append(try rule())
            if !take(.symbol(",")) { break }
        }
        guard take(.symbol("]")), position == tokens.count else {
            throw DQDLError(line: current?.line ?? lastLine, rule: remainder(), message: "expected `,` or the closing `]` of the ruleset")
        }
        return rules
    }

    // MARK: rules

    private mutating func rule() throws(DQDLError) -> DQDLRule {
        let start = position
        do {
            return try ruleBody(start)
        } catch {
            var located = error
            if located.rule.isEmpty {
                // The rule as far as it was read, plus the token that stopped it.
                position = min(position + 1, tokens.count)
                located.rule = ruleText(from: start)
            }
            throw located
        }
    }

    private mutating func ruleBody(_ start: Int) throws(DQDLError) -> DQDLRule {
        let line = tokens[start].line
        let fail = { (message: String) in DQDLError(line: line, rule: "", message: message) }
        guard case .word(let type) = tokens[position].token else {
            throw fail(tokens[position].token == .symbol("(") ? "unsupported: composite rules (and/or)" : "expected a rule type")
        }
        position += 1
        let kind: DQDLRule.Kind
        switch type {
        case "RowCount": kind = .rowCount(try expression(fail))
        case "IsComplete": kind = .isComplete(try column(fail))
        case "Completeness":
            let name = try column(fail)
            kind = .completeness(name, try expression(fail))
        case "IsUnique": kind = .isUnique(try columns(fail))
        case "IsPrimaryKey": kind = .isPrimaryKey(try columns(fail))
        case "Uniqueness":
            let names = try columns(fail)
            kind = .uniqueness(names, try expression(fail))
        case "ColumnValues":
            let name = try column(fail)
            let condition = try valueCondition(fail)
            var threshold: Threshold?
            if take(.word("with")) {
                guard take(.word("threshold")) else { throw fail("expected `with threshold`") }
                threshold = try expression(fail)
            }
            kind = .columnValues(name, condition, threshold: threshold)
        case "ColumnLength":
            let name = try column(fail)
            kind = .columnLength(name, try expression(fail))
        case "CustomSql", "CustomSQL":
            guard case .string(let query)? = current?.token else { throw fail("expected the SQL statement in double quotes") }
            position += 1
            kind = .customSql(query: query, try expression(fail))
        default:
            throw fail("unsupported rule type `\(type)` (RowCount, IsComplete, Completeness, IsUnique, IsPrimaryKey, Uniqueness, ColumnValues, ColumnLength, CustomSql)")
        }
        if let next = current, next.token != .symbol(","), next.token != .symbol("]") {
            switch next.token {
            case .word("where"): throw fail("unsupported: `where` filters")
            case .word("with"): throw fail("unsupported: `with` options on this rule type")
            case .word("and"), .word("or"): throw fail("unsupported: composite rules (and/or)")
            default: throw fail("unexpected text after the rule")
            }
        }
        return DQDLRule(kind: kind, line: line, text: ruleText(from: start))
    }

    private mutating func column(_ fail: (String) -> DQDLError) throws(DQDLError) -> String {
        guard case .string(let name)? = current?.token else { throw fail("expected a column name in double quotes") }
        position += 1
        return name
    }

    private mutating func columns(_ fail: (String) -> DQDLError) throws(DQDLError) -> [String] {
        var names = [try column(fail)]
        while case .string(let name)? = current?.token {
            names.append(name)
            position += 1
        }
        return names
    }

    /// `= n`, `!= n`, `> n`, `>= n`, `< n`, `<= n`, `[not] between a and b` over numbers.
    private mutating func expression(_ fail: (String) -> DQDLError) throws(DQDLError) -> Threshold {
        switch try condition(fail, allowLists: false) {
        case .compare(let op, let value):
            guard case .number(let bound) = value else { throw fail("expected a number") }
            switch op {
            case .equal: return .equal(bound)
            case .notEqual: return .notEqual(bound)
            case .greater: return .greaterThan(bound)
            case .greaterOrEqual: return .greaterOrEqual(bound)
            case .less: return .lessThan(bound)
            case .lessOrEqual: return .lessOrEqual(bound)
            }
        case .between(let low, let high, let negated):
            guard case .number(let a) = low, case .number(let b) = high else { throw fail("expected numbers") }
            return negated ? .notBetween(a, b) : .between(a, b)
        case .inList:
            throw fail("expected a comparison or between")
        }
    }

    private mutating func valueCondition(_ fail: (String) -> DQDLError) throws(DQDLError) -> DQDLCondition {
        try condition(fail, allowLists: true)
    }

    private mutating func condition(_ fail: (String) -> DQDLError, allowLists: Bool) throws(DQDLError) -> DQDLCondition {
        guard let token = current?.token else { throw fail("expected an expression") }
        position += 1
        switch token {
        case .symbol(let op):
            let comparison: SQLExpression.ComparisonOperator
            switch op {
            case "=": comparison = .equal
            case "!=", "<>": comparison = .notEqual
            case ">": comparison = .greater
            case ">=": comparison = .greaterOrEqual
            case "<": comparison = .less
            case "<=": comparison = .lessOrEqual
            default: throw fail("unexpected `\(op)`")
            }
            return .compare(comparison, try value(fail))
        case .word("between"):
            let low = try value(fail)
            guard take(.word("and")) else { throw fail("expected `and` in between") }
            return .between(low, try value(fail), negated: false)
        case .word("in") where allowLists:
            return .inList(try list(fail), negated: false)
        case .word("not"):
            if take(.word("between")) {
                let low = try value(fail)
                guard take(.word("and")) else { throw fail("expected `and` in not between") }
                return .between(low, try value(fail), negated: true)
            }
            if allowLists, take(.word("in")) { return .inList(try list(fail), negated: true) }
            throw fail("expected `not between` or `not in`")
        default:
            throw fail("unsupported expression (dynamic rules, functions and `matches` are not evaluated)")
        }
    }

    private mutating func value(_ fail: (String) -> DQDLError) throws(DQDLError) -> SQLValue {
        switch current?.token {
        case .number(let number)?: position += 1; return .number(number)
        case .string(let text)?: position += 1; return .text(text)
        case .word(let word)?: throw fail("unsupported expression `\(word)` (dynamic rules, functions and `matches` are not evaluated)")
        default: throw fail("expected a number or a quoted value")
        }
    }

    private mutating func list(_ fail: (String) -> DQDLError) throws(DQDLError) -> [SQLValue] {
        guard take(.symbol("[")) else { throw fail("expected `[`") }
        var values = [try value(fail)]
        while take(.symbol(",")) { values.append(try value(fail)) }
        guard take(.symbol("]")) else { throw fail("expected `]`") }
        return values
    }

    // MARK: tokens

    private var current: (token: Token, line: Int, offset: Int, end: Int)? { position < tokens.count ? tokens[position] : nil }
    private var lastLine: Int { tokens.last?.line ?? 1 }

    private mutating func take(_ token: Token) -> Bool {
        guard position < tokens.count, tokens[position].token == token else { return false }
        position += 1
        return true
    }

    private func ruleText(from start: Int) -> String {
        guard start < tokens.count else { return "" }
        let end = max(start, min(position, tokens.count) - 1)
        let from = tokens[start].offset, to = tokens[end].end
        return String(decoding: bytes[from..<to], as: UTF8.self)
    }

    private func remainder() -> String {
        guard let current else { return "(end of the ruleset)" }
        return String(decoding: bytes[current.offset..<min(bytes.count, current.offset + 60)], as: UTF8.self)
    }

    private mutating func tokenize() throws(DQDLError) {
        var i = 0, line = 1
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\n"): line += 1; i += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): i += 1
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "\""):
                var value: [UInt8] = []
                var j = i + 1
                while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
                    if bytes[j] == UInt8(ascii: "\\"), j + 1 < bytes.count { j += 1 }
                    if bytes[j] == UInt8(ascii: "\n") { line += 1 }
                    value.append(bytes[j])
                    j += 1
                }
                guard j < bytes.count else { throw DQDLError(line: line, rule: String(decoding: bytes[i...], as: UTF8.self), message: "unterminated quoted text") }
                tokens.append((.string(String(decoding: value, as: UTF8.self)), line, i, j + 1))
                i = j + 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
                var j = i + 1
                while j < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[j]) || bytes[j] == UInt8(ascii: ".") { j += 1 }
                let literal = String(decoding: bytes[i..<j], as: UTF8.self)
                guard let number = Double(literal) else { throw DQDLError(line: line, rule: literal, message: "not a number") }
                tokens.append((.number(number), line, i, j))
                i = j
            case _ where byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")):
                var j = i + 1
                while j < bytes.count, bytes[j] == UInt8(ascii: "_") || (bytes[j] | 0x20 >= UInt8(ascii: "a") && bytes[j] | 0x20 <= UInt8(ascii: "z"))
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[j]) { j += 1 }
                tokens.append((.word(String(decoding: bytes[i..<j], as: UTF8.self)), line, i, j))
                i = j
            default:
                let two = i + 1 < bytes.count ? String(decoding: bytes[i...i + 1], as: UTF8.self) : ""
                if [">=", "<=", "!=", "<>"].contains(two) {
                    tokens.append((.symbol(two), line, i, i + 2))
                    i += 2
                } else if "=<>[],()".utf8.contains(byte) {
                    tokens.append((.symbol(String(UnicodeScalar(byte))), line, i, i + 1))
                    i += 1
                } else {
                    throw DQDLError(line: line, rule: String(UnicodeScalar(byte)), message: "unexpected character")
                }
            }
        }
    }
}
