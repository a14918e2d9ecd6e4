import Foundation
import GA4
import Testing

@testable import GA4Ingest

@Suite("Resume cursor")
struct BackfillCursorTests {
    let property = PropertySetting(id: try! PropertyID("123"), timeZoneName: "UTC", timeZone: .utc)

    func plan(_ reports: [ReportDefinition] = ReportDefinition.defaults) throws -> IngestPlan {
        try IngestPlan.backfill(
            BackfillRequest(properties: [property.id], startDate: CivilDate(year: 2025, month: 1, day: 1)!, endDate: CivilDate(year: 2025, month: 1, day: 3)!),
            configured: [property], reports: reports, maxRequests: 100)
    }

    @Test func aCursorRoundTripsAndResumesAtItsUnit() throws {
        let plan = try plan()
        let cursor = BackfillCursor(
            plan: plan.fingerprint, mode: .backfill, completedUnits: 4, totalUnits: plan.units.count, next: plan.units[4],
            stoppedAt: "2025-01-05T00:00:00.000Z", reason: "quota")
        let decoded = try BackfillCursor.decode(try cursor.json(), source: "s3://b/k")
        #expect(decoded == cursor)
        #expect(try decoded.resumeIndex(in: plan, source: "s3://b/k") == 4)
    }

    @Test func aCursorOfAnotherPlanIsRefused() throws {
        let plan = try plan()
        let fewer = try self.plan(Array(ReportDefinition.defaults.prefix(2)))
        let cursor = BackfillCursor(
            plan: plan.fingerprint, mode: .backfill, completedUnits: 4, totalUnits: plan.units.count, next: plan.units[4],
            stoppedAt: "", reason: "")
        #expect { try cursor.resumeIndex(in: fewer, source: "s3://b/k") } throws: {
            ($0 as? GA4IngestError)?.errorMessage.contains("does not match") == true
        }
    }

    @Test func garbageIsNotACursor() {
        #expect { try BackfillCursor.decode(Data("{}".utf8), source: "s3://b/k") } throws: {
            ($0 as? GA4IngestError)?.errorMessage.contains("s3://b/k") == true
        }
    }
}
