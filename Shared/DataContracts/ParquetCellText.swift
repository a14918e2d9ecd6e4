import Gregorian
import DelimitedText
import JSONText
import Parquet

/// The text a Parquet value shows to the rules that read text (patterns, lengths, valid values, keys, samples):
/// the form DuckDB's cast to VARCHAR gives for numbers, booleans and decimals, ISO 8601 for dates and times
/// (`T` between date and time, `Z` when the value is UTC-adjusted, fractional digits only when non-zero),
/// canonical 8-4-4-4-12 hex for UUIDs, lowercase hex for other bytes, and JSON for groups, lists and maps.
enum ParquetCellText {
    static func append(_ value: ParquetFieldValue, to record: inout some CellTextSink) {
        switch value {
        case .string(let bytes):
            bytes.withUnsafeBufferPointer { record.append($0) }
        default:
            appendText(text(value), to: &record)
        }
    }

    static func appendInteger(_ value: Int64, to record: inout some CellTextSink) {
        if value == 0 { record.append(UInt8(ascii: "0")); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var count = 0
            while magnitude > 0 {
                digits[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            if value < 0 { record.append(UInt8(ascii: "-")) }
            for index in stride(from: count - 1, through: 0, by: -1) { record.append(digits[index]) }
        }
    }

    /// `yyyy-MM-dd` straight into the record (the hot form of `date(_:)`).
    static func appendDate(_ days: Int64, to record: inout some CellTextSink) {
        let (year, month, day) = civil(days)
        guard (0...9999).contains(year) else { return appendText(date(days), to: &record) }
        appendDigits(year, 4, to: &record)
        record.append(UInt8(ascii: "-"))
        appendDigits(month, 2, to: &record)
        record.append(UInt8(ascii: "-"))
        appendDigits(day, 2, to: &record)
    }

    /// A TIMESTAMP straight into the record, as `text(.timestamp…)` renders it.
    static func appendTimestamp(_ count: Int64, _ unit: ParquetTimeUnit, utc: Bool, to record: inout some CellTextSink) {
        let (seconds, fraction) = split(count, unit)
        let (days, secondOfDay) = GregorianCalendar.floorDivide(seconds, 86_400)
        let year = civil(days).year
        guard (0...9999).contains(year), fraction == 0 else {
            return appendText(text(.timestamp(count, unit, isAdjustedToUTC: utc)), to: &record)
        }
        appendDate(days, to: &record)
        record.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, 2, to: &record)
        record.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, 2, to: &record)
        record.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, 2, to: &record)
        if utc { record.append(UInt8(ascii: "Z")) }
    }

    /// A non-negative number in exactly `width` digits (zero-padded).
    private static func appendDigits(_ value: Int64, _ width: Int, to record: inout some CellTextSink) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            record.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    static func appendText(_ text: String, to record: inout some CellTextSink) {
        var text = text
        text.withUTF8 { record.append($0) }
    }

    /// The value as text; nil for a null.
    static func text(_ value: ParquetFieldValue) -> String {
        switch value {
        case .null: return ""
        case .boolean(let flag): return flag ? "true" : "false"
        case .int32(let number): return String(number)
        case .int64(let number): return String(number)
        case .uint64(let number): return String(number)
        case .float(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .bytes(let bytes): return bytes.count == 16 ? uuid(bytes) : hex(bytes)
        case .decimal(let decimal): return decimal.description
        case .date(let days): return date(Int64(days))
        case .timestamp(let count, let unit, let utc):
            let (seconds, fraction) = split(count, unit)
            let (days, secondOfDay) = GregorianCalendar.floorDivide(seconds, 86_400)
            return date(days) + "T" + clock(secondOfDay, fraction, unit) + (utc ? "Z" : "")
        case .time(let count, let unit, _):
            let (seconds, fraction) = split(count, unit)
            return clock(seconds, fraction, unit)
        case .list, .map, .group:
            var out = ""
            json(value, into: &out)
            return out
        }
    }

    /// A UUID's canonical form (FIXED_LEN_BYTE_ARRAY(16) annotated UUID is the only 16-byte value the row view
    /// shows as bytes besides unannotated ones, which read the same way).
    static func uuid(_ bytes: [UInt8]) -> String {
        let text = hex(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(text[text.index(text.startIndex, offsetBy: range.lowerBound)..<text.index(text.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func split(_ count: Int64, _ unit: ParquetTimeUnit) -> (seconds: Int64, fraction: Int64) {
        let perSecond: Int64 = switch unit {
        case .milliseconds: 1_000
        case .microseconds: 1_000_000
        case .nanoseconds: 1_000_000_000
        }
        let (seconds, fraction) = GregorianCalendar.floorDivide(count, perSecond)
        return (seconds, fraction)
    }

    /// The date of a day count, in the Int64s the renderers pad.
    private static func civil(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let date = GregorianCalendar.date(daysSinceEpoch: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }

    private static func clock(_ secondOfDay: Int64, _ fraction: Int64, _ unit: ParquetTimeUnit) -> String {
        var text = pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fraction != 0 {
            let width = switch unit {
            case .milliseconds: 3
            case .microseconds: 6
            case .nanoseconds: 9
            }
            text += "." + pad(fraction, width)
        }
        return text
    }

    /// Days since 1970-01-01 as `yyyy-MM-dd` (years outside 0...9999 keep their sign and digits).
    static func date(_ days: Int64) -> String {
        let (year, month, day) = civil(days)
        return (year < 0 ? "-" : "") + pad(abs(year), 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Groups as objects, lists as arrays, maps as objects when every key is text (else as key/value pairs).
    static func json(_ value: ParquetFieldValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .boolean, .int32, .int64, .uint64, .decimal: out += text(value)
        case .float(let number): out += number.isFinite ? text(value) : "null"
        case .double(let number): out += number.isFinite ? text(value) : "null"
        case .string, .bytes, .date, .timestamp, .time: JSONString.append(text(value), to: &out)
        case .list(let items):
            out += "["
            for (position, item) in items.enumerated() {
                if position > 0 { out += "," }
                json(item, into: &out)
            }
            out += "]"
        case .map(let entries):
            let textKeys = entries.allSatisfy { if case .string = $0.key { true } else { false } }
            out += textKeys ? "{" : "["
            for (position, entry) in entries.enumerated() {
                if position > 0 { out += "," }
                if textKeys {
                    JSONString.append(text(entry.key), to: &out)
                    out += ":"
                    json(entry.value, into: &out)
                } else {
                    out += "{\"key\":"
                    json(entry.key, into: &out)
                    out += ",\"value\":"
                    json(entry.value, into: &out)
                    out += "}"
                }
            }
            out += textKeys ? "}" : "]"
        case .group(let fields):
            out += "{"
            for (position, field) in fields.enumerated() {
                if position > 0 { out += "," }
                JSONString.append(field.name, to: &out)
                out += ":"
                json(field.value, into: &out)
            }
            out += "}"
        }
    }
}
