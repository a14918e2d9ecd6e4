#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A configured report: which dimensions and metrics to pull per property and day, and which ratios to derive.
/// Read from JSON (an environment variable or an S3 object); `ReportDefinition.defaults` is the standard set.
///
/// ```json
/// [{"name": "traffic_by_source", "dimensions": ["date", "sessionSource", "sessionMedium"],
///   "metrics": ["sessions", "activeUsers", "screenPageViews", "eventCount"]}]
/// ```
public struct ReportDefinition: Sendable, Equatable, Codable {
    /// Lower-case letters, digits and underscores: it becomes `report=<name>` in S3 keys and a table name.
    public var name: String
    public var dimensions: [String]
    public var metrics: [String]
    public var dimensionFilter: FilterExpression?
    public var metricFilter: FilterExpression?
    /// Sort keys; by default every dimension in order, so that pagination is stable.
    public var orderBys: [OrderBy]?
    public var keepEmptyRows: Bool
    public var metricAggregations: [MetricAggregation]
    /// Rows per page.
    public var limit: Int64
    /// Ratios computed from the metrics; by default the standard ones whose inputs the report has.
    public var derivedMetrics: [DerivedMetric]

    public init(
        name: String, dimensions: [String], metrics: [String], dimensionFilter: FilterExpression? = nil,
        metricFilter: FilterExpression? = nil, orderBys: [OrderBy]? = nil, keepEmptyRows: Bool = false,
        metricAggregations: [MetricAggregation] = [.total], limit: Int64 = 100_000, derivedMetrics: [DerivedMetric]? = nil
    ) {
        self.name = name
        self.dimensions = dimensions
        self.metrics = metrics
        self.dimensionFilter = dimensionFilter
        self.metricFilter = metricFilter
        self.orderBys = orderBys
        self.keepEmptyRows = keepEmptyRows
        self.metricAggregations = metricAggregations
        self.limit = limit
        self.derivedMetrics = derivedMetrics ?? DerivedMetric.standard.filter { $0.applies(to: metrics) }
    }

