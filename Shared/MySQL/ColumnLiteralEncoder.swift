/// Turns an input value into the SQL literal (or LOAD DATA field) for one column, after checking it against the column's MySQL type:
/// integers by range, decimals by precision and scale (never rounded), dates and times by calendar, strings by
/// length, binary as hex. A value that does not fit gives the reason instead of a literal, so the row is
/// rejected before any statement and nothing is silently truncated or rounded.
struct ColumnLiteralEncoder {
    enum Kind: Equatable {
        case integer(min: Int64, max: UInt64)
        case boolean  // tinyint(1): also takes t/f/true/false (Redshift's boolean text)
        case decimal(precision: Int, scale: Int)
        case floating
        case date
        case dateTime(fractionDigits: Int)
        case time
        case year
        case text(maxCharacters: Int?)
        case binary(maxBytes: Int?)
        case json
        case other  // enum, set, bit, spatial: sent as a string literal, the server checks it
    }

    let column: MySQLTableSchema.Column
    let kind: Kind

    init(_ column: MySQLTableSchema.Column) {
        self.column = column
        let unsigned = column.columnType.contains("unsigned")
        func integer(_ bits: Int) -> Kind {
            if unsigned { return .integer(min: 0, max: bits == 64 ? .max : (1 << UInt64(bits)) - 1) }
            let maxSigned: UInt64 = (1 << UInt64(bits - 1)) - 1
            return .integer(min: -Int64(maxSigned) - 1, max: maxSigned)
        }
        switch column.dataType {
        case "tinyint": kind = column.columnType.hasPrefix("tinyint(1)") ? .boolean : integer(8)
        case "smallint": kind = integer(16)
        case "mediumint": kind = integer(24)
        case "int", "integer": kind = integer(32)
        case "bigint": kind = integer(64)
        case "decimal", "numeric": kind = .decimal(precision: column.numericPrecision ?? 10, scale: column.numericScale ?? 0)
        case "float", "double", "real": kind = .floating
        case "date": kind = .date
        case "datetime", "timestamp": kind = .dateTime(fractionDigits: Self.fractionDigits(column.columnType))
        case "time": kind = .time
        case "year": kind = .year
        case "char", "varchar", "tinytext", "text", "mediumtext", "longtext": kind = .text(maxCharacters: column.maximumLength)
        case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob": kind = .binary(maxBytes: column.maximumLength)
        case "json": kind = .json
        default: kind = .other
        }
    }

    /// BINARY/VARBINARY/BLOB: values go as hex (SQL `X'…'`, or digits that LOAD DATA turns back with UNHEX).
    var isBinary: Bool {
        if case .binary = kind { return true }
        return false
    }

    private static func fractionDigits(_ columnType: String) -> Int {
        guard let open = columnType.firstIndex(of: "("), let close = columnType.firstIndex(of: ")"), open < close else { return 0 }
        return Int(columnType[columnType.index(after: open)..<close]) ?? 0
    }

    /// Appends the SQL literal to `out`, or returns why the value does not fit (and leaves `out` as it was).
    func append(_ value: UpsertValue, noBackslashEscapes: Bool, to out: inout [UInt8]) -> String? {
        append(value, as: SQLLiteralFormat(noBackslashEscapes: noBackslashEscapes), to: &out)
    }

