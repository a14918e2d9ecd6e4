import Foundation
import Testing

@testable import GA4

@Suite struct RunReportRequestTests {
    @Test func encodesTheAPIFieldNamesAndOneofs() throws {
        let request = RunReportRequest(
            dimensions: [Dimension(name: "date")], metrics: [Metric(name: "sessions")],
            dateRanges: [DateRange(startDate: "3daysAgo", endDate: "yesterday")],
            dimensionFilter: .andGroup([
                .filter(Filter(fieldName: "sessionMedium", inListFilter: .init(values: ["cpc", "email"]))),
                .not(.filter(Filter(fieldName: "pagePath", emptyFilter: .init()))),
            ]),
            metricFilter: .filter(Filter(fieldName: "sessions", numericFilter: .init(operation: .greaterThan, value: .int64(10)))),
            offset: 0, limit: 1000, metricAggregations: [.total, .maximum], orderBys: [.metric("sessions", descending: true)],
            keepEmptyRows: true, returnPropertyQuota: true)
        try request.validate()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(request), as: UTF8.self)
        #expect(json.contains(#""dimensionFilter":{"andGroup":{"expressions":[{"filter":{"fieldName":"sessionMedium","inListFilter":{"values":["cpc","email"]}}},{"notExpression":{"filter":{"emptyFilter":{},"fieldName":"pagePath"}}}]}}"#))
        #expect(json.contains(#""metricFilter":{"filter":{"fieldName":"sessions","numericFilter":{"operation":"GREATER_THAN","value":{"int64Value":"10"}}}}"#))
        #expect(json.contains(#""orderBys":[{"desc":true,"metric":{"metricName":"sessions"}}]"#))
        #expect(json.contains(#""metricAggregations":["TOTAL","MAXIMUM"]"#))
        let decoded = try JSONDecoder().decode(RunReportRequest.self, from: Data(json.utf8))
        #expect(decoded == request)
    }

    @Test(arguments: [
        (RunReportRequest(metrics: [Metric(name: "sessions")]), "dateRanges: 0 given"),
        (RunReportRequest(dimensions: (0..<10).map { Dimension(name: "d\($0)") }, dateRanges: [DateRange(startDate: "today", endDate: "today")]),
            "dimensions: 10 given, at most 9"),
        (RunReportRequest(metrics: [Metric(name: "sessions")], dateRanges: [DateRange(startDate: "2025-05-02", endDate: "2025-05-01")]),
            "startDate 2025-05-02 is after endDate 2025-05-01"),
        (RunReportRequest(metrics: [Metric(name: "sessions")], dateRanges: [DateRange(startDate: "last week", endDate: "today")]),
            "dateRanges[0].startDate"),
        (RunReportRequest(metrics: [Metric(name: "sessions")], dateRanges: [DateRange(startDate: "today", endDate: "today")], limit: 250_001),
            "limit: 250001"),
    ])
    func refusesRequestsThatBreakTheLimits(request: RunReportRequest, message: String) {
        #expect {
            try request.validate()
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func propertyIDsAreNumeric() throws {
        #expect(try PropertyID("properties/123").resourceName == "properties/123")
        #expect(try PropertyID("123").number == "123")
        #expect {
            try PropertyID("G-ABC123")
        } throws: { error in
            "\(error)".contains("measurement id")
        }
        #expect(throws: GA4Error.self) { try PropertyID("123/../456") }
    }
}