    private enum CodingKeys: String, CodingKey {
        case name, dimensions, metrics, dimensionFilter, metricFilter, orderBys, keepEmptyRows, metricAggregations, limit,
            derivedMetrics
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let metrics = try container.decode([String].self, forKey: .metrics)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            dimensions: try container.decodeIfPresent([String].self, forKey: .dimensions) ?? [],
            metrics: metrics,
            dimensionFilter: try container.decodeIfPresent(FilterExpression.self, forKey: .dimensionFilter),
            metricFilter: try container.decodeIfPresent(FilterExpression.self, forKey: .metricFilter),
            orderBys: try container.decodeIfPresent([OrderBy].self, forKey: .orderBys),
            keepEmptyRows: try container.decodeIfPresent(Bool.self, forKey: .keepEmptyRows) ?? false,
            metricAggregations: try container.decodeIfPresent([MetricAggregation].self, forKey: .metricAggregations) ?? [.total],
            limit: try container.decodeIfPresent(Int64.self, forKey: .limit) ?? 100_000,
            derivedMetrics: try container.decodeIfPresent([DerivedMetric].self, forKey: .derivedMetrics))
    }

    /// The standard set: day totals (the only right source of day-level user counts), traffic by session
    /// source and medium (session-scoped, so they add up to `sessions`), and pages.
    public static let defaults: [ReportDefinition] = [
        ReportDefinition(
            name: "daily_totals", dimensions: ["date"],
            metrics: ["sessions", "totalUsers", "activeUsers", "newUsers", "screenPageViews", "eventCount", "engagedSessions"]),
        ReportDefinition(
            name: "traffic_by_source", dimensions: ["date", "sessionSource", "sessionMedium"],
            metrics: ["sessions", "totalUsers", "activeUsers", "newUsers", "screenPageViews", "eventCount", "engagedSessions"]),
        ReportDefinition(
            name: "pages", dimensions: ["date", "hostName", "pagePath"],
            metrics: ["screenPageViews", "sessions", "totalUsers", "activeUsers", "eventCount"]),
    ]

    /// Reads a JSON array of definitions and validates them together.
    public static func decodeList(_ json: Data, source: String) throws(GA4Error) -> [ReportDefinition] {
        let definitions: [ReportDefinition]
        do {
            definitions = try JSONDecoder().decode([ReportDefinition].self, from: json)
        } catch {
            throw .invalidConfiguration("\(source) is not a JSON array of report definitions: \(Self.describe(error))")
        }
        guard !definitions.isEmpty else { throw .invalidConfiguration("\(source) defines no reports") }
        var names = Set<String>()
        for definition in definitions {
            try definition.validate()
            guard names.insert(definition.name).inserted else {
                throw .invalidConfiguration("\(source): report name \(definition.name) is used twice")
            }
        }
        return definitions
    }

    /// Checks names and the API's limits; the error names the report and the field.
    public func validate() throws(GA4Error) {
        guard !name.isEmpty, name.utf8.count <= 64, name.utf8.first.map({ (97...122).contains($0) }) == true,
            name.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") })
        else {
            throw .invalidConfiguration("report name \"\(name)\" must be 1–64 lower-case letters, digits or underscores, starting with a letter")
        }
        guard !metrics.isEmpty else { throw .invalidConfiguration("report \(name): metrics is empty") }
        guard dimensions.count <= RunReportRequest.maximumDimensions else {
            throw .invalidConfiguration("report \(name): \(dimensions.count) dimensions, at most \(RunReportRequest.maximumDimensions)")
        }
        guard metrics.count <= RunReportRequest.maximumMetrics else {
            throw .invalidConfiguration("report \(name): \(metrics.count) metrics, at most \(RunReportRequest.maximumMetrics)")
        }
        for (field, list) in [("dimensions", dimensions), ("metrics", metrics)] {
            if let duplicate = Self.firstDuplicate(list) {
                throw .invalidConfiguration("report \(name): \(field) lists \(duplicate) twice")
            }
            for apiName in list where !Self.isAPIName(apiName) {
                throw .invalidConfiguration("report \(name): \(field) entry \"\(apiName)\" is not a Data API name")
            }
        }
        guard (1...RunReportRequest.maximumLimit).contains(limit) else {
            throw .invalidConfiguration("report \(name): limit \(limit) is outside 1…\(RunReportRequest.maximumLimit)")
        }
        let columns = Set(dimensions.map(ColumnNaming.columnName) + metrics.map(ColumnNaming.columnName) + ["date_string"])
        for derived in derivedMetrics {
            for input in [derived.numerator, derived.denominator] where !metrics.contains(input) {
                throw .invalidConfiguration("report \(name): derived metric \(derived.name) needs metric \(input), which the report does not request")
            }
            guard ColumnNaming.isColumnName(derived.name), !columns.contains(derived.name) else {
                throw .invalidConfiguration("report \(name): derived metric name \"\(derived.name)\" is not a free snake_case column name")
            }
        }
    }

    /// The request for one day of this report.
    public func request(for day: CivilDate) -> RunReportRequest {
        RunReportRequest(
            dimensions: dimensions.map(Dimension.init(name:)),
            metrics: metrics.map { Metric(name: $0) },
            dateRanges: [DateRange(day: day)],
            dimensionFilter: dimensionFilter,
            metricFilter: metricFilter,
            offset: 0,
            limit: limit,
            metricAggregations: metricAggregations.isEmpty ? nil : metricAggregations,
            orderBys: orderBys ?? dimensions.map { $0 == "date" ? .dimension($0, orderType: .numeric) : .dimension($0) },
            keepEmptyRows: keepEmptyRows,
            returnPropertyQuota: true)
    }

    /// Every dimension and metric name the report refers to, filters included.
    public var referencedNames: (dimensions: [String], metrics: [String]) {
        let filterDimensions = dimensionFilter?.fieldNames ?? []
        let filterMetrics = metricFilter?.fieldNames ?? []
        return (Self.unique(dimensions + filterDimensions), Self.unique(metrics + filterMetrics))
    }

    /// `sessions`, `customEvent:plan_type`, `keyEvents:purchase`.
    static func isAPIName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 128 && text.utf8.allSatisfy { byte in
            (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ":")
        }
    }

    private static func firstDuplicate(_ list: [String]) -> String? {
        var seen = Set<String>()
        return list.first { !seen.insert($0).inserted }
    }

    private static func unique(_ list: [String]) -> [String] {
        var seen = Set<String>()
        return list.filter { seen.insert($0).inserted }
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "missing \(Self.path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(Self.path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
