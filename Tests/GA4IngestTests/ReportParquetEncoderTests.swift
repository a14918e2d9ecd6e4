import Foundation
@testable import GA4
import Testing

@testable import GA4Ingest

@Suite("Report tables to Parquet")
struct ReportParquetEncoderTests {
    let table = ReportTable(columns: [
        ReportColumn(name: "date", source: .dateOf(dimension: "date"), values: .date([20_089, nil])),
        ReportColumn(name: "date_string", source: .dimension("date"), values: .string(["20250101", "(other)"])),
        ReportColumn(name: "sessions", source: .metric("sessions", .integer), values: .int64([5, 7])),
        ReportColumn(name: "bounce_rate", source: .metric("bounceRate", .float), values: .double([0.5, 0.25])),
    ], rowCount: 2)

    @Test func columnsKeepTheirTypes() throws {
        let schema = try ReportParquetEncoder.schema(for: table)
        #expect(schema.columns.map(\.name) == ["date", "date_string", "sessions", "bounce_rate"])
        #expect(schema.columns.map(\.type) == [.date, .string, .int64, .double])
        #expect(schema.columns.allSatisfy { $0.isOptional })
    }

    @Test func theFileIsFramedAndCarriesTheCaveats() throws {
        let bytes = try ReportParquetEncoder.encode(table, caveatsJSON: #"{"subjectToThresholding":true}"#)
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8))
        #expect(Array(bytes.suffix(4)) == Array("PAR1".utf8))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(ReportParquetEncoder.caveatsKey))
        #expect(text.contains(#"{"subjectToThresholding":true}"#))
    }

    @Test func anEmptyDayStillGivesAFileThatReplacesThePartition() throws {
        let empty = ReportTable(columns: table.columns.map { column in
            var column = column
            switch column.values {
            case .date: column.values = .date([])
            case .string: column.values = .string([])
            case .int64: column.values = .int64([])
            case .double: column.values = .double([])
            }
            return column
        }, rowCount: 0)
        let bytes = try ReportParquetEncoder.encode(empty, caveatsJSON: "{}")
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8))
    }
}

@Suite("Partitions of days without data")
struct EmptyPartitionTests {
    @Test func aDayWithoutHeadersGetsTheReportsColumnsTypedFromMetadata() throws {
        let definition = try #require(ReportDefinition.defaults.first { $0.name == "traffic_by_source" })
        let metadata = PropertyMetadata(
            name: "properties/1/metadata", dimensions: [],
            metrics: definition.metrics.map {
                PropertyMetadata.MetricMetadata(apiName: $0, uiName: nil, description: nil, deprecatedApiNames: nil,
                                                type: .integer, expression: nil, customDefinition: nil, category: nil)
            })
        let table = try GA4IngestHandler.emptyTable(definition, metadata: metadata)
        #expect(table.rowCount == 0)
        #expect(table.columns.map(\.name).prefix(4) == ["date", "date_string", "session_source", "session_medium"])
        #expect(table["sessions"]?.logicalType == .int64)
        #expect(table["pages_per_session"]?.logicalType == .double)
        let bytes = try ReportParquetEncoder.encode(table, caveatsJSON: "{}")
        #expect(Array(bytes.suffix(4)) == Array("PAR1".utf8))
    }
}
