import AWS
import Testing

@testable import AppFlowRegistration

@Suite struct RedshiftTableDriftTests {
    typealias F = RegistrationFixtures

    var ddl: RedshiftTableDDL { RedshiftTableDDL(schema: F.request.redshift.schema, objects: F.request.objects) }

    func rows(_ values: [(String, String, String)]) -> [[RedshiftField]] {
        values.map { row in [row.0, row.1, row.2].map { RedshiftField(stringValue: $0) } }
    }

    @Test func newAndMatchingTablesReportNothing() {
        let matching = rows([
            ("pages_daily", "date", "date"), ("pages_daily", "page_path", "character varying"),
            ("pages_daily", "screen_page_views", "bigint"),
        ])
        #expect(RedshiftTableDrift.differences(ddl, rows: matching).isEmpty)
    }

    @Test func missingExtraAndRetypedColumnsAreNamed() {
        let drifted = rows([
            ("pages_daily", "date", "date"), ("pages_daily", "page_path", "character varying"),
            ("pages_daily", "screen_page_views", "double precision"), ("pages_daily", "legacy_id", "integer"),
            ("sessions_daily", "date", "date"),
        ])
        let differences = RedshiftTableDrift.differences(ddl, rows: drifted)
        #expect(differences["pages_daily"] == [
            "column screen_page_views is double precision, the event asks for bigint", "column legacy_id is not in the event",
        ])
        #expect(differences["sessions_daily"]?.first == "column country (country) is missing")
        #expect(differences["sessions_daily"]?.count == 5)
    }

    @Test func reportedTypes() {
        #expect(RedshiftTableDrift.reportedType("VARCHAR(256)") == "character varying")
        #expect(RedshiftTableDrift.reportedType("DECIMAL(20,4)") == "numeric")
        #expect(RedshiftTableDrift.reportedType("DOUBLE PRECISION") == "double precision")
        #expect(RedshiftTableDrift.reportedType("BIGINT") == "bigint")
        #expect(RedshiftTableDrift.reportedType("DATE") == "date")
    }
}
