/// A report as a typed, column-oriented table, ready for a columnar writer: dimensions as strings (`date` also
/// as a date), integer metrics as Int64, every other metric type as Double, derived ratios as Double with
/// nulls where the denominator is 0.
public struct ReportTable: Sendable, Equatable {
    public var columns: [ReportColumn]
    public var rowCount: Int

    public init(columns: [ReportColumn], rowCount: Int) {
        self.columns = columns
        self.rowCount = rowCount
    }

    public subscript(name: String) -> ReportColumn? {
        columns.first { $0.name == name }
    }

    /// The table for the rows of a fetched report.
    public init(report: FetchedReport, derivedMetrics: [DerivedMetric]) throws(GA4Error) {
        try self.init(
            dimensionHeaders: report.dimensionHeaders, metricHeaders: report.metricHeaders, rows: report.rows,
            derivedMetrics: derivedMetrics)
    }

    /// The table for report rows with their headers. Column names are the API names in snake_case; the `date`
    /// dimension gives `date` (DATE; null for `(other)`) and `date_string` (as GA wrote it).
    public init(
        dimensionHeaders: [DimensionHeader], metricHeaders: [MetricHeader], rows: ReportRows, derivedMetrics: [DerivedMetric]
    ) throws(GA4Error) {
        precondition(rows.dimensions.count == dimensionHeaders.count && rows.metrics.count == metricHeaders.count)
        var columns: [ReportColumn] = []
        for (header, values) in zip(dimensionHeaders, rows.dimensions) {
            let name = ColumnNaming.columnName(header.name)
            if header.name == "date" {
                let days = values.map { CivilDate(compactString: $0).map { Int32($0.daysSinceEpoch) } }
                columns.append(ReportColumn(name: name, source: .dateOf(dimension: header.name), values: .date(days)))
                columns.append(ReportColumn(name: "date_string", source: .dimension(header.name), values: .string(values)))
            } else {
                columns.append(ReportColumn(name: name, source: .dimension(header.name), values: .string(values)))
            }
        }
        for (header, values) in zip(metricHeaders, rows.metrics) {
            let name = ColumnNaming.columnName(header.name)
            switch values {
            case .integer(let numbers):
                columns.append(ReportColumn(name: name, source: .metric(header.name, header.type), values: .int64(numbers)))
            case .double(let numbers):
                columns.append(ReportColumn(name: name, source: .metric(header.name, header.type), values: .double(numbers)))
            }
        }
        for derived in derivedMetrics {
            guard let top = metricHeaders.firstIndex(where: { $0.name == derived.numerator }),
                let bottom = metricHeaders.firstIndex(where: { $0.name == derived.denominator })
            else {
                throw .invalidConfiguration(
                    "derived metric \(derived.name) needs \(derived.numerator) and \(derived.denominator), which the response lacks")
            }
            let numerator = rows.metrics[top]
            let denominator = rows.metrics[bottom]
            let ratios = (0..<rows.count).map { row -> Double? in
                let divisor = denominator.doubleValue(at: row)
                return divisor == 0 ? nil : numerator.doubleValue(at: row) / divisor
            }
            columns.append(ReportColumn(name: derived.name, source: .derived(derived), values: .double(ratios)))
        }
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw .invalidConfiguration("two columns would both be named \(column.name)")
        }
        self.init(columns: columns, rowCount: rows.count)
    }
}

/// One column: its name, where it comes from, and its values (nil is null).
public struct ReportColumn: Sendable, Equatable {
    public var name: String
    public var source: Source
    public var values: ColumnValues

    public init(name: String, source: Source, values: ColumnValues) {
        self.name = name
        self.source = source
        self.values = values
    }

    public enum Source: Sendable, Equatable {
        case dimension(String)
        /// The `date` dimension parsed as a calendar date.
        case dateOf(dimension: String)
        /// A metric and its API type (which names the unit: seconds, currency…).
        case metric(String, MetricType)
        case derived(DerivedMetric)
    }

    public var logicalType: LogicalType { values.logicalType }
}

/// The values of a column, typed.
public enum ColumnValues: Sendable, Equatable {
    case string([String?])
    case int64([Int64?])
    case double([Double?])
    /// Days since 1970-01-01.
    case date([Int32?])

    public var logicalType: LogicalType {
        switch self {
        case .string: return .string
        case .int64: return .int64
        case .double: return .double
        case .date: return .date
        }
    }

    public var count: Int {
        switch self {
        case .string(let values): return values.count
        case .int64(let values): return values.count
        case .double(let values): return values.count
        case .date(let values): return values.count
        }
    }
}

/// The logical types a column can have (Parquet: BYTE_ARRAY/STRING, INT64, DOUBLE, INT32/DATE).
public enum LogicalType: String, Sendable, Equatable, Codable {
    case string, int64, double, date
}
