/// How a plain scalar's text becomes a boolean, an integer or null under YAML 1.1's type repository
/// (yaml.org/type/bool.html, int.html, null.html), which PyYAML implements and data contracts are written against.
enum YAMLScalarResolution {
    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// `[-+]?` then `0b[01_]+`, `0x[0-9a-fA-F_]+`, `0[0-7_]+` or `0|[1-9][0-9_]*`, as PyYAML reads them (so `0o17`,
    /// YAML 1.2's octal, is text). Sexagesimal (`1:30`) is not read: no contract field holds one, and YAML 1.2
    /// dropped it.
    static func int(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let radix: Int
        if digits.hasPrefix("0b") {
            radix = 2; digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0x") {
            radix = 16; digits = digits.dropFirst(2)
        } else if digits.count > 1, digits.hasPrefix("0") {
            radix = 8; digits = digits.dropFirst()
        } else {
            radix = 10
            guard let first = digits.first, first.isASCII, first.isNumber else { return nil }
        }
        let cleaned = digits.filter { $0 != "_" }
        guard !cleaned.isEmpty, let magnitude = UInt64(cleaned, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int.max) + 1 else { return nil }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { return nil }
        return Int(magnitude)
    }
}
