// Upserts N generated rows (10 columns, text as a file reader yields it) into a MySQL table with
// MySQLUpsertWriter and prints one JSON line: rows, seconds, rows/s and the writer's summary.
// Driven by scripts/bench/mysql_upsert_bench.py, which runs the PyMySQL baseline on the same rows and server.
//
//   MySQLBench <host> <port> <user> <password-env-var> <ca-file> <database> <table> <rows> <batch> <round> [odku|staged]
// `round` changes the non-key values, so round 1 inserts and round 2 updates the same keys; the last argument is the
// writer's method (default odku; staged is LOAD DATA LOCAL into a temporary table, then INSERT ... SELECT).
import MySQL

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// The same rows scripts/bench/mysql_upsert_bench.py generates for the baseline.
func row(_ i: Int, round: Int) -> [UpsertValue] {
    let r = round
    return [
        .text(String(i)),
        .text(String((i * 7 + r) % 100_000)),
        .text(String(i * 1_000_003 + r)),
        .text("\((i * 13 + r) % 1_000_000).\(String(format2: (i + r) % 100))"),
        .text("name-\(i)-\(r)"),
        .text("category \((i + r) % 50) with 'quotes' and \\ backslash"),
        .text("2024-\(String(format2: (i % 12) + 1))-\(String(format2: (i % 28) + 1)) \(String(format2: (i + r) % 24)):\(String(format2: i % 60)):\(String(format2: r % 60))"),
        .text("2023-\(String(format2: (i % 12) + 1))-\(String(format2: ((i + r) % 28) + 1))"),
        .text("\(Double(i % 1000) / 8 + Double(r))"),
        .text((i + r) % 2 == 0 ? "t" : "f"),
    ]
}

extension String {
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : String(value) }
}

let args = CommandLine.arguments
guard args.count == 11 || args.count == 12, let port = Int(args[2]), let rows = Int(args[8]), let batch = Int(args[9]),
    let round = Int(args[10]), let method = UpsertMethod(rawValue: args.count == 12 ? args[11] : "odku"),
    let password = getenv(args[4]).map({ String(cString: $0) })
else {
    print("usage: MySQLBench <host> <port> <user> <password-env-var> <ca-file> <database> <table> <rows> <batch> <round> [odku|staged]")
    exit(2)
}
let input = (0..<rows).map { row($0, round: round) }
var configuration = MySQLConnectionConfiguration(
    host: args[1], port: port, user: args[3], password: password, database: args[6], tls: .verified(caBundlePath: args[5]))
configuration.localInfile = method == .staged
let started = now()
do {
    let connection = try MySQLConnection(configuration)
    var options = MySQLUpsertWriter.Options()
    options.maxRowsPerBatch = batch
    options.method = method
    let writer = try MySQLUpsertWriter(
        connection: connection, table: args[7],
        inputColumns: ["id", "a", "b", "c", "d", "e", "f", "g", "h", "i"], options: options)
    for (index, values) in input.enumerated() { try writer.add(values, position: index + 1) }
    let summary = try writer.finish()
    writer.currentConnection.close()
    guard writer.method == method else {
        print("MySQLBench: the writer left the \(method.rawValue) method: \(writer.fallbackReason ?? "")")
        exit(1)
    }
    let seconds = now() - started
    print(
        "{\"rows\": \(rows), \"seconds\": \(seconds), \"rows_per_second\": \(Double(rows) / seconds), \"inserted\": \(summary.inserted), "
            + "\"updated\": \(summary.updated), \"unchanged\": \(summary.unchanged), \"rejected\": \(summary.rejected), \"batches\": \(summary.batches)}")
} catch {
    print("MySQLBench: \(error)")
    exit(1)
}
