/// JSON string literals for text built by hand (log lines, metrics, failed-record lines, JWT headers, landing
/// documents), where a JSONEncoder round trip per value would cost more than the work itself. One escaper for
/// the whole package, escaping per RFC 8259: `"`, `\\` and control characters; everything else verbatim.
public enum JSONString {
    /// Appends `value` as a JSON string literal.
    public static func append(_ value: String, to out: inout String) {
        out.append("\"")
        var start = value.utf8.startIndex
        let utf8 = value.utf8
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: String(value[start..<index]))
                switch byte {
                case 0x22: out.append("\\\"")
                case 0x5C: out.append("\\\\")
                case 0x0A: out.append("\\n")
                case 0x0D: out.append("\\r")
                case 0x09: out.append("\\t")
                default:
                    let hex = String(byte, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        out.append(contentsOf: String(value[start..<utf8.endIndex]))
        out.append("\"")
    }

    /// `value` as a JSON string literal, quotes included.
    public static func quoted(_ value: String) -> String {
        var out = ""
        append(value, to: &out)
        return out
    }
}
