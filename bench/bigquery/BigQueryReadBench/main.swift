// Storage Read benchmarks (`make bench-bigquery`, `make bench-ga4export-read`), one JSON line each:
//
//   BigQueryReadBench <grpc endpoint> <project> <dataset> <table> <streams>
//       every stream of a session read into Avro blocks that are counted and dropped (the Python baseline is
//       scripts/bigquery/read_bench_baseline.py);
//   BigQueryReadBench export <grpc endpoint> <project> <dataset> <table> <streams> <stream index> <out.parquet>
//       one stream of a GA4 export session to Parquet (scripts/bigquery/export_read_bench_baseline.py).
import Foundation

let arguments = CommandLine.arguments
if arguments.count == 9, arguments[1] == "export", let streams = Int32(arguments[6]), let index = Int(arguments[7]) {
    try await exportStreamToParquet(
        endpoint: arguments[2], project: arguments[3], dataset: arguments[4], table: arguments[5], streams: streams, index: index,
        output: arguments[8])
} else if arguments.count == 6, let streams = Int32(arguments[5]) {
    try await readThroughput(endpoint: arguments[1], project: arguments[2], dataset: arguments[3], table: arguments[4], streams: streams)
} else {
    FileHandle.standardError.write(Data("""
        usage: BigQueryReadBench <grpc endpoint> <project> <dataset> <table> <streams>
               BigQueryReadBench export <grpc endpoint> <project> <dataset> <table> <streams> <stream index> <out.parquet>

        """.utf8))
    exit(2)
}
