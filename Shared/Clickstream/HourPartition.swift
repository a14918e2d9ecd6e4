/// A UTC hour, the unit the clickstream table is partitioned by (`year=YYYY/month=MM/day=DD/hour=HH`).
public struct HourPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole hours since 1970-01-01T00:00Z.
    public let hoursSinceEpoch: Int64

    public init(hoursSinceEpoch: Int64) {
        self.hoursSinceEpoch = hoursSinceEpoch
    }

    public init(millisecondsSinceEpoch: Int64) {
        hoursSinceEpoch = millisecondsSinceEpoch >= 0
            ? millisecondsSinceEpoch / 3_600_000
            : -((-millisecondsSinceEpoch + 3_599_999) / 3_600_000)
    }

    public init?(year: Int, month: Int, day: Int, hour: Int) {
        guard let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day), (0...23).contains(hour) else {
            return nil
        }
        hoursSinceEpoch = Int64(days) * 24 + Int64(hour)
    }

    public var date: CivilDate { CivilDate(daysSinceEpoch: Int(hoursSinceEpoch.floorDivided(by: 24))) }
    public var hourOfDay: Int { Int(hoursSinceEpoch - hoursSinceEpoch.floorDivided(by: 24) * 24) }

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
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01, or nil when the month or day does not exist (month 13, February 30).
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int? {
        guard (1...12).contains(month), (1...daysInMonth(month, year: year)).contains(day) else { return nil }
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`.
    public var isoText: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        self >= 0 ? self / divisor : -((-self + divisor - 1) / divisor)
    }
}
