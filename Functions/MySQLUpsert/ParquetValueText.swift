import Gregorian
import LambdaEvents
import MySQL
import Parquet

/// A Parquet value as the input MySQL's column conversion takes: numbers and decimals as their exact text, dates
/// as `YYYY-MM-DD`, timestamps as `YYYY-MM-DD HH:MM:SS.ffffff` in UTC (what Redshift's TIMESTAMP and TIMESTAMPTZ
/// hold), times as `HH:MM:SS.ffffff`, booleans as 1/0, text as text, other bytes as bytes.
enum ParquetValueText {
    struct Unsupported: Error {
        let message: String
        /// What the rejects file shows for the value.
        let shown: String
    }

    static func upsertValue(_ value: ParquetFieldValue) -> Result<UpsertValue, Unsupported> {
        switch value {
        case .null: return .success(.null)
        case .boolean(let flag): return .success(.text(flag ? "1" : "0"))
        case .int32(let number): return .success(.text(String(number)))
        case .int64(let number): return .success(.text(String(number)))
        case .uint64(let number): return .success(.text(String(number)))
        case .float(let number): return .success(.text(String(number)))
        case .double(let number): return .success(.text(String(number)))
        case .string(let bytes):
            if let text = String(validating: bytes, as: UTF8.self) { return .success(.text(text)) }
            return .success(.bytes(bytes))
        case .bytes(let bytes): return .success(.bytes(bytes))
        case .decimal(let decimal): return .success(.text(decimal.description))
        case .date(let days): return .success(.text(date(days: Int64(days))))
        case .timestamp(let amount, let unit, _):
            let (seconds, fraction) = split(amount, unit)
            let (days, secondOfDay) = GregorianCalendar.floorDivide(seconds, 86_400)
            return .success(.text(date(days: days) + " " + time(secondOfDay: secondOfDay, microseconds: fraction)))
        case .time(let amount, let unit, _):
            let (seconds, fraction) = split(amount, unit)
            guard (0..<86_400).contains(seconds) else {
                return .failure(Unsupported(message: "time \(amount) is outside one day", shown: String(amount)))
            }
            return .success(.text(time(secondOfDay: seconds, microseconds: fraction)))
        case .list, .map, .group:
            return .failure(Unsupported(message: "nested values (list, map, struct) cannot go into a MySQL column", shown: "\(value)"))
        }
    }

    /// Whole seconds and microseconds (MySQL keeps at most 6 fractional digits; nanoseconds are truncated).
    private static func split(_ amount: Int64, _ unit: ParquetTimeUnit) -> (Int64, Int64) {
        let perSecond: Int64 = switch unit {
        case .milliseconds: 1_000
        case .microseconds: 1_000_000
        case .nanoseconds: 1_000_000_000
        }
        let (seconds, remainder) = GregorianCalendar.floorDivide(amount, perSecond)
        let microseconds: Int64 = switch unit {
        case .milliseconds: remainder * 1_000
        case .microseconds: remainder
        case .nanoseconds: remainder / 1_000
        }
        return (seconds, microseconds)
    }

    /// Days since 1970-01-01 as `YYYY-MM-DD`, proleptic Gregorian as MySQL's DATE (Foundation's calendar would
    /// switch to Julian dates before 1582).
    static func date(days: Int64) -> String {
        let (year, month, day) = GregorianCalendar.date(daysSinceEpoch: Int(days))
        return pad(Int64(year), 4) + "-" + pad(Int64(month), 2) + "-" + pad(Int64(day), 2)
    }

    private static func time(secondOfDay: Int64, microseconds: Int64) -> String {
        var text = pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if microseconds > 0 { text += "." + pad(microseconds, 6) }
        return text
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
