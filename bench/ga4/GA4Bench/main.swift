// Decode benchmark for a runReport page: the purpose-built decoder into a typed table, and, for comparison,
// Foundation's JSONDecoder into Codable structs of the same shape. Prints one JSON line per run mode.
//
//   GA4Bench decode <report.json> [repeats]        RunReportResponseDecoder + ReportTable
//   GA4Bench jsondecoder <report.json> [repeats]   JSONDecoder (FoundationEssentials) + the same typing
//   GA4Bench parquet <report.json> <out.parquet> [repeats]   decode + typed table + Snappy Parquet file, as
//                                                            GA4Ingest writes a partition
import Foundation
import GA4
import Parquet

#if canImport(Glibc)
import Glibc
#endif

struct CodableResponse: Decodable {
    struct Header: Decodable { var name: String; var type: String? }
    struct Value: Decodable { var value: String? }
    struct Row: Decodable { var dimensionValues: [Value]?; var metricValues: [Value]? }
    var dimensionHeaders: [Header]?
    var metricHeaders: [Header]?
    var rows: [Row]?
    var rowCount: Int?
}

func decodeWithReportDecoder(_ body: Data) throws -> Int {
    let response = try RunReportResponseDecoder.decode(body)
    let table = try ReportTable(
        dimensionHeaders: response.dimensionHeaders, metricHeaders: response.metricHeaders, rows: response.rows,
        derivedMetrics: [])
    return table.rowCount
}

func decodeWithJSONDecoder(_ body: Data) throws -> Int {
    let response = try JSONDecoder().decode(CodableResponse.self, from: body)
    let rows = response.rows ?? []
    let metricHeaders = response.metricHeaders ?? []
    var dimensions: [[String]] = Array(repeating: [], count: response.dimensionHeaders?.count ?? 0)
    var integers: [[Int64]] = Array(repeating: [], count: metricHeaders.count)
    var doubles: [[Double]] = Array(repeating: [], count: metricHeaders.count)
    for row in rows {
        for (index, value) in (row.dimensionValues ?? []).enumerated() { dimensions[index].append(value.value ?? "") }
        for (index, value) in (row.metricValues ?? []).enumerated() {
            if metricHeaders[index].type == "TYPE_INTEGER" {
                integers[index].append(Int64(value.value ?? "") ?? 0)
            } else {
                doubles[index].append(Double(value.value ?? "") ?? 0)
            }
        }
    }
    let metrics: [MetricColumn] = metricHeaders.indices.map {
        metricHeaders[$0].type == "TYPE_INTEGER" ? .integer(integers[$0]) : .double(doubles[$0])
    }
    let table = try ReportTable(
        dimensionHeaders: (response.dimensionHeaders ?? []).map { DimensionHeader(name: $0.name) },
        metricHeaders: metricHeaders.map { MetricHeader(name: $0.name, type: MetricType(rawValue: $0.type ?? "") ?? .unspecified) },
        rows: ReportRows(dimensions: dimensions, metrics: metrics, count: rows.count), derivedMetrics: [])
    return table.rowCount
}

/// Decodes the body (then lets it go), types the rows, and writes them as GA4Ingest writes a partition: every
/// column nullable, dimensions as STRING, `date` also as DATE, integer metrics INT64, others DOUBLE, Snappy.
func decodeAndWriteParquet(path: String, output: String) throws -> (rows: Int, seconds: Double) {
    var response: RunReportResponse?
    var decodeSeconds = 0.0
    do {
        let body = try Data(contentsOf: URL(fileURLWithPath: path))
        let start = ContinuousClock.now
        response = try RunReportResponseDecoder.decode(body)
        decodeSeconds = seconds(ContinuousClock.now - start)
    }
    let start = ContinuousClock.now
    let decoded = response!
    response = nil
    let table = try ReportTable(
        dimensionHeaders: decoded.dimensionHeaders, metricHeaders: decoded.metricHeaders, rows: decoded.rows, derivedMetrics: [])
    let schema = try ParquetSchema(table.columns.map { column -> ParquetColumn in
        let type: ParquetType
        switch column.logicalType {
        case .string: type = .string
        case .int64: type = .int64
        case .double: type = .double
        case .date: type = .date
        }
        return ParquetColumn(column.name, type, optional: true)
    })
    let sink = try FileOutputSink(path: output)
    let writer = try ParquetWriter(schema: schema, options: ParquetWriterOptions(compression: .snappy), sink: sink)
    try writer.write(columns: table.columns.map { column -> ParquetColumnValues in
        switch column.values {
        case .string(let values): return .strings(values)
        case .int64(let values): return .int64s(values)
        case .double(let values): return .doubles(values)
        case .date(let values): return .dates(values)
        }
    })
    try writer.close()
    try sink.close()
    return (table.rowCount, decodeSeconds + seconds(ContinuousClock.now - start))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, ["decode", "jsondecoder", "parquet"].contains(arguments[1]), arguments[1] != "parquet" || arguments.count >= 4 else {
    FileHandle.standardError.write(Data("usage: GA4Bench decode|jsondecoder <report.json> [repeats] | parquet <report.json> <out.parquet> [repeats]\n".utf8))
    exit(2)
}
var best = Double.infinity
var rows = 0
let name: String
if arguments[1] == "parquet" {
    let repeats = arguments.count > 4 ? Int(arguments[4]) ?? 3 : 3
    for _ in 0..<repeats {
        let run = try decodeAndWriteParquet(path: arguments[2], output: arguments[3])
        rows = run.rows
        best = min(best, run.seconds)
    }
    name = "swift decode + Parquet"
} else {
    let body = try Data(contentsOf: URL(fileURLWithPath: arguments[2]))
    let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5
    let decode = arguments[1] == "decode" ? decodeWithReportDecoder : decodeWithJSONDecoder
    for _ in 0..<repeats {
        let start = ContinuousClock.now
        rows = try decode(body)
        best = min(best, seconds(ContinuousClock.now - start))
    }
    name = arguments[1] == "decode" ? "swift RunReportResponseDecoder" : "swift JSONDecoder"
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
print("{\"decoder\": \"\(name)\", \"rows\": \(rows), \"seconds\": \(best), \"peakRSSMB\": \(Double(usage.ru_maxrss) / 1024)}")
