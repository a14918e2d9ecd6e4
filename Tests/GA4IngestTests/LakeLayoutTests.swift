import GA4
import Testing

@testable import GA4Ingest

@Suite("Lake layout")
struct LakeLayoutTests {
    @Test func keysArePartitionedAndDeterministic() throws {
        let layout = LakeLayout(rawPrefix: "landing/ga4/", curatedPrefix: "curated/ga4/")
        let property = try PropertyID("123456789")
        let day = CivilDate(year: 2025, month: 5, day: 1)!
        #expect(layout.parquetKey(report: "pages", property: property, date: day)
            == "curated/ga4/report=pages/property_id=123456789/dt=2025-05-01/part-00000.parquet")
        #expect(layout.caveatsKey(report: "pages", property: property, date: day)
            == "curated/ga4/report=pages/property_id=123456789/dt=2025-05-01/_caveats.json")
        #expect(layout.rawPageKey(report: "pages", property: property, date: day, fetchStamp: "2025-05-02T060000.000Z", page: 12)
            == "landing/ga4/report=pages/property_id=123456789/dt=2025-05-01/fetched_at=2025-05-02T060000.000Z/page-00012.json")
        #expect(layout.cursorKey(planFingerprint: "backfill-x") == "landing/ga4/_cursors/backfill-x.json")
    }
}
