import Testing

@testable import AppFlowRegistration

@Suite struct RedshiftTableDDLTests {
    typealias F = RegistrationFixtures

    @Test func schemaAndTablesWithTypesFromTheGA4Fields() {
        let request = F.request
        let ddl = RedshiftTableDDL(schema: request.redshift.schema, objects: request.objects)
        #expect(ddl.statements == [
            #"CREATE SCHEMA IF NOT EXISTS "ga4""#,
            #"CREATE TABLE IF NOT EXISTS "ga4"."sessions_daily" ("date" DATE, "country" VARCHAR(256), "device_category" VARCHAR(256), "#
                + #""sessions" BIGINT, "engagement_rate" DOUBLE PRECISION, "purchase_revenue" DECIMAL(20,4))"#,
            #"CREATE TABLE IF NOT EXISTS "ga4"."pages_daily" ("date" DATE, "page_path" VARCHAR(1024), "screen_page_views" BIGINT)"#,
        ])
    }

    @Test func typeMap() {
        #expect(RedshiftTableDDL.columnType(field: "date", dimensionLength: 10) == "DATE")
        #expect(RedshiftTableDDL.columnType(field: "dateHour", dimensionLength: 10) == "VARCHAR(10)")
        #expect(RedshiftTableDDL.columnType(field: "customUser:tier", dimensionLength: 64) == "VARCHAR(64)")
        #expect(RedshiftTableDDL.columnType(field: "activeUsers", dimensionLength: 1) == "BIGINT")
        #expect(RedshiftTableDDL.columnType(field: "averageSessionDuration", dimensionLength: 1) == "DOUBLE PRECISION")
        #expect(RedshiftTableDDL.columnType(field: "bounceRate", dimensionLength: 1) == "DOUBLE PRECISION")
        #expect(RedshiftTableDDL.columnType(field: "totalRevenue", dimensionLength: 1) == "DECIMAL(20,4)")
        #expect(RedshiftTableDDL.columnType(field: "countCustomEvent:signup", dimensionLength: 1) == "BIGINT")
    }

    static let hostileNames = [
        #"ga4""#, "ga4\"; DROP SCHEMA public CASCADE; --", "ga4;", "ga4 ", " ga4", "ga 4", "GA4", "ga4-x", "ga4.x", "ga4`",
        "ga4'", "g\u{e4}4", "ga4\u{0}", "ga4\n", "ga\u{200B}4", "", String(repeating: "a", count: 128), "9lives", "ga4)--",
    ]

    @Test(arguments: hostileNames)
    func hostileIdentifiersAreRefused(_ name: String) {
        #expect(RedshiftIdentifier(name) == nil)
        for path in [["redshift", "schema"], ["redshift", "database"], ["objects", 0, "table"]] as [[Any]] {
            guard case .failure = F.validate(F.changed(path, to: name)) else {
                Issue.record("\(path) = \(name.debugDescription) accepted")
                continue
            }
        }
    }

    @Test func reservedWordsStayNamesBecauseEveryIdentifierIsQuoted() throws {
        let request = try F.validate(F.changed(["objects", 1, "table"], to: "user")).get()
        let ddl = RedshiftTableDDL(schema: request.redshift.schema, objects: request.objects)
        #expect(ddl.statements[2].hasPrefix(#"CREATE TABLE IF NOT EXISTS "ga4"."user" ("date" DATE"#))
        #expect(RedshiftIdentifier("_x9")?.quoted == #""_x9""#)
    }
}
