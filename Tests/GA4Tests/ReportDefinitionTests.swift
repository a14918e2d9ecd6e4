import Foundation
import Testing

@testable import GA4

@Suite struct ReportDefinitionTests {
    @Test func theDefaultSetIsValidAndDerivesTheStandardRatios() throws {
        for definition in ReportDefinition.defaults { try definition.validate() }
        #expect(ReportDefinition.defaults.map(\.name) == ["daily_totals", "traffic_by_source", "pages"])
        #expect(ReportDefinition.defaults[0].derivedMetrics.map(\.name) == ["pages_per_session", "sessions_per_user", "events_per_session"])
        #expect(ReportDefinition.defaults[1].dimensions == ["date", "sessionSource", "sessionMedium"])
    }

    @Test func buildsOneDayRequestsWithStableOrder() throws {
        let day = CivilDate(year: 2025, month: 5, day: 1)!
        let request = ReportDefinition.defaults[1].request(for: day)
        #expect(request.dateRanges == [DateRange(startDate: "2025-05-01", endDate: "2025-05-01")])
        #expect(request.returnPropertyQuota == true)
        #expect(request.keepEmptyRows == false)
        #expect(request.metricAggregations == [.total])
        #expect(request.orderBys == [
            .dimension("date", orderType: .numeric), .dimension("sessionSource"), .dimension("sessionMedium"),
        ])
        try request.validate()
        let json = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        #expect(json.contains("\"orderType\":\"NUMERIC\""))
        #expect(!json.contains("dimensionFilter"))
    }

    @Test func decodesAListFromJSON() throws {
        let json = """
            [{"name": "landing", "dimensions": ["date", "landingPage"], "metrics": ["sessions", "eventCount"],
              "dimensionFilter": {"filter": {"fieldName": "landingPage", "stringFilter": {"matchType": "BEGINS_WITH", "value": "/blog"}}},
              "limit": 5000}]
            """
        let definitions = try ReportDefinition.decodeList(Data(json.utf8), source: "GA4_REPORTS")
        #expect(definitions.count == 1)
        #expect(definitions[0].derivedMetrics.map(\.name) == ["events_per_session"])
        #expect(definitions[0].referencedNames.dimensions == ["date", "landingPage"])
        #expect(definitions[0].limit == 5000)
    }

    @Test(arguments: [
        (#"[{"name": "Bad-Name", "metrics": ["sessions"]}]"#, "report name \"Bad-Name\""),
        (#"[{"name": "a", "metrics": []}]"#, "report a: metrics is empty"),
        (#"[{"name": "a", "metrics": ["sessions", "sessions"]}]"#, "metrics lists sessions twice"),
        (#"[{"name": "a", "metrics": ["sessions"], "limit": 300000}]"#, "limit 300000"),
        (#"[{"name": "a", "metrics": ["sessions"]}, {"name": "a", "metrics": ["eventCount"]}]"#, "used twice"),
        (#"[{"name": "a", "metrics": ["sessions"], "derivedMetrics": [{"name": "x", "numerator": "eventCount", "denominator": "sessions"}]}]"#,
            "needs metric eventCount"),
        (#"[{"name": "a"}]"#, "missing [0].metrics"),
        (#"[{"name": "a", "dimensions": ["../etc"], "metrics": ["sessions"]}]"#, "is not a Data API name"),
    ])
    func refusesInvalidDefinitionsNamingTheProblem(json: String, message: String) {
        #expect {
            try ReportDefinition.decodeList(Data(json.utf8), source: "GA4_REPORTS")
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func metadataCheckNamesTheUnknownField() throws {
        let metadata = PropertyMetadata(
            name: "properties/1/metadata",
            dimensions: [.init(apiName: "date"), .init(apiName: "sessionSource")],
            metrics: [.init(apiName: "sessions", type: .integer), .init(apiName: "keyEvents", deprecatedApiNames: ["conversions"])])
        let property = try PropertyID("1")
        try metadata.validate([ReportDefinition(name: "ok", dimensions: ["date"], metrics: ["sessions", "conversions"])], property: property)
        #expect(throws: GA4Error.unknownName(kind: "metric", name: "sesions", report: "typo", property: "properties/1")) {
            try metadata.validate([ReportDefinition(name: "typo", dimensions: ["date"], metrics: ["sesions"])], property: property)
        }
    }
}

extension PropertyMetadata.DimensionMetadata {
    init(apiName: String) {
        self.init(apiName: apiName, uiName: nil, description: nil, deprecatedApiNames: nil, customDefinition: nil, category: nil)
    }
}

extension PropertyMetadata.MetricMetadata {
    init(apiName: String, type: MetricType? = nil, deprecatedApiNames: [String]? = nil) {
        self.init(apiName: apiName, uiName: nil, description: nil, deprecatedApiNames: deprecatedApiNames, type: type,
            expression: nil, customDefinition: nil, category: nil)
    }
}
