import BigQuery
import Foundation
import GA4Export
import HTTP
import Parquet

/// One stream of a GA4 export read session to one Parquet file, the way a GA4Ingest stream invocation does it:
/// `BigQueryReadClient.readRows` (resuming from its offset if the call breaks) into `GA4ExportParquetWriter`, block
/// by block. One JSON line: seconds, CPU seconds, rows, output bytes, peak resident memory.
func exportStreamToParquet(
    endpoint: String, project: String, dataset: String, table tableID: String, streams: Int32, index: Int, output: String
) async throws {
    let start = ContinuousClock.now
    let client = BigQueryReadClient(http: HTTPClient(), tokens: AnyToken(), configuration: .init(endpoint: endpoint))
    let table = try BigQueryTableReference(projectID: project, datasetID: dataset, tableID: tableID)
    let session = try await client.createReadSession(billingProject: project, table: table, snapshotTime: nil, maxStreamCount: streams)
    guard index < session.streams.count, let schema = session.avroSchema else {
        throw BenchError("the session has \(session.streams.count) streams and schema \(session.avroSchema == nil ? "none" : "set")")
    }
    let sink = try FileOutputSink(path: output)
    let writer = try GA4ExportParquetWriter(avroSchemaJSON: schema, sink: sink)
    let blocks = client.readRows(stream: session.streams[index].name)
    while let block = try await blocks.next() {
        try writer.write(rows: block.rows, rowCount: Int(block.rowCount))
    }
    let summary = try writer.close()
    try sink.close()
    let elapsed = seconds(ContinuousClock.now - start)
    let outputBytes = (try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
    print("{\"tool\":\"swift\",\"seconds\":\(elapsed),\"cpu_seconds\":\(cpuSeconds()),\"rows\":\(summary.rows),\"output_bytes\":\(outputBytes),\"peak_rss_mb\":\(peakRSSMegabytes())}")
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
