import Foundation
import GA4
import Testing

@testable import GA4Ingest

@Suite("Time zone rules from the tz database")
struct TimeZoneRulesTests {
    /// 2025-03-09 10:00 UTC is 03:00 PDT, just after the US switch; 09:59 UTC is 01:59 PST.
    @Test func losAngelesSwitchesToDaylightTimeOnTheSecondSundayOfMarch() throws {
        let zone = try TimeZoneRules.load("America/Los_Angeles")
        #expect(zone.offset(atUnixSeconds: 1_741_514_400) == -7 * 3600)
        #expect(zone.offset(atUnixSeconds: 1_741_514_399) == -8 * 3600)
    }

    @Test func theFooterRuleAgreesWithTheTransitionTable() throws {
        let zone = try TimeZoneRules.load("Europe/Berlin")
        let footer = try #require(zone.footer)
        // Every hour of 2030 and 2031 that the table covers: the two must agree.
        var checked = 0
        for hour in stride(from: Int64(1_893_456_000), to: 1_956_528_000, by: 3600) where hour < (zone.transitions.last ?? 0) {
            #expect(footer.offset(atUnixSeconds: hour) == zone.offset(atUnixSeconds: hour), "at \(hour)")
            checked += 1
        }
        // Berlin 2030-07-01 12:00 UTC is CEST.
        #expect(zone.offset(atUnixSeconds: 1_909_137_600) == 7200)
        #expect(zone.offset(atUnixSeconds: 1_893_456_000) == 3600)
        _ = checked
    }

    @Test func theSouthernHemisphereRuleWrapsTheYearEnd() throws {
        let rule = try PosixTimeZoneRule("AEST-10AEDT,M10.1.0,M4.1.0/3")
        // 2026-01-15 00:00 UTC: summer, AEDT (+11).
        #expect(rule.offset(atUnixSeconds: 1_768_435_200) == 11 * 3600)
        // 2026-07-01 00:00 UTC: winter, AEST (+10).
        #expect(rule.offset(atUnixSeconds: 1_782_864_000) == 10 * 3600)
    }

    @Test func theLocalDateIsTheDayInTheZone() throws {
        let zone = try TimeZoneRules.load("America/Los_Angeles")
        // 2025-05-02 06:00 UTC is still 2025-05-01 23:00 in Los Angeles.
        #expect(zone.localDate(atUnixSeconds: 1_746_165_600) == CivilDate(year: 2025, month: 5, day: 1))
        #expect(TimeZoneRules.utc.localDate(atUnixSeconds: 1_746_165_600) == CivilDate(year: 2025, month: 5, day: 2))
    }

    @Test(arguments: ["../etc/passwd", "/etc/localtime", "Not A Zone", "America/Nowhere"])
    func badNamesAreRefusedWithTheName(name: String) {
        #expect(throws: TimeZoneRules.LoadError.self) { try TimeZoneRules.load(name) }
        do {
            _ = try TimeZoneRules.load(name)
        } catch {
            #expect(error.description.contains(name))
        }
    }

    @Test func aFileThatIsNotTZifIsRefused() {
        #expect(throws: TimeZoneRules.LoadError.self) { try TimeZoneRules.parse(Array("not a tz file at all, but long enough to hold a header".utf8)) }
    }
}
