import Foundation
import Testing

@testable import Clickstream

struct HourPartitionTests {
    @Test func valuesAndPathAreZeroPaddedUTC() {
        let hour = HourPartition(millisecondsSinceEpoch: 1_705_323_911_000)
        #expect(hour.values == ["2024", "01", "15", "13"])
        #expect(hour.path == "year=2024/month=01/day=15/hour=13")
        #expect(HourPartition(year: 2024, month: 1, day: 15, hour: 13) == hour)
    }

    @Test func agreesWithFoundationsCalendarAcrossFourCenturies() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var milliseconds: Int64 = -2_208_988_800_000  // 1900-01-01
        while milliseconds < 7_258_118_400_000 {  // 2200-01-01
            let hour = HourPartition(millisecondsSinceEpoch: milliseconds)
            let parts = calendar.dateComponents([.year, .month, .day, .hour], from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            #expect(hour.date.year == parts.year && hour.date.month == parts.month && hour.date.day == parts.day && hour.hourOfDay == parts.hour,
                    "\(milliseconds)")
            milliseconds += 3_599_999 * 24 * 7 + 12_345
        }
    }

    @Test func impossibleDatesAreNil() {
        #expect(HourPartition(year: 2023, month: 2, day: 29, hour: 0) == nil)
        #expect(HourPartition(year: 2024, month: 2, day: 29, hour: 0) != nil)
        #expect(HourPartition(year: 2024, month: 13, day: 1, hour: 0) == nil)
        #expect(HourPartition(year: 2024, month: 1, day: 1, hour: 24) == nil)
        #expect(CivilDate.daysSinceEpoch(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate.daysSinceEpoch(year: 2000, month: 2, day: 29) == 11_016)
    }
}
