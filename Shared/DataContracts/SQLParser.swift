/// Recursive-descent parser for the predicate: OR < AND < NOT < comparison, IS [NOT] NULL, [NOT] IN,
/// [NOT] BETWEEN, [NOT] LIKE < + - < * / % < unary minus < literals, columns, functions, parentheses.
struct SQLParser {
    let tokens: [SQLToken]
    let properties: [ContractProperty]
    var position = 0
    var referencedColumns: [Int] = []

    init(tokens: [SQLToken], properties: [ContractProperty]) {
        self.tokens = tokens
        self.properties = properties
    }

    var atEnd: Bool { position >= tokens.count }
    var current: SQLToken? { position < tokens.count ? tokens[position] : nil }

    func isKeyword(_ word: String, at offset: Int = 0) -> Bool {
        let index = position + offset
        return index < tokens.count && tokens[index].kind == .word && tokens[index].text.uppercased() == word
    }

    func isSymbol(_ text: String) -> Bool { current?.kind == .symbol && current?.text == text }

    mutating func expectSymbol(_ text: String) throws {
        guard isSymbol(text) else { throw SQLSyntaxError(message: "expected `\(text)` but found `\(current?.text ?? "end of query")`") }
        position += 1
    }

    mutating func parseExpression() throws -> SQLExpression {
        var left = try parseAnd()
        while isKeyword("OR") { position += 1; left = .or(left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws -> SQLExpression {
        var left = try parseNot()
        while isKeyword("AND") { position += 1; left = .and(left, try parseNot()) }
        return left
    }

    mutating func parseNot() throws -> SQLExpression {
        if isKeyword("NOT") { position += 1; return .not(try parseNot()) }
        return try parsePredicate()
    }

    mutating func parsePredicate() throws -> SQLExpression {
        let left = try parseAdditive()
        if isKeyword("IS") {
            position += 1
            var negated = false
            if isKeyword("NOT") { negated = true; position += 1 }
            guard isKeyword("NULL") else { throw SQLSyntaxError(message: "expected NULL after IS") }
            position += 1
            return .isNull(left, negated: negated)
        }
        var negated = false
        if isKeyword("NOT") && (isKeyword("IN", at: 1) || isKeyword("BETWEEN", at: 1) || isKeyword("LIKE", at: 1)) {
            negated = true
            position += 1
        }
        if isKeyword("IN") {
            position += 1
            try expectSymbol("(")
            var items = [try parseAdditive()]
            while isSymbol(",") { position += 1; items.append(try parseAdditive()) }
            try expectSymbol(")")
            return .inList(left, items, negated: negated)
        }
        if isKeyword("BETWEEN") {
            position += 1
            let low = try parseAdditive()
            guard isKeyword("AND") else { throw SQLSyntaxError(message: "expected AND in BETWEEN") }
            position += 1
            return .between(left, low, try parseAdditive(), negated: negated)
        }
        if isKeyword("LIKE") {
            position += 1
            guard let token = current, token.kind == .string else { throw SQLSyntaxError(message: "LIKE needs a text literal pattern") }
            position += 1
            return .like(left, LikePattern(token.text), negated: negated)
        }
        if negated { throw SQLSyntaxError(message: "expected IN, BETWEEN or LIKE after NOT") }
        if let token = current, token.kind == .symbol {
            let op: SQLExpression.ComparisonOperator?
            switch token.text {
            case "=": op = .equal
            case "<>", "!=": op = .notEqual
            case "<": op = .less
            case "<=": op = .lessOrEqual
            case ">": op = .greater
            case ">=": op = .greaterOrEqual
            default: op = nil
            }
            if let op {
                position += 1
                return .comparison(op, left, try parseAdditive())
            }
        }
        return left
    }

    mutating func parseAdditive() throws -> SQLExpression {
        var left = try parseMultiplicative()
        while let token = current, token.kind == .symbol, token.text == "+" || token.text == "-" {
            position += 1
            left = .arithmetic(token.text == "+" ? .add : .subtract, left, try parseMultiplicative())
        }
        return left
    }

    mutating func parseMultiplicative() throws -> SQLExpression {
        var left = try parseUnary()
        while let token = current, token.kind == .symbol, ["*", "/", "%"].contains(token.text) {
            position += 1
            let op: SQLExpression.ArithmeticOperator = token.text == "*" ? .multiply : token.text == "/" ? .divide : .modulo
            left = .arithmetic(op, left, try parseUnary())
        }
        return left
    }

    mutating func parseUnary() throws -> SQLExpression {
        if isSymbol("-") { position += 1; return .negate(try parseUnary()) }
        if isSymbol("+") { position += 1; return try parseUnary() }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws -> SQLExpression {
        guard let token = current else { throw SQLSyntaxError(message: "the predicate ends too early") }
        position += 1
        switch token.kind {
        case .number:
            guard let value = Double(token.text) else { throw SQLSyntaxError(message: "bad number \(token.text)") }
            return .literal(.number(value))
        case .string:
            return .literal(.text(token.text))
        case .quotedName:
            return try column(token.text, exact: true)
        case .symbol:
            guard token.text == "(" else { throw SQLSyntaxError(message: "unexpected `\(token.text)`") }
            let inner = try parseExpression()
            try expectSymbol(")")
            return inner
        case .word:
            switch token.text.uppercased() {
            case "NULL": return .literal(.null)
            case "TRUE": return .literal(.boolean(true))
            case "FALSE": return .literal(.boolean(false))
            default: break
            }
            if isSymbol("(") {
                guard let function = SQLFunction(rawValue: token.text.uppercased()) else {
                    throw SQLSyntaxError(message: "unsupported function \(token.text) (ABS, LOWER, UPPER, LENGTH, TRIM, COALESCE)")
                }
                position += 1
                var arguments: [SQLExpression] = []
                if !isSymbol(")") {
                    arguments.append(try parseExpression())
                    while isSymbol(",") { position += 1; arguments.append(try parseExpression()) }
                }
                try expectSymbol(")")
                guard function == .coalesce ? !arguments.isEmpty : arguments.count == 1 else {
                    throw SQLSyntaxError(message: "wrong number of arguments to \(function.rawValue)")
                }
                return .function(function, arguments)
            }
            let reserved = ["AND", "OR", "NOT", "IS", "IN", "BETWEEN", "LIKE", "SELECT", "FROM", "WHERE", "GROUP", "ORDER", "JOIN", "UNION"]
            if reserved.contains(token.text.uppercased()) { throw SQLSyntaxError(message: "unexpected \(token.text)") }
            return try column(token.text, exact: false)
        }
    }

    mutating func column(_ name: String, exact: Bool) throws -> SQLExpression {
        let bare = name.split(separator: ".").last.map(String.init) ?? name
        let index = exact ? properties.firstIndex { $0.name == bare } : properties.firstIndex { $0.name.lowercased() == bare.lowercased() }
        guard let index else { throw SQLSyntaxError(message: "unknown column \(name)") }
        referencedColumns.append(index)
        return .column(index)
    }
}
