import BigQuery
import Foundation
import TestSupport

/// A GA4-shaped table made in bqemulator for one test, and the fastavro check of rows read from it.
struct EmulatorFixture {
    let restURL: String
    let grpcURL: String
    let project: String
    let table: BigQueryTableReference
    let expectedPath: String
    let directory: URL

    /// Creates `rows` generated rows in a table of its own (name unique per call).
    static func make(rows: Int, seed: Int = 7) throws -> EmulatorFixture {
        // bqemulator cannot serve two Avro records of one name over ReadRows (see the fixture script).
        setenv("GA4_FIXTURE_UNIQUE_RECORD_NAMES", "1", 1)
        let rest = try TestEnvironment.require("BIGQUERY_EMULATOR_REST_URL")
        let grpc = try TestEnvironment.require("BIGQUERY_EMULATOR_GRPC_URL")
        let project = try TestEnvironment.require("BIGQUERY_EMULATOR_PROJECT")
        let tableID = "events_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bigquery-\(tableID)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let expected = directory.appendingPathComponent("expected.json").path
        _ = try PythonScript.run(
            "scripts/bigquery/ga4_export_fixture.py", ["create", rest, project, "ga4_test", tableID, String(rows), String(seed), expected])
        return EmulatorFixture(
            restURL: rest, grpcURL: grpc, project: project,
            table: try BigQueryTableReference(projectID: project, datasetID: "ga4_test", tableID: tableID),
            expectedPath: expected, directory: directory)
    }

    /// Decodes `rows` (Avro binary rows back to back) with `schema` in fastavro and compares them with the
    /// generated rows; returns the checker's summary ("<n> rows equal") or throws naming the difference.
    func checkAvro(schema: String, rows: [UInt8], name: String = "storage") throws -> String {
        let schemaPath = directory.appendingPathComponent("\(name)-schema.json")
        let rowsPath = directory.appendingPathComponent("\(name)-rows.bin")
        try Data(schema.utf8).write(to: schemaPath)
        try Data(rows).write(to: rowsPath)
        setenv("GA4_FIXTURE_UNIQUE_RECORD_NAMES", "1", 1)
        let output = try PythonScript.run("scripts/bigquery/ga4_export_fixture.py", ["check-avro", schemaPath.path, rowsPath.path, expectedPath])
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