    /// Appends the value in `format` (a SQL literal, or a LOAD DATA field) after the same checks, or returns why
    /// the value does not fit (and leaves `out` as it was). Both formats carry the same checked value.
    func append(_ value: UpsertValue, as format: some ColumnValueFormat, to out: inout [UInt8]) -> String? {
        let text: String
        switch value {
        case .null:
            if !column.isNullable { return "column \(column.name) is NOT NULL and the value is NULL" }
            format.appendNull(to: &out)
            return nil
        case .bytes(let bytes):
            if case .binary(let maxBytes) = kind {
                if let maxBytes, bytes.count > maxBytes { return "column \(column.name) holds at most \(maxBytes) bytes, the value has \(bytes.count)" }
                format.appendBinary(bytes, to: &out)
                return nil
            }
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                return "column \(column.name) (\(column.columnType)) needs text and the value is not valid UTF-8"
            }
            text = decoded
        case .text(let string):
            text = string
        }
        switch kind {
        case .integer(let min, let max):
            guard let digits = Self.integerText(text, min: min, max: max) else {
                return "column \(column.name) (\(column.columnType)) needs an integer in \(min)...\(max), got \(Self.excerpt(text))"
            }
            out.append(contentsOf: digits.utf8)
        case .boolean:
            switch text.lowercased() {
            case "t", "true", "1", "y", "yes": out.append(UInt8(ascii: "1"))
            case "f", "false", "0", "n", "no": out.append(UInt8(ascii: "0"))
            default:
                guard let digits = Self.integerText(text, min: -128, max: 127) else {
                    return "column \(column.name) (\(column.columnType)) needs a boolean or small integer, got \(Self.excerpt(text))"
                }
                out.append(contentsOf: digits.utf8)
            }
        case .decimal(let precision, let scale):
            guard let literal = Self.decimalText(text, precision: precision, scale: scale) else {
                return "column \(column.name) (\(column.columnType)) needs a decimal with at most \(precision - scale) integer and \(scale) fraction digits, got \(Self.excerpt(text))"
            }
            out.append(contentsOf: literal.utf8)
        case .floating:
            let trimmed = text.trimmingSpaces
            guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ Self.floatBytes.contains($0) }), let number = Double(trimmed), number.isFinite else {
                return "column \(column.name) (\(column.columnType)) needs a finite number, got \(Self.excerpt(text))"
            }
            out.append(contentsOf: trimmed.utf8)
        case .date:
            guard let date = TemporalText.date(text.trimmingSpaces) else {
                return "column \(column.name) (date) needs YYYY-MM-DD, got \(Self.excerpt(text))"
            }
            format.appendString(date.utf8, to: &out)
        case .dateTime(let fractionDigits):
            guard let dateTime = TemporalText.dateTime(text.trimmingSpaces, maxFractionDigits: fractionDigits) else {
                return "column \(column.name) (\(column.columnType)) needs YYYY-MM-DD HH:MM:SS with at most \(fractionDigits) fraction digits in UTC, got \(Self.excerpt(text))"
            }
            format.appendString(dateTime.utf8, to: &out)
        case .time:
            guard TemporalText.isTime(text.trimmingSpaces) else {
                return "column \(column.name) (time) needs [-]HH:MM:SS[.ffffff], got \(Self.excerpt(text))"
            }
            format.appendString(text.trimmingSpaces.utf8, to: &out)
        case .year:
            guard let year = Int(text.trimmingSpaces), year == 0 || (1901...2155).contains(year) else {
                return "column \(column.name) (year) needs 1901...2155, got \(Self.excerpt(text))"
            }
            out.append(contentsOf: String(year).utf8)
        case .text(let maxCharacters):
            // A character is at least one UTF-8 byte, so counting characters is needed only past the byte count.
            if let maxCharacters, text.utf8.count > maxCharacters {
                let count = text.unicodeScalars.count
                if count > maxCharacters {
                    return "column \(column.name) (\(column.columnType)) holds at most \(maxCharacters) characters, the value has \(count)"
                }
            }
            format.appendString(text.utf8, to: &out)
        case .binary(let maxBytes):
            if let maxBytes, text.utf8.count > maxBytes {
                return "column \(column.name) holds at most \(maxBytes) bytes, the value has \(text.utf8.count)"
            }
            format.appendBinary(text.utf8, to: &out)
        case .json, .other:
            format.appendString(text.utf8, to: &out)
        }
        return nil
    }

    private static let floatBytes = Set("0123456789+-.eE".utf8)

    static func excerpt(_ text: String) -> String {
        let shown = text.unicodeScalars.count > 40 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(40))) + "…" : text
        return "\"\(shown)\""
    }

    /// Canonical digits of an integer in min...max (optional sign, digits only, surrounding spaces allowed).
    static func integerText(_ text: String, min: Int64, max: UInt64) -> String? {
        let trimmed = text.trimmingSpaces
        var digits = Substring(trimmed).utf8[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var magnitude: UInt64 = 0
        var significant = 0
        for byte in digits {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            if significant > 0 || byte != 0x30 { significant += 1 }
            guard significant <= 20 else { return nil }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
            guard !o1, !o2 else { return nil }
            magnitude = sum
        }
        if magnitude == 0 { return "0" }
        if negative {
            guard min < 0, magnitude <= UInt64(-(min + 1)) + 1 else { return nil }
            return "-" + String(magnitude)
        }
        guard magnitude <= max else { return nil }
        return significant == trimmed.utf8.count ? trimmed : String(magnitude)
    }

    /// The decimal as a literal when it fits DECIMAL(precision, scale) without rounding.
    static func decimalText(_ text: String, precision: Int, scale: Int) -> String? {
        let trimmed = text.trimmingSpaces
        let bytes = Array(trimmed.utf8)
        var index = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        var integerStart = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        let integerEnd = index
        var fractionEnd = index
        var rawFractionDigits = 0
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: ".") else { return nil }
            index += 1
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index == bytes.count else { return nil }
            rawFractionDigits = index - integerEnd - 1
            fractionEnd = index
            while fractionEnd > integerEnd + 1, bytes[fractionEnd - 1] == UInt8(ascii: "0") { fractionEnd -= 1 }
        }
        let fractionDigits = max(0, fractionEnd - integerEnd - 1)
        guard integerEnd > integerStart || rawFractionDigits > 0 else { return nil }
        while integerStart < integerEnd, bytes[integerStart] == UInt8(ascii: "0") { integerStart += 1 }
        guard integerEnd - integerStart <= precision - scale, fractionDigits <= scale else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 2)
        let isZero = integerStart == integerEnd && fractionDigits == 0
        if negative && !isZero { out.append(UInt8(ascii: "-")) }
        if integerStart == integerEnd { out.append(UInt8(ascii: "0")) } else { out.append(contentsOf: bytes[integerStart..<integerEnd]) }
        if fractionDigits > 0 { out.append(contentsOf: bytes[integerEnd..<fractionEnd]) }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    var trimmingSpaces: String {
        let bytes = utf8
        guard let head = bytes.first, let tail = bytes.last else { return self }
        if head != 0x20 && head != 0x09 && tail != 0x20 && tail != 0x09 { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(scalars[first...last])
    }
}
