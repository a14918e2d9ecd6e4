import Foundation
import GA4
import Testing

@testable import GA4Ingest

@Suite("Run plans")
struct IngestPlanTests {
    let losAngeles = PropertySetting(id: try! PropertyID("111"), timeZoneName: "America/Los_Angeles", timeZone: try! TimeZoneRules.load("America/Los_Angeles"))
    let utc = PropertySetting(id: try! PropertyID("222"), timeZoneName: "UTC", timeZone: .utc)

    @Test func aScheduledRunPullsTheLastThreeCompleteDaysInThePropertysZoneOldestFirst() throws {
        // 2025-05-02 06:00 UTC: 2025-05-01 23:00 in Los Angeles, where 2025-05-01 is not complete yet.
        let time = Date(timeIntervalSince1970: 1_746_165_600)
        let plan = IngestPlan.scheduled(time: time, properties: [losAngeles, utc], reports: ReportDefinition.defaults, lookbackDays: 3)
        let days = Set(plan.units.filter { $0.propertyId == losAngeles.id }.map(\.date.isoString))
        #expect(days == ["2025-04-28", "2025-04-29", "2025-04-30"])
        let utcDays = Set(plan.units.filter { $0.propertyId == utc.id }.map(\.date.isoString))
        #expect(utcDays == ["2025-04-29", "2025-04-30", "2025-05-01"])
        #expect(plan.units.count == 2 * 3 * 3)
        #expect(plan.units.map(\.date) == plan.units.map(\.date).sorted())
        #expect(plan.units.prefix(3).map(\.report) == ["daily_totals", "traffic_by_source", "pages"])
        #expect(plan.fingerprint == "scheduled-2025-05-02T060000Z")
    }

    @Test func aBackfillCoversEveryDayPropertyAndReportOldestFirst() throws {
        let request = BackfillRequest(
            properties: [utc.id, losAngeles.id], startDate: CivilDate(year: 2024, month: 12, day: 30)!,
            endDate: CivilDate(year: 2025, month: 1, day: 2)!, reports: ["pages"])
        let plan = try IngestPlan.backfill(request, configured: [losAngeles, utc], reports: ReportDefinition.defaults, maxRequests: 100)
        #expect(plan.units.map { "\($0.date) \($0.propertyId.number) \($0.report)" } == [
            "2024-12-30 222 pages", "2024-12-30 111 pages", "2024-12-31 222 pages", "2024-12-31 111 pages",
            "2025-01-01 222 pages", "2025-01-01 111 pages", "2025-01-02 222 pages", "2025-01-02 111 pages",
        ])
        let again = try IngestPlan.backfill(request, configured: [losAngeles, utc], reports: ReportDefinition.defaults, maxRequests: 100)
        #expect(again.fingerprint == plan.fingerprint)
        #expect(plan.fingerprint.hasPrefix("backfill-2024-12-30-2025-01-02-"))
    }

    @Test func aBackfillOfAnUnconfiguredPropertyOrReportIsRefusedByName() throws {
        let day = CivilDate(year: 2025, month: 1, day: 1)!
        #expect {
            try IngestPlan.backfill(
                BackfillRequest(properties: [try PropertyID("999")], startDate: day, endDate: day),
                configured: [utc], reports: ReportDefinition.defaults, maxRequests: 100)
        } throws: { ($0 as? GA4IngestInputError)?.description.contains("999") == true }
        #expect {
            try IngestPlan.backfill(
                BackfillRequest(properties: [utc.id], startDate: day, endDate: day, reports: ["nope"]),
                configured: [utc], reports: ReportDefinition.defaults, maxRequests: 100)
        } throws: { ($0 as? GA4IngestInputError)?.description.contains("\"nope\"") == true }
    }

    @Test func aBackfillOverTheRequestLimitIsRefused() throws {
        let request = BackfillRequest(
            properties: [utc.id], startDate: CivilDate(year: 2024, month: 1, day: 1)!, endDate: CivilDate(year: 2024, month: 12, day: 31)!)
        #expect {
            try IngestPlan.backfill(request, configured: [utc], reports: ReportDefinition.defaults, maxRequests: 1000)
        } throws: { ($0 as? GA4IngestInputError)?.description.contains("1098 requests") == true }
    }

    @Test func timestampsAreFormattedInUTC() {
        #expect(RFC3339.format(unixSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.format(unixSeconds: 1_746_165_600) == "2025-05-02T06:00:00Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_746_165_600.25)) == "2025-05-02T06:00:00.250Z")
    }
}
