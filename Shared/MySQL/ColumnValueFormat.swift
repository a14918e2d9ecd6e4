/// How `ColumnLiteralEncoder` writes a value it has checked: numbers go out as their canonical digits in every
/// format; NULL, strings and binary values are written by the format. The multi-row upsert uses SQL literals
/// (`SQLLiteralFormat`), the staged upsert LOAD DATA's escaped text (`LoadDataFieldFormat`), so both methods send
/// the same values and reject the same rows for the same reasons.
protocol ColumnValueFormat {
    func appendNull(to out: inout [UInt8])
    /// Text (also dates and times as their canonical text).
    func appendString(_ utf8: some Sequence<UInt8>, to out: inout [UInt8])
    /// Bytes for a BINARY/VARBINARY/BLOB column.
    func appendBinary(_ bytes: some Sequence<UInt8>, to out: inout [UInt8])
}

/// SQL literals: `NULL`, a quoted string escaped for the session's NO_BACKSLASH_ESCAPES setting, `X'…'` for binary.
struct SQLLiteralFormat: ColumnValueFormat {
    var noBackslashEscapes: Bool

    func appendNull(to out: inout [UInt8]) {
        out.append(contentsOf: [UInt8(ascii: "N"), UInt8(ascii: "U"), UInt8(ascii: "L"), UInt8(ascii: "L")])
    }

    func appendString(_ utf8: some Sequence<UInt8>, to out: inout [UInt8]) {
        SQLText.appendString(utf8, noBackslashEscapes: noBackslashEscapes, to: &out)
    }

    func appendBinary(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        SQLText.appendHex(bytes, to: &out)
    }
}
