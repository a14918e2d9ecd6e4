// Parquet writer benchmark: the 1,000,000-row clickstream table with SNAPPY, for `make bench`.
//
//   ParquetBench write DATA_DIR OUT_FILE REPS [THREADS]
//                                                  time writes of the table from parquet_bench_data.py,
//                                                  string columns given as [String?], with THREADS encoding
//                                                  threads (default: the writer's, the active processors)
//   ParquetBench write-columnar DATA_DIR OUT_FILE REPS [THREADS]
//                                                  the same, string columns given as contiguous UTF-8 bytes
//                                                  and offsets (ParquetStringColumn), as Arrow holds them
//   ParquetBench write-nested DATA_DIR OUT_FILE REPS [THREADS]
//                                                  time writes of the GA4 export table (nested event_params
//                                                  and items) from parquet_nested_bench_data.py, given as
//                                                  Arrow-like columns (see NestedBench.swift)
//   ParquetBench stream ROWS OUT_FILE              generate rows on the fly and stream them, to show peak
//                                                  memory follows the row-group size, not the row count
//
// Each prints one JSON line. Settings match the pyarrow baseline: SNAPPY, dictionary with an 8 MiB limit,
// 1 MiB data pages, data page v1, row groups of 1,048,576 rows.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Parquet

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}

/// Reads a whole file in chunks (files under /proc report no size).
func readFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw BenchFailure(description: "cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
}

func lines(_ path: String) throws -> [String?] {
    let bytes = try readFile(path)
    var result: [String?] = []
    var start = 0
    for index in bytes.indices where bytes[index] == 0x0A {
        result.append(String(decoding: bytes[start..<index], as: UTF8.self))
        start = index + 1
    }
    return result
}

/// One value a line, as contiguous bytes and offsets.
func stringColumn(_ path: String) throws -> ParquetStringColumn {
    let text = try readFile(path)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.count)
    var offsets: [Int32] = [0]
    var start = 0
    for index in text.indices where text[index] == 0x0A {
        bytes.append(contentsOf: text[start..<index])
        offsets.append(Int32(bytes.count))
        start = index + 1
    }
    return try ParquetStringColumn(bytes: bytes, offsets: offsets)
}

func littleEndianArray<T: FixedWidthInteger>(_ path: String, as: T.Type) throws -> [T?] {
    let bytes = try readFile(path)
    return bytes.withUnsafeBytes { raw in
        (0..<(bytes.count / MemoryLayout<T>.size)).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
    }
}

/// Resident set size now, and the peak so far, in KiB (from /proc/self/status).
func memory() -> (current: Int, peak: Int) {
    var current = 0
    var peak = 0
    if let text = try? readFile("/proc/self/status") {
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("VmRSS:"), parts.count > 1 { current = Int(parts[1]) ?? 0 }
            if line.hasPrefix("VmHWM:"), parts.count > 1 { peak = Int(parts[1]) ?? 0 }
        }
    }
    return (current, peak)
}

/// Lets the next peak reading start from the current size.
func resetPeakMemory() {
    if let file = fopen("/proc/self/clear_refs", "w") {
        fputs("5", file)
        fclose(file)
    }
}

let schema = try ParquetSchema([
    ParquetColumn("event_id", .string), ParquetColumn("session_id", .string), ParquetColumn("user_id", .string),
    ParquetColumn("event_type", .string), ParquetColumn("page_url", .string),
    ParquetColumn("ts", .timestamp(.milliseconds)), ParquetColumn("duration", .int32),
    ParquetColumn("device", .string), ParquetColumn("browser", .string),
])

func benchOptions() -> ParquetWriterOptions {
    var options = ParquetWriterOptions(compression: .snappy)
    options.rowGroupRowLimit = 1 << 20
    options.dataPageByteLimit = 1 << 20
    options.dictionaryPageByteLimit = 8 << 20
    return options
}

/// The bench options with the encoding threads of the optional THREADS argument (the sixth) of a write mode.
func writeOptions(_ arguments: [String]) throws -> ParquetWriterOptions {
    var options = benchOptions()
    if arguments.count > 5 {
        guard let threads = Int(arguments[5]) else { throw BenchFailure(description: "THREADS '\(arguments[5])' is not a number") }
        options.encodingThreads = threads
    }
    return options
}

/// CPU time of the process so far (every thread), in seconds: unlike wall time it leaves out waiting for a
/// core when other work shares the machine.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Runs `write` into a fresh file at `output` once to warm up, then `repetitions` times; returns the median wall
/// and CPU seconds and the bytes `write` reported for the last file.
func timeWrites(
    _ repetitions: Int, output: String, _ write: (FileOutputSink) throws -> Int
) throws -> (wall: Double, cpu: Double, bytes: Int) {
    let clock = ContinuousClock()
    var walls: [Double] = []
    var cpus: [Double] = []
    var bytes = 0
    for round in 0...repetitions {
        let sink = try FileOutputSink(path: output)
        let start = clock.now
        let startCPU = processCPUSeconds()
        bytes = try write(sink)
        try sink.close()
        if round > 0 {  // round 0 warms up
            walls.append(seconds(clock.now - start))
            cpus.append(processCPUSeconds() - startCPU)
        }
    }
    walls.sort()
    cpus.sort()
    return (walls[walls.count / 2], cpus[cpus.count / 2], bytes)
}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    print("usage: ParquetBench write|write-columnar DATA_DIR OUT_FILE REPS | stream ROWS OUT_FILE ROW_GROUP_MIB")
    exit(2)
}

