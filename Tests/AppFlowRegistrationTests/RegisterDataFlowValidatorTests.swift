import Foundation
import Testing
import TestSupport

@testable import AppFlowRegistration

@Suite struct RegisterDataFlowValidatorTests {
    typealias F = RegistrationFixtures

    @Test func theValidDetailBecomesARequest() throws {
        let request = F.request
        #expect(request.flowName == "ga4-analytics")
        #expect(request.ga4 == .init(propertyID: "345678901", connectorProfileName: "ga4-analytics"))
        #expect(request.redshift.target == .workgroup("analytics"))
        #expect(request.redshift.schema.name == "ga4")
        #expect(request.objects.map(\.table.name) == ["sessions_daily", "pages_daily"])
        #expect(request.objects[0].filters[1] == .init(field: "sessions", operator: .between, values: ["1", "1000000"]))
        #expect(request.objects[0].validations[2] == .init(field: "engagementRate", rule: .range, action: .dropRecord, minimum: "0", maximum: "1"))
        #expect(request.objects[1].dimensionLength == 1024)
        #expect(request.objects[0].dimensionLength == 256)
        #expect(request.schedule == .init(expression: "rate(1days)", startTime: 1_705_374_000, timeZone: "Europe/Berlin", pullMode: .incremental))
        #expect(request.errorPrefix == "rejected/")
        #expect(request.flowName(for: request.objects[1]) == "ga4-analytics-pages_daily")
    }

    @Test func theSampleEventFileIsValid() throws {
        let url = TestEnvironment.packageRoot.appendingPathComponent("events/eventbridge-register-data-flow.json")
        let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let detailText = try #require(envelope["detail"] as? String)
        let detail = try JSONSerialization.jsonObject(with: Data(detailText.utf8))
        let request = try F.validate(detail).get()
        #expect(request.objects.count == 2)
    }

