/// A business rule from an ODCS `type: sql` check, restricted to the one shape that can be evaluated row by
/// row: `SELECT COUNT(*) FROM {object} WHERE <predicate>`. The predicate is parsed into an expression tree
/// (`SQLExpression`) and evaluated on each row; it is never sent to a database, so no text from a contract
/// reaches one. The rule's value is the number of rows for which the predicate is TRUE (SQL three-valued
/// logic: a NULL result does not count), compared with the rule's threshold.
public struct BusinessRule: Sendable {
    public let predicate: SQLExpression
    /// Property indexes the predicate reads.
    public let columns: [Int]
    /// The predicate compiled for evaluation per row.
    let program: SQLProgram

    init(predicate: SQLExpression, columns: [Int]) {
        self.predicate = predicate
        self.columns = columns
        program = SQLProgram(predicate)
    }

    /// Why a query is not of the supported shape (the check is then `skipped`, naming this).
    public struct Unsupported: Error, CustomStringConvertible { public let description: String }

    /// Parses `query`; `Unsupported` for other SQL shapes, `SQLSyntaxError` for a predicate that does not parse
    /// or names an unknown column.
    public static func parse(_ query: String, object: ContractObject) throws -> BusinessRule {
        let lexer = try SQLLexer(query)
        let tokens = lexer.tokens
        // SELECT COUNT ( * ) FROM <object> WHERE ...
        func keyword(_ index: Int, _ word: String) -> Bool {
            index < tokens.count && tokens[index].kind == .word && tokens[index].text.uppercased() == word
        }
        func symbol(_ index: Int, _ text: String) -> Bool {
            index < tokens.count && tokens[index].kind == .symbol && tokens[index].text == text
        }
        guard keyword(0, "SELECT"), keyword(1, "COUNT"), symbol(2, "("), symbol(3, "*"), symbol(4, ")"), keyword(5, "FROM") else {
            throw Unsupported(description: "only SELECT COUNT(*) FROM {object} WHERE <predicate> is evaluated")
        }
        var index = 6
        if symbol(index, "{") {
            guard index + 2 < tokens.count, tokens[index + 1].kind == .word, symbol(index + 2, "}") else {
                throw Unsupported(description: "expected {object} after FROM")
            }
            index += 3
        } else if index < tokens.count, tokens[index].kind == .word || tokens[index].kind == .quotedName,
                  tokens[index].text.lowercased() == object.name.lowercased() {
            index += 1
        } else {
            throw Unsupported(description: "the query reads from something other than {object} (\(object.name))")
        }
        guard keyword(index, "WHERE") else { throw Unsupported(description: "the query has no WHERE predicate") }
        var end = tokens.count
        if end > 0, symbol(end - 1, ";") { end -= 1 }
        var parser = SQLParser(tokens: Array(tokens[(index + 1)..<end]), properties: object.properties)
        let predicate = try parser.parseExpression()
        guard parser.atEnd else { throw SQLSyntaxError(message: "unexpected `\(parser.current?.text ?? "")` after the predicate") }
        return BusinessRule(predicate: predicate, columns: Array(Set(parser.referencedColumns)).sorted())
    }
}

public struct SQLSyntaxError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A predicate expression over one row.
public indirect enum SQLExpression: Sendable {
    case column(Int)
    case literal(SQLValue)
    case negate(SQLExpression)
    case not(SQLExpression)
    case arithmetic(ArithmeticOperator, SQLExpression, SQLExpression)
    case comparison(ComparisonOperator, SQLExpression, SQLExpression)
    case and(SQLExpression, SQLExpression)
    case or(SQLExpression, SQLExpression)
    case isNull(SQLExpression, negated: Bool)
    case inList(SQLExpression, [SQLExpression], negated: Bool)
    case between(SQLExpression, SQLExpression, SQLExpression, negated: Bool)
    case like(SQLExpression, LikePattern, negated: Bool)
    case function(SQLFunction, [SQLExpression])

    public enum ArithmeticOperator: Sendable { case add, subtract, multiply, divide, modulo }
    public enum ComparisonOperator: Sendable { case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual }
}

public enum SQLFunction: String, Sendable {
    case abs = "ABS", lower = "LOWER", upper = "UPPER", length = "LENGTH", trim = "TRIM", coalesce = "COALESCE"
}

/// A value during evaluation.
public enum SQLValue: Sendable, Equatable {
    case null
    case number(Double)
    case text(String)
    case boolean(Bool)
}

/// A LIKE pattern (`%` any run, `_` one character), compiled to segments once.
public struct LikePattern: Sendable {
    let pattern: [Character]

    init(_ text: String) { pattern = Array(text) }

    func matches(_ value: String) -> Bool {
        let chars = Array(value)
        var memo = [Int: Bool]()
        func match(_ p: Int, _ v: Int) -> Bool {
            let key = p * (chars.count + 1) + v
            if let known = memo[key] { return known }
            let result: Bool
            if p == pattern.count { result = v == chars.count }
            else if pattern[p] == "%" { result = match(p + 1, v) || (v < chars.count && match(p, v + 1)) }
            else if v < chars.count && (pattern[p] == "_" || pattern[p] == chars[v]) { result = match(p + 1, v + 1) }
            else { result = false }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
