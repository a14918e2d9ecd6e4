import Testing

@testable import Gregorian

struct GregorianCalendarTests {
    @Test(arguments: [
        (1970, 1, 1, 0), (2000, 3, 1, 11_017), (1900, 1, 1, -25_567), (2024, 2, 29, 19_782), (1, 1, 1, -719_162),
        (9999, 12, 31, 2_932_896), (1582, 10, 4, -141_438), (0, 3, 1, -719_468),
    ])
    func knownDates(_ entry: (Int, Int, Int, Int)) {
        #expect(GregorianCalendar.daysSinceEpoch(year: entry.0, month: entry.1, day: entry.2) == entry.3)
        #expect(GregorianCalendar.date(daysSinceEpoch: entry.3) == (entry.0, entry.1, entry.2))
    }

    /// Every day from year -1000 to 3000 round-trips and follows the day before it.
    @Test func consecutiveDaysRoundTrip() {
        var previous = GregorianCalendar.date(daysSinceEpoch: -1_085_000)
        for days in -1_084_999...376_000 {
            let date = GregorianCalendar.date(daysSinceEpoch: days)
            #expect(GregorianCalendar.daysSinceEpoch(year: date.year, month: date.month, day: date.day) == days)
            let nextDay = previous.day < GregorianCalendar.daysInMonth(year: previous.year, month: previous.month)
            let expected = nextDay ? (previous.year, previous.month, previous.day + 1)
                : previous.month < 12 ? (previous.year, previous.month + 1, 1) : (previous.year + 1, 1, 1)
            if date != expected { Issue.record("\(days): \(date) after \(previous)"); return }
            previous = date
        }
    }

    @Test func validityAndLeapYears() {
        #expect(GregorianCalendar.isValid(year: 2024, month: 2, day: 29))
        #expect(!GregorianCalendar.isValid(year: 2023, month: 2, day: 29))
        #expect(!GregorianCalendar.isValid(year: 1900, month: 2, day: 29))
        #expect(GregorianCalendar.isValid(year: 2000, month: 2, day: 29))
        #expect(!GregorianCalendar.isValid(year: 2024, month: 13, day: 1))
        #expect(!GregorianCalendar.isValid(year: 2024, month: 4, day: 31))
    }

    @Test func floorDivisionRoundsDown() {
        #expect(GregorianCalendar.floorDivide(7, 3) == (2, 1))
        #expect(GregorianCalendar.floorDivide(-7, 3) == (-3, 2))
        #expect(GregorianCalendar.floorDivide(Int64(-86_400_001), 86_400_000) == (-2, 86_399_999))
        #expect(GregorianCalendar.floorDivide(-6, 3) == (-2, 0))
    }
}