    /// One broken member per case, and the path and words the error must carry.
    nonisolated(unsafe) static let cases: [(String, [Any], Any?, String, String)] = [
        ("missing flow name", ["flowName"], nil, "detail.flowName", "required member is missing"),
        ("flow name with a space", ["flowName"], "ga4-my flow", "detail.flowName", "not an AppFlow flow name"),
        ("flow name outside the prefix", ["flowName"], "other-flow", "detail.flowName", "must start with \"ga4-\""),
        ("unknown member", ["owner"], "me", "detail.owner", "unknown member"),
        ("description with a quote", ["description"], "it's", "detail.description", "flow description"),
        ("secret outside the prefix", ["settingsSecretId"], "prod/db-password", "detail.settingsSecretId", "must be named appflow-registration/"),
        ("measurement id for a property", ["ga4", "propertyId"], "G-ABC123", "detail.ga4.propertyId", "measurement id"),
        ("profile with a space", ["ga4", "connectorProfileName"], "ga4 profile", "detail.ga4.connectorProfileName", "connector profile"),
        ("cluster and workgroup", ["redshift", "clusterIdentifier"], "analytics-cluster", "detail.redshift", "exactly one"),
        ("cluster id with two hyphens", ["redshift", "workgroupName"], nil, "detail.redshift", "exactly one"),
        ("schema with a quote", ["redshift", "schema"], "ga4\"; DROP SCHEMA public; --", "detail.redshift.schema", "not a Redshift identifier"),
        ("schema in pg_", ["redshift", "schema"], "pg_catalog", "detail.redshift.schema", "reserved"),
        ("database upper case", ["redshift", "database"], "Dev", "detail.redshift.database", "not a Redshift identifier"),
        ("table with a semicolon", ["objects", 0, "table"], "t; DROP TABLE x", "detail.objects[0].table", "not a Redshift identifier"),
        ("table in unicode", ["objects", 0, "table"], "sessi\u{f6}ns", "detail.objects[0].table", "not a Redshift identifier"),
        ("table starting with a digit", ["objects", 0, "table"], "1sessions", "detail.objects[0].table", "not a Redshift identifier"),
        ("table too long", ["objects", 0, "table"], String(repeating: "t", count: 128), "detail.objects[0].table", "not a Redshift identifier"),
        ("ten dimensions", ["objects", 0, "dimensions"],
         ["date", "country", "city", "region", "browser", "deviceCategory", "language", "pagePath", "hostName", "eventName"],
         "detail.objects[0].dimensions", "0 to 9 entries allowed, found 10"),
        ("eleven metrics", ["objects", 1, "metrics"],
         ["sessions", "totalUsers", "activeUsers", "newUsers", "screenPageViews", "eventCount", "engagedSessions", "bounceRate",
          "engagementRate", "keyEvents", "purchaseRevenue"], "detail.objects[1].metrics", "1 to 10 entries allowed, found 11"),
        ("no metric", ["objects", 1, "metrics"], [String](), "detail.objects[1].metrics", "1 to 10 entries allowed, found 0"),
        ("unknown metric", ["objects", 0, "metrics", 1], "sessionz", "detail.objects[0].metrics[1]", "unknown GA4 metric \"sessionz\""),
        ("unknown dimension", ["objects", 0, "dimensions", 2], "deviceType", "detail.objects[0].dimensions[2]", "unknown GA4 dimension \"deviceType\""),
        ("repeated metric", ["objects", 0, "metrics", 1], "sessions", "detail.objects[0].metrics[1]", "appears twice"),
        ("custom dimension with a quote", ["objects", 0, "dimensions", 2], "customEvent:plan'", "detail.objects[0].dimensions[2]", "unknown GA4 dimension"),
        ("entity with a space", ["objects", 0, "entity"], "core report", "detail.objects[0].entity", "entity path"),
        ("dimension length zero", ["objects", 1, "dimensionLength"], 0, "detail.objects[1].dimensionLength", "integer from 1 to 65535"),
        ("dimension length fraction", ["objects", 1, "dimensionLength"], 25.5, "detail.objects[1].dimensionLength", "integer"),
        ("filter on another field", ["objects", 0, "filters", 0, "field"], "city", "detail.objects[0].filters[0].field", "not one of the object's"),
        ("filter operator unknown", ["objects", 0, "filters", 0, "operator"], "LIKE", "detail.objects[0].filters[0].operator", "is not one of"),
        ("between without upper", ["objects", 0, "filters", 1, "upper"], nil, "detail.objects[0].filters[1].upper", "required member is missing"),
        ("filter value with a newline", ["objects", 0, "filters", 0, "value"], "a\nb", "detail.objects[0].filters[0].value", "control characters"),
        ("value on between", ["objects", 0, "filters", 1, "value"], 3, "detail.objects[0].filters[1].value", "not used by operator BETWEEN"),
        ("range without maximum", ["objects", 0, "validations", 2, "maximum"], nil, "detail.objects[0].validations[2].maximum", "required member is missing"),
        ("range upside down", ["objects", 0, "validations", 2, "minimum"], 2, "detail.objects[0].validations[2].maximum", "below the minimum"),
        ("bounds on nonNull", ["objects", 0, "validations", 0, "minimum"], 1, "detail.objects[0].validations[0].minimum", "only rule range"),
        ("numeric rule on a dimension", ["objects", 0, "validations", 0, "rule"], "nonNegative", "detail.objects[0].validations[0].rule", "applies to metrics"),
        ("unknown action", ["objects", 0, "validations", 1, "action"], "ignore", "detail.objects[0].validations[1].action", "dropRecord, terminateFlow"),
        ("same table twice", ["objects", 1, "table"], "sessions_daily", "detail.objects[1].table", "named by an earlier object"),
        ("no objects", ["objects"], [Any](), "detail.objects", "1 to 20 entries"),
        ("rate without unit", ["schedule", "expression"], "rate(5)", "detail.schedule.expression", "unit must be minutes, hours or days"),
        ("rate of zero", ["schedule", "expression"], "rate(0days)", "detail.schedule.expression", "at least 1"),
        ("cron with five fields", ["schedule", "expression"], "cron(0 3 * * ?)", "detail.schedule.expression", "expected 6 fields"),
        ("cron with both day fields", ["schedule", "expression"], "cron(0 3 * * * *)", "detail.schedule.expression", "exactly one of day-of-month"),
        ("cron with a quote", ["schedule", "expression"], "cron(0 3 ' * ? *)", "detail.schedule.expression", "cannot hold"),
        ("not a schedule", ["schedule", "expression"], "every day", "detail.schedule.expression", "neither rate"),
        ("start date without time", ["schedule", "startTime"], "2024-01-16", "detail.schedule.startTime", "RFC 3339"),
        ("time zone abbreviation", ["schedule", "timeZone"], "CET", "detail.schedule.timeZone", "IANA time zone"),
        ("time zone path", ["schedule", "timeZone"], "Europe/../../etc", "detail.schedule.timeZone", "IANA time zone"),
        ("pull mode unknown", ["schedule", "dataPullMode"], "Full", "detail.schedule.dataPullMode", "Incremental, Complete"),
        ("error bucket upper case", ["errorBucket"], "Errors", "detail.errorBucket", "not an S3 bucket name"),
        ("error prefix escaping", ["errorPrefix"], "../other/", "detail.errorPrefix", "not a key prefix"),
        ("tag key aws:", ["tags"], ["aws:owner": "x"], "detail.tags.aws:owner", "not a tag key"),
        ("tag value with a quote", ["tags", "team"], "o'brien", "detail.tags.team", "tag value"),
        ("tags not an object", ["tags"], ["a"], "detail.tags", "expected an object"),
        ("objects not an array", ["objects"], "sessions", "detail.objects", "expected an array"),
        ("flow name a number", ["flowName"], 42, "detail.flowName", "expected a string, found a number"),
    ]

