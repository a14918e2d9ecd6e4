import Foundation
import GA4
import Testing

@testable import GA4Ingest

/// The Glue tables in template.yaml must describe exactly the Parquet files the function writes for the
/// standard reports: Athena matches Parquet columns by name and type.
@Suite("Glue tables in the template")
struct TemplateGlueTablesTests {
    static func templateColumns(table: String) throws -> [String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../template.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "Name: \(table)" }, "no table \(table)")
        let columnsLine = try #require(lines[start...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "Columns:" })
        var columns: [String] = []
        for line in lines[(columnsLine + 1)...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("- {Name: ") else { break }
            columns.append(trimmed.replacingOccurrences(of: "- {Name: ", with: "").replacingOccurrences(of: ", Type: ", with: " ")
                .replacingOccurrences(of: "}", with: ""))
        }
        return columns
    }

    @Test(arguments: ReportDefinition.defaults)
    func theTableMatchesTheFilesColumns(definition: ReportDefinition) throws {
        let rows = ReportRows(
            dimensions: definition.dimensions.map { _ in [] }, metrics: definition.metrics.map { _ in .integer([]) }, count: 0)
        let table = try ReportTable(
            dimensionHeaders: definition.dimensions.map(DimensionHeader.init(name:)),
            metricHeaders: definition.metrics.map { MetricHeader(name: $0, type: .integer) }, rows: rows,
            derivedMetrics: definition.derivedMetrics)
        let hive = table.columns.map { column -> String in
            let type: String
            switch column.logicalType {
            case .string: type = "string"
            case .int64: type = "bigint"
            case .double: type = "double"
            case .date: type = "date"
            }
            return "\(column.name) \(type)"
        }
        #expect(try Self.templateColumns(table: definition.name) == hive)
    }
}
