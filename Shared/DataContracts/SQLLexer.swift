/// Tokens of the business-rule SQL subset.
struct SQLToken: Sendable {
    enum Kind: Sendable, Equatable { case word, quotedName, number, string, symbol }
    let kind: Kind
    let text: String
}

struct SQLLexer {
    var tokens: [SQLToken] = []

    init(_ query: String) throws {
        let chars = Array(query)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "-" && i + 1 < chars.count && chars[i + 1] == "-" {  // comment to end of line
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == ".") { j += 1 }
                tokens.append(SQLToken(kind: .word, text: String(chars[i..<j])))
                i = j
            } else if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count && (chars[j].isNumber || chars[j] == ".") { j += 1 }
                if j < chars.count && (chars[j] == "e" || chars[j] == "E") {
                    j += 1
                    if j < chars.count && (chars[j] == "-" || chars[j] == "+") { j += 1 }
                    while j < chars.count && chars[j].isNumber { j += 1 }
                }
                tokens.append(SQLToken(kind: .number, text: String(chars[i..<j])))
                i = j
            } else if c == "'" || c == "\"" || c == "`" {
                var text = ""
                var j = i + 1
                var closed = false
                while j < chars.count {
                    if chars[j] == c {
                        if j + 1 < chars.count && chars[j + 1] == c { text.append(c); j += 2; continue }
                        closed = true
                        j += 1
                        break
                    }
                    text.append(chars[j])
                    j += 1
                }
                guard closed else { throw SQLSyntaxError(message: "unterminated \(c) quote") }
                tokens.append(SQLToken(kind: c == "'" ? .string : .quotedName, text: text))
                i = j
            } else {
                let two = i + 1 < chars.count ? String([c, chars[i + 1]]) : ""
                if ["<=", ">=", "<>", "!=", "=="].contains(two) {
                    tokens.append(SQLToken(kind: .symbol, text: two == "==" ? "=" : two))
                    i += 2
                } else if "()*,+-/%=<>{};".contains(c) {
                    tokens.append(SQLToken(kind: .symbol, text: String(c)))
                    i += 1
                } else {
                    throw SQLSyntaxError(message: "unexpected character `\(c)`")
                }
            }
        }
    }
}
