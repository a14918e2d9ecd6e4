import Gregorian
/// A date/time `format` from `logicalTypeOptions` (Java/Unicode pattern letters as ODCS examples use them:
/// `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`, `SSS`…, `XXX`/`Z` for offsets; other characters are literals; `'…'`
/// quotes literals), compiled once into fixed-width fields and checked per value without parsing into a Date:
/// digits, ranges (month 1-12, day within the month incl. leap years, hour 0-23, minute/second 0-59).
///
/// Without a `format`: dates are `yyyy-MM-dd`; timestamps RFC 3339 / ISO 8601 (`T` or space, optional
/// fraction, optional `Z` or `±hh:mm`); times `HH:mm:ss` with an optional fraction.
public struct DateTimeFormat: Sendable {
    enum Field: Sendable, Equatable {
        case year, month, day, hour, minute, second
        case fraction(Int)
        /// `Z`, `+hh:mm` or `+hhmm`.
        case offset
        case literal(UInt8)
    }

    let fields: [Field]

    public struct InvalidFormat: Error, CustomStringConvertible { public let description: String }

    public init(_ pattern: String) throws {
        var fields: [Field] = []
        let bytes = Array(pattern.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "'") {
                guard let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "'")) else { throw InvalidFormat(description: "unclosed quote in format \(pattern)") }
                fields += bytes[(i + 1)..<close].map { .literal($0) }
                i = close + 1
                continue
            }
            var run = 1
            while i + run < bytes.count && bytes[i + run] == byte { run += 1 }
            switch (byte, run) {
            case (UInt8(ascii: "y"), 4), (UInt8(ascii: "u"), 4): fields.append(.year)
            case (UInt8(ascii: "M"), 2): fields.append(.month)
            case (UInt8(ascii: "d"), 2): fields.append(.day)
            case (UInt8(ascii: "H"), 2): fields.append(.hour)
            case (UInt8(ascii: "m"), 2): fields.append(.minute)
            case (UInt8(ascii: "s"), 2): fields.append(.second)
            case (UInt8(ascii: "S"), _): fields.append(.fraction(run))
            case (UInt8(ascii: "X"), _), (UInt8(ascii: "Z"), _), (UInt8(ascii: "x"), _): fields.append(.offset)
            case _ where (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte):
                throw InvalidFormat(description: "unsupported format letters \(String(repeating: Character(UnicodeScalar(byte)), count: run)) in \(pattern) (yyyy MM dd HH mm ss S… X/Z)")
            default:
                fields += Array(repeating: .literal(byte), count: run)
            }
            i += run
        }
        self.fields = fields
    }

    public func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool { parse(value) != nil }

    /// The fields of a value; fields the format lacks keep 1970-01-01T00:00:00, UTC.
    struct Components {
        var year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0
        var nanosecond = 0
        var offsetSeconds = 0

        var epochDay: Int64 { Int64(GregorianCalendar.daysSinceEpoch(year: year, month: month, day: day)) }

        /// Microseconds since the epoch in UTC (the offset applied; a leap second counts as the next second).
        var epochMicroseconds: Int64 {
            let seconds = epochDay * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
            return seconds * 1_000_000 + Int64(nanosecond / 1000)
        }
    }

    /// The value's fields, or nil when it does not have this format.
    func parse(_ value: UnsafeBufferPointer<UInt8>) -> Components? {
        var position = 0
        var result = Components()
        func number(_ width: Int) -> Int? {
            guard position + width <= value.count else { return nil }
            var result = 0
            for k in 0..<width {
                let digit = value[position + k] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                result = result &* 10 &+ Int(digit)
            }
            position += width
            return result
        }
        for field in fields {
            switch field {
            case .year: guard let v = number(4) else { return nil }; result.year = v
            case .month: guard let v = number(2), (1...12).contains(v) else { return nil }; result.month = v
            case .day: guard let v = number(2), v >= 1, v <= Self.daysIn(month: result.month, year: result.year) else { return nil }; result.day = v
            case .hour: guard let v = number(2), v <= 23 else { return nil }; result.hour = v
            case .minute: guard let v = number(2), v <= 59 else { return nil }; result.minute = v
            case .second: guard let v = number(2), v <= 60 else { return nil }; result.second = v
            case .fraction(let width):
                guard let v = number(width) else { return nil }
                result.nanosecond = width <= 9 ? v * Int(CellValue.pow10(9 - width)) : 0
            case .literal(let byte):
                guard position < value.count, value[position] == byte else { return nil }
                position += 1
            case .offset:
                guard position < value.count else { return nil }
                if value[position] == UInt8(ascii: "Z") { position += 1; continue }
                guard value[position] == UInt8(ascii: "+") || value[position] == UInt8(ascii: "-") else { return nil }
                let negative = value[position] == UInt8(ascii: "-")
                position += 1
                guard let hours = number(2), hours <= 23 else { return nil }
                if position < value.count, value[position] == UInt8(ascii: ":") { position += 1 }
                guard let minutes = number(2), minutes <= 59 else { return nil }
                result.offsetSeconds = (negative ? -1 : 1) * (hours * 3600 + minutes * 60)
            }
        }
        return position == value.count ? result : nil
    }

    /// A timestamp's fields: with `format`, per the format; without, RFC 3339 / ISO 8601 (`isTimestamp`).
    static func timestamp(_ value: UnsafeBufferPointer<UInt8>, format: DateTimeFormat?) -> Components? {
        if let format { return format.parse(value) }
        guard isTimestamp(value), var result = isoDate.parse(UnsafeBufferPointer(rebasing: value[0..<10])),
              let clock = clock.parse(UnsafeBufferPointer(rebasing: value[11..<19]))
        else { return nil }
        result.hour = clock.hour
        result.minute = clock.minute
        result.second = clock.second
        var i = 19
        if i < value.count, value[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < value.count, value[i] &- UInt8(ascii: "0") < 10 {
                result.nanosecond = result.nanosecond * 10 + Int(value[i] &- UInt8(ascii: "0"))
                digits += 1
                i += 1
            }
            result.nanosecond *= Int(CellValue.pow10(9 - digits))
        }
        if i < value.count, let offset = offsetOnly.parse(UnsafeBufferPointer(rebasing: value[i...])) { result.offsetSeconds = offset.offsetSeconds }
        return result
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static let isoDate = try! DateTimeFormat("yyyy-MM-dd")
    static let clock = try! DateTimeFormat("HH:mm:ss")
    static let offsetOnly = try! DateTimeFormat("X")

    /// Two digits at `at` as a number, or nil.
    @inline(__always)
    private static func twoDigits(_ value: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        let tens = value[at] &- UInt8(ascii: "0"), ones = value[at + 1] &- UInt8(ascii: "0")
        return tens < 10 && ones < 10 ? Int(tens) * 10 + Int(ones) : nil
    }

    /// `yyyy-MM-dd` with a real month and day: what `isoDate.matches` says, without walking the format's fields
    /// (every date and timestamp cell is checked).
    public static func isISODate(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count == 10, value[4] == UInt8(ascii: "-"), value[7] == UInt8(ascii: "-"),
              let century = twoDigits(value, 0), let years = twoDigits(value, 2),
              let month = twoDigits(value, 5), (1...12).contains(month), let day = twoDigits(value, 8)
        else { return false }
        return day >= 1 && day <= daysIn(month: month, year: century * 100 + years)
    }

    /// `HH:mm:ss` (hour to 23, minute to 59, second to 60): what `clock.matches` says.
    static func isClock(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count == 8, value[2] == UInt8(ascii: ":"), value[5] == UInt8(ascii: ":"),
              let hour = twoDigits(value, 0), let minute = twoDigits(value, 3), let second = twoDigits(value, 6)
        else { return false }
        return hour <= 23 && minute <= 59 && second <= 60
    }

    /// RFC 3339 / ISO 8601 timestamps: date, `T` or space, time, optional fraction (1-9 digits), optional offset.
    public static func isTimestamp(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count >= 19, isISODate(UnsafeBufferPointer(rebasing: value[0..<10])),
              value[10] == UInt8(ascii: "T") || value[10] == UInt8(ascii: " ") || value[10] == UInt8(ascii: "t")
        else { return false }
        return isTime(UnsafeBufferPointer(rebasing: value[11...]), allowOffset: true)
    }

    /// `HH:mm:ss[.f…]`, optionally followed by `Z` or an offset.
    public static func isTime(_ value: UnsafeBufferPointer<UInt8>, allowOffset: Bool = false) -> Bool {
        guard value.count >= 8, isClock(UnsafeBufferPointer(rebasing: value[0..<8])) else { return false }
        var i = 8
        if i < value.count, value[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < value.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(value[i]) { i += 1 }
            guard i > start, i - start <= 9 else { return false }
        }
        if i == value.count { return true }
        guard allowOffset else { return false }
        if i + 1 == value.count && value[i] == UInt8(ascii: "Z") { return true }  // what `offsetOnly` says of `Z`
        let rest = UnsafeBufferPointer(rebasing: value[i...])
        return offsetOnly.matches(rest)
    }
}
