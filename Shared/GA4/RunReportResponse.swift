/// One page of a report as the Data API returns it (`RunReportResponse`), with its rows held column by column.
public struct RunReportResponse: Sendable, Equatable {
    public var dimensionHeaders: [DimensionHeader]
    public var metricHeaders: [MetricHeader]
    public var rows: ReportRows
    /// Rows of `metricAggregations`: their dimension values are `RESERVED_TOTAL`, `RESERVED_MAX`, `RESERVED_MIN`.
    public var totals: ReportRows
    public var maximums: ReportRows
    public var minimums: ReportRows
    /// The number of rows of the whole result, independent of `limit` and `offset`.
    public var rowCount: Int
    public var metadata: ResponseMetadata
    public var propertyQuota: PropertyQuota?
    public var kind: String?

    public init(
        dimensionHeaders: [DimensionHeader] = [], metricHeaders: [MetricHeader] = [], rows: ReportRows = ReportRows(),
        totals: ReportRows = ReportRows(), maximums: ReportRows = ReportRows(), minimums: ReportRows = ReportRows(),
        rowCount: Int = 0, metadata: ResponseMetadata = ResponseMetadata(), propertyQuota: PropertyQuota? = nil,
        kind: String? = nil
    ) {
        self.dimensionHeaders = dimensionHeaders
        self.metricHeaders = metricHeaders
        self.rows = rows
        self.totals = totals
        self.maximums = maximums
        self.minimums = minimums
        self.rowCount = rowCount
        self.metadata = metadata
        self.propertyQuota = propertyQuota
        self.kind = kind
    }
}

public struct DimensionHeader: Sendable, Equatable, Codable {
    public var name: String
    public init(name: String) { self.name = name }
}

public struct MetricHeader: Sendable, Equatable, Codable {
    public var name: String
    public var type: MetricType
    public init(name: String, type: MetricType) {
        self.name = name
        self.type = type
    }
}

/// The Data API's `MetricType`. Only `TYPE_INTEGER` values are integers; every other type is a decimal
/// number whose unit the type names.
public enum MetricType: String, Sendable, Equatable, Codable, CaseIterable {
    case unspecified = "METRIC_TYPE_UNSPECIFIED"
    case integer = "TYPE_INTEGER"
    case float = "TYPE_FLOAT"
    case seconds = "TYPE_SECONDS"
    case milliseconds = "TYPE_MILLISECONDS"
    case minutes = "TYPE_MINUTES"
    case hours = "TYPE_HOURS"
    case standard = "TYPE_STANDARD"
    case currency = "TYPE_CURRENCY"
    case feet = "TYPE_FEET"
    case miles = "TYPE_MILES"
    case meters = "TYPE_METERS"
    case kilometers = "TYPE_KILOMETERS"

    public var isInteger: Bool { self == .integer }
}

/// Report rows stored column by column: `dimensions[d][r]` is the value of dimension `d` in row `r`.
public struct ReportRows: Sendable, Equatable {
    public var dimensions: [[String]]
    public var metrics: [MetricColumn]
    public var count: Int

    public init(dimensions: [[String]] = [], metrics: [MetricColumn] = [], count: Int = 0) {
        self.dimensions = dimensions
        self.metrics = metrics
        self.count = count
    }

    /// Appends the rows of another page with the same headers.
    public mutating func append(_ other: ReportRows) {
        if count == 0 && dimensions.isEmpty && metrics.isEmpty {
            self = other
            return
        }
        precondition(dimensions.count == other.dimensions.count && metrics.count == other.metrics.count)
        for index in dimensions.indices {
            dimensions[index].append(contentsOf: other.dimensions[index])
        }
        for index in metrics.indices {
            metrics[index].append(other.metrics[index])
        }
        count += other.count
    }
}

/// The values of one metric: integers for `TYPE_INTEGER`, doubles for every other type.
public enum MetricColumn: Sendable, Equatable {
    case integer([Int64])
    case double([Double])

    public var count: Int {
        switch self {
        case .integer(let values): return values.count
        case .double(let values): return values.count
        }
    }

    /// The value in `row` as a double, whatever the column's kind.
    public func doubleValue(at row: Int) -> Double {
        switch self {
        case .integer(let values): return Double(values[row])
        case .double(let values): return values[row]
        }
    }

    mutating func append(_ other: MetricColumn) {
        switch (self, other) {
        case (.integer(var values), .integer(let more)):
            self = .integer([])
            values.append(contentsOf: more)
            self = .integer(values)
        case (.double(var values), .double(let more)):
            self = .double([])
            values.append(contentsOf: more)
            self = .double(values)
        default:
            preconditionFailure("metric column kinds differ between pages")
        }
    }
}

/// The response's caveats about its data (`ResponseMetaData`).
public struct ResponseMetadata: Sendable, Equatable, Codable {
    /// True when some dimension combinations were folded into an `(other)` row.
    public var dataLossFromOtherRow: Bool
    /// True when rows may have been withheld by thresholding (Google signals, demographics, low counts).
    public var subjectToThresholding: Bool
    /// One entry per date range when the report was sampled; empty when it was not.
    public var samplingMetadatas: [SamplingMetadata]
    public var currencyCode: String?
    /// The property's reporting time zone (IANA name); dates in the report are in it.
    public var timeZone: String?
    /// Why a report has no rows (e.g. `INVALID_DATE_RANGE`), when it says so.
    public var emptyReason: String?
    /// Metrics GA restricted in this response (`schemaRestrictionResponse.activeMetricRestrictions[].metricName`).
    public var restrictedMetrics: [String]

    public init(
        dataLossFromOtherRow: Bool = false, subjectToThresholding: Bool = false,
        samplingMetadatas: [SamplingMetadata] = [], currencyCode: String? = nil, timeZone: String? = nil,
        emptyReason: String? = nil, restrictedMetrics: [String] = []
    ) {
        self.dataLossFromOtherRow = dataLossFromOtherRow
        self.subjectToThresholding = subjectToThresholding
        self.samplingMetadatas = samplingMetadatas
        self.currencyCode = currencyCode
        self.timeZone = timeZone
        self.emptyReason = emptyReason
        self.restrictedMetrics = restrictedMetrics
    }

    /// True when any date range was sampled.
    public var isSampled: Bool { !samplingMetadatas.isEmpty }
}

/// How much of the data a sampled report read.
public struct SamplingMetadata: Sendable, Equatable, Codable {
    public var samplesReadCount: Int64
    public var samplingSpaceSize: Int64

    public init(samplesReadCount: Int64, samplingSpaceSize: Int64) {
        self.samplesReadCount = samplesReadCount
        self.samplingSpaceSize = samplingSpaceSize
    }
}