    @Test(arguments: cases.indices)
    func eachBrokenMemberIsNamed(_ index: Int) throws {
        let (name, path, value, errorPath, words) = Self.cases[index]
        let result = F.validate(F.changed(path, to: value))
        guard case .failure(let error) = result else {
            Issue.record("\(name): accepted")
            return
        }
        #expect(error.problems.contains { $0.path == errorPath && $0.problem.contains(words) }, "\(name): \(error.errorMessage)")
        #expect(error.errorType == "InvalidEvent")
    }

    @Test func everyProblemIsReportedAtOnce() {
        var detail = F.changed(["flowName"], to: "bad name") as! [String: Any]
        detail["errorBucket"] = "B"
        guard case .failure(let error) = F.validate(detail) else { Issue.record("accepted"); return }
        #expect(Set(error.problems.map(\.path)) == ["detail.flowName", "detail.errorBucket"])
        #expect(error.errorMessage.hasPrefix("RegisterDataFlow event rejected (2 problems): "))
    }

    @Test func customDefinitionsAndProvisionedClustersAreAccepted() throws {
        var detail = F.changed(["objects", 0, "dimensions", 2], to: "customEvent:plan_type") as! [String: Any]
        detail = F.changed(["objects", 0, "metrics", 2], to: "countCustomEvent:signup", in: detail) as! [String: Any]
        var redshift = detail["redshift"] as! [String: Any]
        redshift["workgroupName"] = nil
        redshift["clusterIdentifier"] = "analytics-1"
        detail["redshift"] = redshift
        detail["schedule"] = ["expression": "cron(0 3 ? * MON-FRI *)", "timeZone": "America/Argentina/Buenos_Aires", "dataPullMode": "Complete"]
        let request = try F.validate(detail).get()
        #expect(request.redshift.target == .cluster("analytics-1"))
        #expect(request.objects[0].metrics.last == "countCustomEvent:signup")
        #expect(request.schedule?.pullMode == .complete)
    }

    @Test func withoutScheduleTheFlowsRunOnDemand() throws {
        let request = try F.validate(F.changed(["schedule"], to: nil)).get()
        #expect(request.schedule == nil)
    }
}
