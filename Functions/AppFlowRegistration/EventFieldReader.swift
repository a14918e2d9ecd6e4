/// Walks a JSON object member by member, recording each problem with its path, the way a JSON Schema
/// validator does: missing required members, members the schema does not know, and wrong types.
struct EventFieldReader {
    let path: String
    private let members: [(String, JSONValue)]
    private(set) var problems: [EventFieldError] = []

    /// nil (with the problem recorded in `problems`) when `value` is not an object.
    init(_ value: JSONValue, path: String, allowed: Set<String>, required: [String], problems: inout [EventFieldError]) {
        self.path = path
        guard case .object(let members) = value else {
            problems.append(EventFieldError(path: path, problem: "expected an object, found \(value.typeName)"))
            self.members = []
            return
        }
        self.members = members
        for (name, _) in members where !allowed.contains(name) {
            problems.append(EventFieldError(path: "\(path).\(name)", problem: "unknown member (allowed: \(allowed.sorted().joined(separator: ", ")))"))
        }
        for name in required where !members.contains(where: { $0.0 == name }) {
            problems.append(EventFieldError(path: "\(path).\(name)", problem: "required member is missing"))
        }
    }

    func value(_ name: String) -> JSONValue? { members.last { $0.0 == name }?.1 }

    func has(_ name: String) -> Bool { value(name) != nil }

    /// A string member checked by `check` (which returns a problem or nil); nil when absent or refused.
    func string(_ name: String, _ problems: inout [EventFieldError], check: (String) -> String?) -> String? {
        guard let value = value(name) else { return nil }
        return Self.string(value, path: "\(path).\(name)", &problems, check: check)
    }

    static func string(_ value: JSONValue, path: String, _ problems: inout [EventFieldError], check: (String) -> String?) -> String? {
        guard case .string(let text) = value else {
            problems.append(EventFieldError(path: path, problem: "expected a string, found \(value.typeName)"))
            return nil
        }
        if let problem = check(text) {
            problems.append(EventFieldError(path: path, problem: problem))
            return nil
        }
        return text
    }

    func bool(_ name: String, _ problems: inout [EventFieldError]) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else {
            problems.append(EventFieldError(path: "\(path).\(name)", problem: "expected a boolean, found \(value.typeName)"))
            return nil
        }
        return flag
    }

    func integer(_ name: String, range: ClosedRange<Int>, _ problems: inout [EventFieldError]) -> Int? {
        guard let value = value(name) else { return nil }
        guard case .number(let number) = value, number.rounded() == number, number >= Double(range.lowerBound),
            number <= Double(range.upperBound)
        else {
            problems.append(EventFieldError(
                path: "\(path).\(name)", problem: "expected an integer from \(range.lowerBound) to \(range.upperBound), found \(value.shortText)"))
            return nil
        }
        return Int(number)
    }

    /// An array member with `count` elements, each handed to `element` with its path.
    func array<T>(
        _ name: String, count: ClosedRange<Int>, unique: Bool = false, _ problems: inout [EventFieldError],
        element: (JSONValue, String, inout [EventFieldError]) -> T?
    ) -> [T]? {
        guard let value = value(name) else { return nil }
        let arrayPath = "\(path).\(name)"
        guard case .array(let items) = value else {
            problems.append(EventFieldError(path: arrayPath, problem: "expected an array, found \(value.typeName)"))
            return nil
        }
        guard count.contains(items.count) else {
            let limit = count.upperBound == Int.max ? "at least \(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
            problems.append(EventFieldError(path: arrayPath, problem: "\(limit) entries allowed, found \(items.count)"))
            return nil
        }
        if unique, let index = items.indices.first(where: { i in items[..<i].contains(items[i]) }) {
            problems.append(EventFieldError(path: "\(arrayPath)[\(index)]", problem: "\(items[index].shortText) appears twice"))
            return nil
        }
        var result: [T] = []
        var failed = false
        for (index, item) in items.enumerated() {
            if let converted = element(item, "\(arrayPath)[\(index)]", &problems) { result.append(converted) } else { failed = true }
        }
        return failed ? nil : result
    }
}

extension JSONValue {
    /// The value as it would appear in an error message, cut short.
    var shortText: String {
        switch self {
        case .string(let text): return "\"\(text.count > 80 ? String(text.prefix(80)) + "…" : text)\""
        case .number(let number): return number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