switch arguments[1] {
case "write-nested":
    try runNestedBench(arguments)

case "write", "write-columnar":
    let columnar = arguments[1] == "write-columnar"
    let directory = arguments[2]
    let output = arguments[3]
    let repetitions = Int(arguments.count > 4 ? arguments[4] : "5") ?? 5
    let options = try writeOptions(arguments)
    func text(_ name: String) throws -> ParquetColumnValues {
        let path = "\(directory)/\(name).txt"
        return columnar ? .utf8Column(try stringColumn(path)) : .strings(try lines(path))
    }
    let columns: [ParquetColumnValues] = [
        try text("event_id"), try text("session_id"), try text("user_id"), try text("event_type"),
        try text("page_url"),
        .timestamps(try littleEndianArray("\(directory)/ts.i64", as: Int64.self)),
        .int32s(try littleEndianArray("\(directory)/duration.i32", as: Int32.self)),
        try text("device"), try text("browser"),
    ]
    let rows = columns[0].count
    let before = memory().current
    resetPeakMemory()
    let (median, medianCPU, bytes) = try timeWrites(repetitions, output: output) { sink in
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        try writer.write(columns: columns)
        return try writer.close().byteCount
    }
    let peak = memory().peak
    print("""
        {"writer": "swift Parquet\(columnar ? " columnar" : ""), \(options.encodingThreads) thr", "threads": \(options.encodingThreads), "input": "\(columnar ? "utf8 bytes + offsets" : "[String?]")", "rows": \(rows), "median_s": \((median * 10_000).rounded() / 10_000), \
        "rows_per_s": \(Int(Double(rows) / median)), \
        "median_cpu_s": \((medianCPU * 10_000).rounded() / 10_000), "rows_per_cpu_s": \(Int(Double(rows) / medianCPU)), \
        "bytes": \(bytes), \
        "peak_rss_added_mib": \((Double(peak - before) / 102.4).rounded() / 10)}
        """)

case "stream":
    // Rows are made on the fly from a seeded generator, so only the writer's buffers stay in memory.
    let rows = Int(arguments[2]) ?? 1_000_000
    let output = arguments[3]
    var options = benchOptions()
    options.rowGroupByteLimit = (Int(arguments.count > 4 ? arguments[4] : "64") ?? 64) << 20
    let sink = try FileOutputSink(path: output)
    let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
    var generator = SystemRandomNumberGenerator()
    let events = ["page_view", "session_start", "scroll", "click", "user_engagement", "purchase"]
    let batch = 10_000
    let start = memory().current
    resetPeakMemory()
    var written = 0
    while written < rows {
        let count = min(batch, rows - written)
        var ids: [String?] = [], sessions: [String?] = [], users: [String?] = [], types: [String?] = []
        var urls: [String?] = [], times: [Int64?] = [], durations: [Int32?] = [], devices: [String?] = []
        var browsers: [String?] = []
        for index in written..<(written + count) {
            let session = Int.random(in: 0..<100_000, using: &generator)
            ids.append("\(UInt64.random(in: 0...UInt64.max, using: &generator))-\(index)")
            sessions.append("session-\(session)")
            users.append("\(1_000_000_000 + session % 50_000).\(session % 977)")
            types.append(events[index % events.count])
            urls.append("https://www.example-shop.com/shoes/product-\(Int.random(in: 0..<2000, using: &generator))")
            times.append(1_735_689_600_000 + Int64(index))
            durations.append(Int32.random(in: 0..<60_000, using: &generator))
            devices.append(["desktop", "mobile", "tablet"][index % 3])
            browsers.append(["Chrome", "Safari", "Edge"][index % 3])
        }
        try writer.write(columns: [.strings(ids), .strings(sessions), .strings(users), .strings(types), .strings(urls),
                                   .timestamps(times), .int32s(durations), .strings(devices), .strings(browsers)])
        written += count
    }
    let summary = try writer.close()
    try sink.close()
    print("""
        {"writer": "swift Parquet streaming", "rows": \(rows), "row_group_limit_mib": \(options.rowGroupByteLimit >> 20), \
        "row_groups": \(summary.rowGroupCount), "bytes": \(summary.byteCount), \
        "peak_rss_added_mib": \((Double(memory().peak - start) / 102.4).rounded() / 10)}
        """)

default:
    print("unknown mode \(arguments[1])")
    exit(2)
}
