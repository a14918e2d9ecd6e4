/// AppFlow schedule expressions: `rate(<n><unit>)` (AppFlow writes `rate(1days)`; `rate(1 day)` is accepted
/// too) with minutes, hours or days, and `cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)` as in
/// EventBridge, where one of the two day fields must be `?`.
enum FlowScheduleExpression {
    static func problem(_ expression: String) -> String? {
        if expression.hasPrefix("rate("), expression.hasSuffix(")") {
            return rateProblem(String(expression.dropFirst(5).dropLast()))
        }
        if expression.hasPrefix("cron("), expression.hasSuffix(")") {
            return cronProblem(String(expression.dropFirst(5).dropLast()))
        }
        return "\"\(expression)\" is neither rate(<n>minutes|hours|days) nor cron(<6 fields>)"
    }

    private static func rateProblem(_ body: String) -> String? {
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        var unit = body.dropFirst(digits.count)
        if unit.first == " " { unit = unit.dropFirst() }
        guard let count = Int(digits), digits.count <= 6, count >= 1 else {
            return "rate(\(body)): the interval must be a whole number of at least 1"
        }
        let units = ["minute": 1, "minutes": 1, "hour": 60, "hours": 60, "day": 1440, "days": 1440]
        guard let minutes = units[String(unit)] else {
            return "rate(\(body)): the unit must be minutes, hours or days"
        }
        // AppFlow runs a scheduled flow at most once a minute and at least once a year.
        guard count * minutes <= 366 * 1440 else { return "rate(\(body)): at most 366 days" }
        return nil
    }

    private static func cronProblem(_ body: String) -> String? {
        let fields = body.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 6 else { return "cron(\(body)): expected 6 fields (minutes hours day-of-month month day-of-week year), found \(fields.count)" }
        let names = ["minutes", "hours", "day-of-month", "month", "day-of-week", "year"]
        let allowed = Set("0123456789*?/,-LW#ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for (field, name) in zip(fields, names) where field.isEmpty || !field.utf8.allSatisfy(allowed.contains) {
            return "cron(\(body)): the \(name) field \"\(field)\" has characters a cron field cannot hold"
        }
        for (index, name) in [(0, "minutes"), (1, "hours")] {
            if fields[index].contains("?") || fields[index].contains("L") || fields[index].contains("W") || fields[index].contains("#") {
                return "cron(\(body)): the \(name) field takes numbers, *, / , and - only"
            }
        }
        guard (fields[2] == "?") != (fields[4] == "?") else {
            return "cron(\(body)): exactly one of day-of-month and day-of-week must be ?"
        }
        return nil
    }
}
