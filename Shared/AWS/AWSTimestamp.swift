#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The date formats AWS uses on the wire, written and read without locale-dependent formatters.
public enum AWSDateFormat {
    /// `20240115T120000Z`, the SigV4 `X-Amz-Date`.
    public static func amzDate(_ date: Date) -> String {
        let c = CivilTime(date)
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T" + pad(c.hour, 2) + pad(c.minute, 2)
            + pad(c.second, 2) + "Z"
    }

    /// `2024-01-15T12:00:00Z`.
    public static func iso8601(_ date: Date) -> String {
        let c = CivilTime(date)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))Z"
    }

    /// Parses `20240115T120000Z`.
    public static func parseAmzDate(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z"),
            let year = digits(b, 0, 4), let month = digits(b, 4, 2), let day = digits(b, 6, 2),
            let hour = digits(b, 9, 2), let minute = digits(b, 11, 2), let second = digits(b, 13, 2)
        else { return nil }
        return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).date
    }

    /// Parses ISO 8601 / RFC 3339 timestamps as AWS sends them: `2024-01-15T12:00:00Z`,
    /// `2024-01-15T12:00:00.123Z`, `2024-01-15T12:00:00+00:00`.
    public static func parseISO8601(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":"),
            let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
            let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < b.count, let digit = digit(b[index]) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < b.count {
            switch b[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard b.count >= index + 6, let h = digits(b, index + 1, 2), let m = digits(b, index + 4, 2) else {
                    return nil
                }
                offset = (h * 3600 + m * 60) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
                index += 6
            default:
                return nil
            }
        }
        guard index == b.count,
            let date = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).date
        else { return nil }
        return date.addingTimeInterval(fraction - Double(offset))
    }

    /// Parses the HTTP `Date` header (`Mon, 15 Jan 2024 12:00:00 GMT`).
    public static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT",
            let day = Int(parts[1]), let year = Int(parts[3]),
            let month = months.firstIndex(of: String(parts[2])).map({ $0 + 1 })
        else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]) else {
            return nil
        }
        return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).date
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            guard let d = digit(bytes[index]) else { return nil }
            value = value * 10 + d
        }
        return value
    }
}

/// A UTC calendar time, converted with the days-from-civil algorithm (proleptic Gregorian calendar).
struct CivilTime {
    var year, month, day, hour, minute, second: Int

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    init(_ date: Date) {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        var days = total / 86_400
        var secondsOfDay = total % 86_400
        if secondsOfDay < 0 {
            secondsOfDay += 86_400
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondsOfDay / 3600
        minute = secondsOfDay % 3600 / 60
        second = secondsOfDay % 60
    }

    /// Nil when a field is out of range.
    var date: Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second)
        else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * mp + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }
}

/// A timestamp in a JSON response: AWS JSON protocols send epoch seconds (possibly fractional), while some
/// servers (moto's Redshift Data) send ISO 8601 strings. Both decode.
public struct AWSTimestamp: Codable, Sendable, Hashable, Comparable {
    public var date: Date

    public init(_ date: Date) { self.date = date }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self) {
            date = Date(timeIntervalSince1970: seconds)
        } else {
            let text = try container.decode(String.self)
            if let parsed = AWSDateFormat.parseISO8601(text) ?? Double(text).map(Date.init(timeIntervalSince1970:)) {
                date = parsed
            } else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "timestamp \"\(text)\" is neither epoch seconds nor ISO 8601")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(date.timeIntervalSince1970)
    }

    public static func < (lhs: AWSTimestamp, rhs: AWSTimestamp) -> Bool { lhs.date < rhs.date }
}
