import Testing

@testable import GA4

@Suite struct CivilDateTests {
    @Test func convertsToAndFromDaysSinceTheEpoch() throws {
        #expect(CivilDate(isoString: "1970-01-01")?.daysSinceEpoch == 0)
        #expect(CivilDate(isoString: "2000-03-01")?.daysSinceEpoch == 11_017)
        #expect(CivilDate(isoString: "1969-12-31")?.daysSinceEpoch == -1)
        for days in stride(from: -800_000, through: 2_900_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }

    @Test func parsesBothSpellingsAndRefusesImpossibleDates() {
        #expect(CivilDate(compactString: "20240229") == CivilDate(year: 2024, month: 2, day: 29))
        #expect(CivilDate(compactString: "20230229") == nil)
        #expect(CivilDate(compactString: "(other)") == nil)
        #expect(CivilDate(isoString: "2025-13-01") == nil)
        #expect(CivilDate(isoString: "2025-1-01") == nil)
        #expect(CivilDate(isoString: "2025-05-01")?.adding(days: -3).isoString == "2025-04-28")
    }
}
