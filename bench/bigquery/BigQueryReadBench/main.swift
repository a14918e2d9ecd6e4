// Reads every stream of a Storage Read session into memory-discarded Avro blocks (`make bench-bigquery`) and
// prints one JSON line: rows, Avro bytes, seconds, peak RSS. The Python baseline
// (scripts/bigquery/read_bench_baseline.py) reads the same table the same way.
//
//   BigQueryReadBench <grpc endpoint> <project> <dataset> <table> <streams>
import BigQuery
import Foundation
import GA4
import HTTP

struct AnyToken: AccessTokenProvider {
    func accessToken() async throws(GA4Error) -> AccessToken { AccessToken(value: "bench-token", expiresAt: Date().addingTimeInterval(3600)) }
    func invalidate(_ token: AccessToken) async {}
}

func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return -1 }
    return kilobytes / 1024
}

/// User + system CPU seconds of this process: the client's cost when the server sets the pace.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let arguments = CommandLine.arguments
guard arguments.count == 6, let streams = Int32(arguments[5]) else {
    FileHandle.standardError.write(Data("usage: BigQueryReadBench <grpc endpoint> <project> <dataset> <table> <streams>\n".utf8))
    exit(2)
}
let client = BigQueryReadClient(http: HTTPClient(), tokens: AnyToken(), configuration: .init(endpoint: arguments[1]))
let table = try BigQueryTableReference(projectID: arguments[2], datasetID: arguments[3], tableID: arguments[4])
let start = ContinuousClock.now
let session = try await client.createReadSession(billingProject: arguments[2], table: table, snapshotTime: nil, maxStreamCount: streams)
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
let elapsed = ContinuousClock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("{\"reader\":\"swift\",\"rows\":\(rows),\"bytes\":\(bytes),\"streams\":\(session.streams.count),\"seconds\":\(seconds),\"cpu_seconds\":\(cpuSeconds()),\"peak_rss_mb\":\(peakRSSMegabytes())}")
