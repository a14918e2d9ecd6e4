import Gregorian

/// A UTC hour, the unit the clickstream table is partitioned by (`year=YYYY/month=MM/day=DD/hour=HH`).
public struct HourPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole hours since 1970-01-01T00:00Z.
    public let hoursSinceEpoch: Int64

    public init(hoursSinceEpoch: Int64) {
        self.hoursSinceEpoch = hoursSinceEpoch
    }

    public init(millisecondsSinceEpoch: Int64) {
        hoursSinceEpoch = GregorianCalendar.floorDivide(millisecondsSinceEpoch, 3_600_000).quotient
    }

    public init?(year: Int, month: Int, day: Int, hour: Int) {
        guard let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day), (0...23).contains(hour) else {
            return nil
        }
        hoursSinceEpoch = Int64(days) * 24 + Int64(hour)
    }

    public var date: CivilDate { CivilDate(daysSinceEpoch: Int(GregorianCalendar.floorDivide(hoursSinceEpoch, 24).quotient)) }
    public var hourOfDay: Int { Int(hoursSinceEpoch - GregorianCalendar.floorDivide(hoursSinceEpoch, 24).quotient * 24) }

    /// The partition values in key order: year, month, day, hour, zero-padded.
    public var values: [String] {
        let date = date
        return [CivilDate.pad(date.year, 4), CivilDate.pad(date.month, 2), CivilDate.pad(date.day, 2), CivilDate.pad(hourOfDay, 2)]
    }

    /// `year=2024/month=01/day=15/hour=13`.
    public var path: String {
        let values = values
        return "year=\(values[0])/month=\(values[1])/day=\(values[2])/hour=\(values[3])"
    }

    public var description: String { path }

    public static func < (lhs: HourPartition, rhs: HourPartition) -> Bool { lhs.hoursSinceEpoch < rhs.hoursSinceEpoch }
}

/// A date of the proleptic Gregorian calendar, computed without Foundation's calendar (cheap and exact).
public struct CivilDate: Sendable, Hashable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(daysSinceEpoch days: Int) {
        (year, month, day) = GregorianCalendar.date(daysSinceEpoch: days)
    }

    /// Days since 1970-01-01, or nil when the month or day does not exist (month 13, February 30).
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int? {
        guard GregorianCalendar.isValid(year: year, month: month, day: day) else { return nil }
        return GregorianCalendar.daysSinceEpoch(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    public var isoText: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
