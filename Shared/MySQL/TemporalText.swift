/// Checks of date and time text as Redshift UNLOAD writes it (`YYYY-MM-DD`, `YYYY-MM-DD HH:MI:SS[.ffffff]`,
/// TIMESTAMPTZ with a `+00` suffix) and the canonical text MySQL takes.
enum TemporalText {
    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD` of a real calendar day (year 1000...9999, MySQL's DATE range).
    static func date(_ text: String) -> String? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let year = number(b[0..<4]), let month = number(b[5..<7]), let day = number(b[8..<10]),
            (1000...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return text
    }

    /// `YYYY-MM-DD HH:MM:SS[.f...]` (a `T` between is accepted; a `Z`, `+00` or `+00:00` suffix is dropped, any
    /// other offset refused) with at most `maxFractionDigits` significant fraction digits.
    static func dateTime(_ text: String, maxFractionDigits: Int) -> String? {
        var b = Array(text.utf8)
        if b.last == UInt8(ascii: "Z") {
            b.removeLast()
        } else if b.count > 19, let plus = b[19...].lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            let offset = String(decoding: b[plus...], as: UTF8.self)
            guard ["+00", "+00:00", "+0000", "-00", "-00:00"].contains(offset) else { return nil }
            b.removeSubrange(plus...)
        }
        if b.count == 10 {
            guard let day = date(String(decoding: b, as: UTF8.self)) else { return nil }
            return day + " 00:00:00"
        }
        guard b.count >= 19, b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"),
            date(String(decoding: b[0..<10], as: UTF8.self)) != nil,
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let hour = number(b[11..<13]), let minute = number(b[14..<16]), let second = number(b[17..<19]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var fraction = ArraySlice<UInt8>()
        if b.count > 19 {
            guard b[19] == UInt8(ascii: "."), number(b[20...]) != nil else { return nil }
            fraction = b[20...]
            while fraction.last == UInt8(ascii: "0") { fraction = fraction.dropLast() }
            guard fraction.count <= maxFractionDigits else { return nil }
        }
        var out = Array(b[0..<19])
        out[10] = UInt8(ascii: " ")
        if !fraction.isEmpty { out.append(UInt8(ascii: ".")); out.append(contentsOf: fraction) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `[-]H...H:MM:SS[.ffffff]` within MySQL's TIME range (±838:59:59).
    static func isTime(_ text: String) -> Bool {
        var b = Array(text.utf8)[...]
        if b.first == UInt8(ascii: "-") { b = b.dropFirst() }
        let fields = b.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard fields.count == 3, let hours = number(fields[0]), hours <= 838, fields[1].count == 2, let minutes = number(fields[1]),
            minutes < 60
        else { return false }
        let secondParts = fields[2].split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard secondParts[0].count == 2, let seconds = number(secondParts[0]), seconds < 60 else { return false }
        if secondParts.count == 2 { return secondParts[1].count <= 6 && number(secondParts[1]) != nil }
        return true
    }
}
