/// One field of LOAD DATA's escaped text, as read with `FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED
/// BY '\n'` and `CHARACTER SET utf8mb4` (and no ENCLOSED BY): NULL is `\N`; in a string the escape character, the
/// field and line terminators, CR and NUL are written as `\\`, `\t`, `\n`, `\r` and `\0`, so no value can end its
/// field or line early or turn into `\N` (MySQL Reference Manual, "LOAD DATA Statement", field and line handling).
/// Binary values go as hexadecimal digits, which the statement turns back into bytes with `UNHEX()`, so their bytes
/// never pass through a character set conversion.
struct LoadDataFieldFormat: ColumnValueFormat {
    static let fieldTerminator = UInt8(ascii: "\t")
    static let lineTerminator = UInt8(ascii: "\n")
    static let escape = UInt8(ascii: "\\")

    func appendNull(to out: inout [UInt8]) {
        out.append(Self.escape)
        out.append(UInt8(ascii: "N"))
    }

    func appendString(_ utf8: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in utf8 {
            switch byte {
            case 0: out.append(Self.escape); out.append(UInt8(ascii: "0"))
            case 0x09: out.append(Self.escape); out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(Self.escape); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(Self.escape); out.append(UInt8(ascii: "r"))
            case Self.escape: out.append(Self.escape); out.append(Self.escape)
            default: out.append(byte)
            }
        }
    }

    func appendBinary(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        SQLText.appendHexDigits(bytes, to: &out)
    }
}
