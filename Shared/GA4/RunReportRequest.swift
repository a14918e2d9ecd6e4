/// The body of `runReport` (`RunReportRequest`), with the Data API's JSON field names. The property is part of
/// the URL, not of the body. Optional fields left nil are not sent.
public struct RunReportRequest: Sendable, Equatable, Codable {
    public var dimensions: [Dimension]
    public var metrics: [Metric]
    public var dateRanges: [DateRange]
    public var dimensionFilter: FilterExpression?
    public var metricFilter: FilterExpression?
    /// The first row to return (0-based). Pagination moves it in steps of `limit`.
    public var offset: Int64?
    /// Rows per page; the API's default is 10,000 and it returns at most 250,000 per request.
    public var limit: Int64?
    public var metricAggregations: [MetricAggregation]?
    public var orderBys: [OrderBy]?
    public var currencyCode: String?
    public var keepEmptyRows: Bool?
    public var returnPropertyQuota: Bool?

    /// The API's limits on one request (from the `RunReportRequest` reference).
    public static let maximumDimensions = 9
    public static let maximumMetrics = 10
    public static let maximumDateRanges = 4
    public static let maximumLimit: Int64 = 250_000
    public static let defaultLimit: Int64 = 10_000

    public init(
        dimensions: [Dimension] = [], metrics: [Metric] = [], dateRanges: [DateRange] = [],
        dimensionFilter: FilterExpression? = nil, metricFilter: FilterExpression? = nil, offset: Int64? = nil,
        limit: Int64? = nil, metricAggregations: [MetricAggregation]? = nil, orderBys: [OrderBy]? = nil,
        currencyCode: String? = nil, keepEmptyRows: Bool? = nil, returnPropertyQuota: Bool? = nil
    ) {
        self.dimensions = dimensions
        self.metrics = metrics
        self.dateRanges = dateRanges
        self.dimensionFilter = dimensionFilter
        self.metricFilter = metricFilter
        self.offset = offset
        self.limit = limit
        self.metricAggregations = metricAggregations
        self.orderBys = orderBys
        self.currencyCode = currencyCode
        self.keepEmptyRows = keepEmptyRows
        self.returnPropertyQuota = returnPropertyQuota
    }

    /// Checks the documented limits before a request is spent on them; the error names the field.
    public func validate() throws(GA4Error) {
        guard !metrics.isEmpty || !dimensions.isEmpty else {
            throw .invalidRequest("a report needs at least one dimension or metric")
        }
        guard dimensions.count <= Self.maximumDimensions else {
            throw .invalidRequest("dimensions: \(dimensions.count) given, at most \(Self.maximumDimensions) allowed")
        }
        guard metrics.count <= Self.maximumMetrics else {
            throw .invalidRequest("metrics: \(metrics.count) given, at most \(Self.maximumMetrics) allowed")
        }
        guard !dateRanges.isEmpty, dateRanges.count <= Self.maximumDateRanges else {
            throw .invalidRequest("dateRanges: \(dateRanges.count) given, 1 to \(Self.maximumDateRanges) required")
        }
        if let limit, !(1...Self.maximumLimit).contains(limit) {
            throw .invalidRequest("limit: \(limit) is outside 1…\(Self.maximumLimit)")
        }
        if let offset, offset < 0 {
            throw .invalidRequest("offset: \(offset) is negative")
        }
        for (index, range) in dateRanges.enumerated() {
            try range.validate(field: "dateRanges[\(index)]")
        }
        if let currencyCode, !(currencyCode.utf8.count == 3 && currencyCode.utf8.allSatisfy({ (65...90).contains($0) })) {
            throw .invalidRequest("currencyCode: \"\(currencyCode)\" is not an ISO 4217 code")
        }
    }
}

public struct Dimension: Sendable, Equatable, Codable {
    public var name: String
    public init(name: String) { self.name = name }
}

public struct Metric: Sendable, Equatable, Codable {
    public var name: String
    /// A server-side derived metric, e.g. `screenPageViews/sessions`; `name` is then its column name.
    public var expression: String?
    /// Used in filters, order and expressions but not returned as a column.
    public var invisible: Bool?

    public init(name: String, expression: String? = nil, invisible: Bool? = nil) {
        self.name = name
        self.expression = expression
        self.invisible = invisible
    }
}

/// An inclusive range of dates: `YYYY-MM-DD`, `today`, `yesterday` or `NdaysAgo`, in the property's time zone.
public struct DateRange: Sendable, Equatable, Codable {
    public var startDate: String
    public var endDate: String
    public var name: String?

    public init(startDate: String, endDate: String, name: String? = nil) {
        self.startDate = startDate
        self.endDate = endDate
        self.name = name
    }

    /// One day.
    public init(day: CivilDate) {
        self.init(startDate: day.isoString, endDate: day.isoString)
    }

    func validate(field: String) throws(GA4Error) {
        for (member, value) in [("startDate", startDate), ("endDate", endDate)] where !Self.isValidDate(value) {
            throw .invalidRequest("\(field).\(member): \"\(value)\" is not YYYY-MM-DD, today, yesterday or NdaysAgo")
        }
        if let start = CivilDate(isoString: startDate), let end = CivilDate(isoString: endDate), start > end {
            throw .invalidRequest("\(field): startDate \(startDate) is after endDate \(endDate)")
        }
    }

    private static func isValidDate(_ text: String) -> Bool {
        if text == "today" || text == "yesterday" || CivilDate(isoString: text) != nil { return true }
        guard text.hasSuffix("daysAgo") else { return false }
        let digits = text.dropLast("daysAgo".count)
        return !digits.isEmpty && digits.utf8.allSatisfy { (48...57).contains($0) }
    }
}

public enum MetricAggregation: String, Sendable, Equatable, Codable {
    case total = "TOTAL"
    case minimum = "MINIMUM"
    case maximum = "MAXIMUM"
    case count = "COUNT"
}

/// One sort key: a metric or a dimension, ascending unless `desc`.
public struct OrderBy: Sendable, Equatable, Codable {
    public var metric: MetricOrderBy?
    public var dimension: DimensionOrderBy?
    public var desc: Bool?

    public static func metric(_ name: String, descending: Bool = false) -> OrderBy {
        OrderBy(metric: MetricOrderBy(metricName: name), dimension: nil, desc: descending ? true : nil)
    }

    public static func dimension(_ name: String, orderType: DimensionOrderBy.OrderType? = nil, descending: Bool = false) -> OrderBy {
        OrderBy(metric: nil, dimension: DimensionOrderBy(dimensionName: name, orderType: orderType), desc: descending ? true : nil)
    }

    public struct MetricOrderBy: Sendable, Equatable, Codable {
        public var metricName: String
    }

    public struct DimensionOrderBy: Sendable, Equatable, Codable {
        public var dimensionName: String
        public var orderType: OrderType?

        public enum OrderType: String, Sendable, Equatable, Codable {
            case alphanumeric = "ALPHANUMERIC"
            case caseInsensitiveAlphanumeric = "CASE_INSENSITIVE_ALPHANUMERIC"
            case numeric = "NUMERIC"
        }
    }
}
