// Decode benchmark for a runReport page: the purpose-built decoder into a typed table, and, for comparison,
// Foundation's JSONDecoder into Codable structs of the same shape. Prints one JSON line per run mode.
//
//   GA4Bench decode <report.json> [repeats]        RunReportResponseDecoder + ReportTable
//   GA4Bench jsondecoder <report.json> [repeats]   JSONDecoder (FoundationEssentials) + the same typing
import Foundation
import GA4

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

func decodeWithScanner(_ body: Data) throws -> Int {
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

let arguments = CommandLine.arguments
guard arguments.count >= 3, ["decode", "jsondecoder"].contains(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: GA4Bench decode|jsondecoder <report.json> [repeats]\n".utf8))
    exit(2)
}
let body = try Data(contentsOf: URL(fileURLWithPath: arguments[2]))
let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5
let decode = arguments[1] == "decode" ? decodeWithScanner : decodeWithJSONDecoder
var best = Double.infinity
var rows = 0
for _ in 0..<repeats {
    let start = ContinuousClock.now
    rows = try decode(body)
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    best = min(best, seconds)
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let name = arguments[1] == "decode" ? "swift RunReportResponseDecoder" : "swift JSONDecoder"
print("{\"decoder\": \"\(name)\", \"rows\": \(rows), \"seconds\": \(best), \"peakRSSMB\": \(Double(usage.ru_maxrss) / 1024)}")
