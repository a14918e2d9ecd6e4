import Foundation
import Testing

@testable import GA4

@Suite struct ReportTableTests {
    private let rows = ReportRows(
        dimensions: [["20250501", "20250501", "(other)"], ["google", "(direct)", "(other)"]],
        metrics: [.integer([10, 0, 5]), .integer([25, 0, 9]), .integer([4, 3, 0]), .double([12.5, 0, 3.25])],
        count: 3)
    private let dimensionHeaders = [DimensionHeader(name: "date"), DimensionHeader(name: "sessionSource")]
    private let metricHeaders = [
        MetricHeader(name: "sessions", type: .integer), MetricHeader(name: "screenPageViews", type: .integer),
        MetricHeader(name: "activeUsers", type: .integer), MetricHeader(name: "userEngagementDuration", type: .seconds),
    ]

    @Test func typesEveryColumn() throws {
        let table = try ReportTable(
            dimensionHeaders: dimensionHeaders, metricHeaders: metricHeaders, rows: rows,
            derivedMetrics: DerivedMetric.standard.filter { $0.applies(to: metricHeaders.map(\.name)) })
        #expect(table.rowCount == 3)
        #expect(table.columns.map(\.name) == [
            "date", "date_string", "session_source", "sessions", "screen_page_views", "active_users",
            "user_engagement_duration", "pages_per_session", "sessions_per_user",
        ])
        let may1 = Int32(CivilDate(year: 2025, month: 5, day: 1)!.daysSinceEpoch)
        #expect(table["date"]?.values == .date([may1, may1, nil]))
        #expect(table["date_string"]?.values == .string(["20250501", "20250501", "(other)"]))
        #expect(table["session_source"]?.values == .string(["google", "(direct)", "(other)"]))
        #expect(table["sessions"]?.values == .int64([10, 0, 5]))
        #expect(table["user_engagement_duration"]?.values == .double([12.5, 0, 3.25]))
        #expect(table["user_engagement_duration"]?.source == .metric("userEngagementDuration", .seconds))
        // Ratios are null where the denominator is zero.
        #expect(table["pages_per_session"]?.values == .double([2.5, nil, 1.8]))
        #expect(table["sessions_per_user"]?.values == .double([2.5, 0, nil]))
    }

    @Test func derivedRatiosOverManyRowsAreRatiosOfSums() {
        let sessions = MetricColumn.integer([10, 0, 5])
        let views = MetricColumn.integer([25, 0, 9])
        #expect(DerivedMetric.ratioOfSums(views, sessions, rows: 0..<3) == 34.0 / 15.0)
        #expect(DerivedMetric.ratioOfSums(views, sessions, rows: 1..<2) == nil)
    }

    @Test func refusesADerivedMetricWhoseInputIsMissing() {
        #expect(throws: GA4Error.self) {
            try ReportTable(
                dimensionHeaders: dimensionHeaders, metricHeaders: metricHeaders, rows: rows,
                derivedMetrics: [DerivedMetric(name: "events_per_session", numerator: "eventCount", denominator: "sessions")])
        }
    }

    @Test func namesColumnsInSnakeCase() {
        #expect(ColumnNaming.columnName("sessionSource") == "session_source")
        #expect(ColumnNaming.columnName("customEvent:plan_type") == "custom_event_plan_type")
        #expect(ColumnNaming.columnName("date") == "date")
        #expect(ColumnNaming.columnName("active1DayUsers") == "active1_day_users")
    }
}
