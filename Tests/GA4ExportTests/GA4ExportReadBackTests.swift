import Foundation
import GA4Export
import Parquet
import Testing
import TestSupport

/// Generated export days (scripts/bigquery/generate_export_day.py) written by `GA4ExportParquetWriter` and read back
/// by pyarrow, DuckDB and Spark (scripts/bigquery/check_export_parquet.py): every event exactly once and equal to
/// the source row, every column present with its type, the promoted columns equal to an independent computation,
/// and the template's Glue table equal to the file schema.
@Suite("GA4 export read back by pyarrow, DuckDB and Spark", .serialized)
struct GA4ExportReadBackTests {
    struct Case {
        let name: String
        let generator: [String]
        let unknown: [String]
        let missing: [String]
    }

    static let cases = [
        // Many blocks, batches and row groups.
        Case(name: "day", generator: ["--events", "700", "--seed", "11", "--rows-per-block", "97"], unknown: [], missing: []),
        // bqemulator's REPEATED shape, a session lacking columns, and columns the table does not know.
        Case(
            name: "older-and-newer-session",
            generator: ["--events", "300", "--seed", "12", "--nullable-repeated", "--omit",
                        "device.web_info,publisher,event_params.value.float_value,items.item_params", "--extra-field"],
            unknown: ["future_column", "future_record"],
            missing: ["event_params.value.float_value", "device.web_info", "items.item_params", "publisher"]),
    ]

    @Test func everyEventLandsOnceAndEveryReaderAgrees() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ga4-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var directories: [String] = []
        for testCase in Self.cases {
            let directory = root.appendingPathComponent(testCase.name)
            _ = try PythonScript.run("scripts/bigquery/generate_export_day.py", [directory.path] + testCase.generator)
            let schema = String(decoding: try Data(contentsOf: directory.appendingPathComponent("avro_schema.json")), as: UTF8.self)
            let sink = try FileOutputSink(path: directory.appendingPathComponent("out.parquet").path)
            var options = GA4ExportWriterOptions()
            options.batchRows = 150
            options.parquet.rowGroupRowLimit = 250
            options.parquet.dataPageByteLimit = 4096
            let writer = try GA4ExportParquetWriter(avroSchemaJSON: schema, sink: sink, options: options)
            #expect(writer.fieldMapping.unknownFields == testCase.unknown)
            #expect(writer.fieldMapping.missingFields == testCase.missing)
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("manifest.json"))) as! [String: Any]
            for block in manifest["blocks"] as! [[String: Any]] {
                let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(block["file"] as! String)))
                try writer.write(rows: bytes, rowCount: block["rows"] as! Int)
            }
            let summary = try writer.close()
            try sink.close()
            #expect(summary.rows == manifest["rows"] as! Int)
            directories.append(directory.path)
        }
        let report: String
        do {
            report = String(decoding: try PythonScript.run(
                "scripts/bigquery/check_export_parquet.py", ["--template", "template.yaml"] + directories), as: UTF8.self)
        } catch {
            Issue.record("\(error)")
            return
        }
        print(report)
        for testCase in Self.cases {
            for reader in ["pyarrow", "duckdb", "spark-vectorized", "spark-row"] {
                #expect(report.contains("OK   \(reader) \(testCase.name): "), "\(reader) did not confirm \(testCase.name)")
            }
        }
        #expect(report.contains("OK   glue table GA4ExportEventsTable"))
        #expect(report.contains("SUMMARY 0 failures"))

        // The named queries in DuckDB over the first day, against values computed from its rows.
        let day = directories[0]
        let queries = String(decoding: try PythonScript.run(
            "scripts/bigquery/check_ga4_export_queries.py", ["--parquet", day + "/out.parquet", "--rows", day + "/rows.jsonl"]),
            as: UTF8.self)
        print(queries)
        for name in ["ga4-export-daily-sessions", "ga4-export-daily-page-views", "ga4-export-conversions-by-source-medium"] {
            #expect(queries.contains("OK   \(name): "), "\(name) did not match")
        }
    }
}
