import BigQuery
import Foundation
import HTTP

/// Every stream of a session read concurrently into Avro blocks that are counted and dropped; one JSON line.
func readThroughput(endpoint: String, project: String, dataset: String, table tableID: String, streams: Int32) async throws {
    let client = BigQueryReadClient(http: HTTPClient(), tokens: AnyToken(), configuration: .init(endpoint: endpoint))
    let table = try BigQueryTableReference(projectID: project, datasetID: dataset, tableID: tableID)
    let start = ContinuousClock.now
    let session = try await client.createReadSession(billingProject: project, table: table, snapshotTime: nil, maxStreamCount: streams)
    let (rows, bytes) = try await withThrowingTaskGroup(of: (Int64, Int64).self) { group in
        for stream in session.streams {
            group.addTask {
                let blocks = client.readRows(stream: stream.name)
                var rows: Int64 = 0
                var bytes: Int64 = 0
                while let block = try await blocks.next() {
                    rows += block.rowCount
                    bytes += Int64(block.rows.count)
                }
                return (rows, bytes)
            }
        }
        var total: (Int64, Int64) = (0, 0)
        for try await part in group { total = (total.0 + part.0, total.1 + part.1) }
        return total
    }
    let elapsed = seconds(ContinuousClock.now - start)
    print("{\"reader\":\"swift\",\"rows\":\(rows),\"bytes\":\(bytes),\"streams\":\(session.streams.count),\"seconds\":\(elapsed),\"cpu_seconds\":\(cpuSeconds()),\"peak_rss_mb\":\(peakRSSMegabytes())}")
}
