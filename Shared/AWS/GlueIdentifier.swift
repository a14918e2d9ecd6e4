/// Names of Glue databases and tables that Athena can query without quoting: 1 to 255 lower-case letters,
/// digits and `_`, starting with a letter or `_`. Checked before a name reaches a request or a statement.
public enum GlueIdentifier {
    public static func isValid(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard (1...255).contains(utf8.count) else { return false }
        func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || byte == UInt8(ascii: "_") }
        return isLetter(utf8[0]) && utf8.allSatisfy { isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
