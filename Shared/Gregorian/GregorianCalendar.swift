/// The proleptic Gregorian calendar as a count of days since 1970-01-01, the way SQL, Parquet, Avro and BigQuery
/// count dates (Foundation's calendar would switch to Julian dates before 1582, and costs an allocation per call).
///
/// The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`: years counted from March, so the leap
/// day is the last day of its year and month lengths follow a fixed pattern, in 400-year eras of 146,097 days.
public enum GregorianCalendar {
    /// 719,468 days lie between 0000-03-01 and 1970-01-01.
    private static let epochShift = 719_468
    private static let daysPerEra = 146_097

    /// Days from 1970-01-01 to the date (negative before it). The date is not checked: see `isValid`.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDivide(marchYear, 400).quotient
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * daysPerEra + dayOfEra - epochShift
    }

    /// The date `days` after 1970-01-01 (negative before it).
    public static func date(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + epochShift
        let era = floorDivide(shifted, daysPerEra).quotient
        let dayOfEra = shifted - era * daysPerEra
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whether the month exists and has the day (no month 13, no February 30).
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    /// Division rounding toward negative infinity, with the remainder in `0..<divisor` (for a positive divisor):
    /// what splitting a signed count of milliseconds into days and time of day needs.
    public static func floorDivide<Value: BinaryInteger>(_ value: Value, _ divisor: Value) -> (quotient: Value, remainder: Value) {
        let quotient = value / divisor, remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
