// Parquet reader benchmark, for `make bench-parquet-read`:
//
//   ParquetReadBench FILE REPS    decode every row group of FILE into column buffers (values, offsets,
//                                 levels), one row group held at a time, REPS times after a warm-up
//
// Prints one JSON line: rows, row groups, median wall seconds, rows/s, median CPU seconds, peak RSS (MiB) and
// the RSS the process had before the first read, so the growth a read causes can be told apart.
#if canImport(Glibc)
import Glibc
#endif
import Parquet

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}

/// A field of /proc/self/status in KiB.
func status(_ field: String) -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix(field + ":") {
            return Int(text.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "0") ?? 0
        }
    }
    return 0
}

func seconds(_ clock: clockid_t) -> Double {
    var now = timespec()
    clock_gettime(clock, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Decodes the whole file; returns rows and a checksum over what was decoded so nothing is optimized away.
func readAll(_ path: String) throws -> (rows: Int, groups: Int, checksum: Int) {
    let reader = try ParquetReader(path: path)
    var rows = 0
    var checksum = 0
    try reader.forEachRowGroup { group in
        rows += group.rowCount
        for column in group.columns {
            checksum &+= column.levelCount &+ column.values.count
            if case .byteArray(let values) = column.values { checksum &+= values.data.count }
        }
    }
    return (rows, reader.rowGroupCount, checksum)
}

/// Writes a message to standard error (the C `stderr` global is not concurrency-safe in Swift 6).
func complain(_ message: String) {
    let bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let reps = Int(arguments[2]), reps > 0 else {
    complain("usage: ParquetReadBench FILE REPS")
    exit(2)
}
let path = arguments[1]
let baseline = status("VmRSS")
do {
    let warm = try readAll(path)
    var walls: [Double] = []
    var cpus: [Double] = []
    for _ in 0..<reps {
        let wall = seconds(CLOCK_MONOTONIC)
        let cpu = seconds(CLOCK_PROCESS_CPUTIME_ID)
        let run = try readAll(path)
        guard run == warm else { throw BenchFailure(description: "reads disagree: \(run) vs \(warm)") }
        walls.append(seconds(CLOCK_MONOTONIC) - wall)
        cpus.append(seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu)
    }
    let wall = median(walls)
    print("{\"reader\": \"swift\", \"rows\": \(warm.rows), \"row_groups\": \(warm.groups), \"seconds\": \(wall), "
        + "\"rows_per_s\": \(Double(warm.rows) / wall), \"cpu_seconds\": \(median(cpus)), "
        + "\"peak_rss_mib\": \(Double(status("VmHWM")) / 1024), \"start_rss_mib\": \(Double(baseline) / 1024)}")
} catch {
    complain("ParquetReadBench: \(error)")
    exit(1)
}
