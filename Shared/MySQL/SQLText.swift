/// Appends SQL text pieces to a UTF-8 statement buffer: identifiers quoted with backticks, strings as literals that
/// no value can break out of, bytes as hex literals.
///
/// Strings: the connection's character set is utf8mb4 (set in the handshake), in which no multi-byte character
/// contains the bytes of `'` or `\`, so byte-wise escaping is safe. Under NO_BACKSLASH_ESCAPES a backslash is an
/// ordinary character and only `'` is doubled; otherwise `\`, `'`, `"`, NUL, LF, CR and Ctrl-Z are escaped with `\`.
public enum SQLText {
    /// `name` in backticks, with any backtick doubled. Callers quote only names checked against the real schema.
    public static func appendIdentifier(_ name: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "`"))
        for byte in name.utf8 {
            if byte == UInt8(ascii: "`") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "`"))
    }

    public static func identifier(_ name: String) -> String {
        var out: [UInt8] = []
        appendIdentifier(name, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func appendString(_ text: some Sequence<UInt8>, noBackslashEscapes: Bool, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "'"))
        if noBackslashEscapes {
            for byte in text {
                if byte == UInt8(ascii: "'") { out.append(byte) }
                out.append(byte)
            }
        } else {
            for byte in text {
                switch byte {
                case 0: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "0"))
                case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
                case 0x1A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "Z"))
                case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    out.append(UInt8(ascii: "\\")); out.append(byte)
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "'"))
    }

    /// A string literal as text (for the few statements built as String, such as schema queries).
    public static func string(_ text: String, noBackslashEscapes: Bool) -> String {
        var out: [UInt8] = []
        appendString(text.utf8, noBackslashEscapes: noBackslashEscapes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// X'...' (binary string); an empty value is X''.
    public static func appendHex(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "X"))
        out.append(UInt8(ascii: "'"))
        appendHexDigits(bytes, to: &out)
        out.append(UInt8(ascii: "'"))
    }

    /// Two upper-case hexadecimal digits per byte, unquoted.
    public static func appendHexDigits(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
    }
}
