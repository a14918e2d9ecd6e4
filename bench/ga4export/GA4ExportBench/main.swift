// The Avro-to-Parquet step of the GA4 BigQuery export alone (no network): a generated day's Avro row blocks, read
// block by block from disk, through GA4ExportParquetWriter into one Parquet file. Prints one JSON line: seconds,
// CPU seconds (both cores count), rows, output bytes and the process's peak resident memory.
//
//     GA4ExportBench DAY_DIR OUT.parquet
import Foundation
import GA4Export
import Parquet

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: GA4ExportBench DAY_DIR OUT.parquet\n".utf8))
    exit(2)
}
let day = URL(fileURLWithPath: arguments[1])
let schema = try String(contentsOf: day.appendingPathComponent("avro_schema.json"), encoding: .utf8)
let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: day.appendingPathComponent("manifest.json"))) as! [String: Any]
let blocks = (manifest["blocks"] as! [[String: Any]]).map { ($0["file"] as! String, $0["rows"] as! Int) }

let clock = ContinuousClock()
let start = clock.now
let sink = try FileOutputSink(path: arguments[2])
let writer = try GA4ExportParquetWriter(avroSchemaJSON: schema, sink: sink)
for (file, rows) in blocks {
    let bytes = try Data(contentsOf: day.appendingPathComponent(file))
    try bytes.withUnsafeBytes { try writer.write(rows: $0, rowCount: rows) }
}
let summary = try writer.close()
try sink.close()
let elapsed = clock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let outputBytes = (try FileManager.default.attributesOfItem(atPath: arguments[2])[.size] as? Int) ?? 0
let cpuSeconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
print("{\"tool\": \"swift\", \"seconds\": \(seconds), \"cpu_seconds\": \(cpuSeconds), \"rows\": \(summary.rows), \"output_bytes\": \(outputBytes), \"peak_rss_mb\": \(Double(usage.ru_maxrss) / 1024)}")
