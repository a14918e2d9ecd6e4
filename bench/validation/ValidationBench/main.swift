// Validates a local file against a data contract the way S3Validation does for an S3 object (decompression,
// parsing and rules in one streaming pass over 1 MiB reads), and prints one JSON line: rows, verdict and the
// failing count of every check. `scripts/validation/bench_validation.py` times it beside the baselines. A
// `.parquet` data file is read as S3Validation reads Parquet uploads (footer, then each column's pages).
//
//   ValidationBench <contract.yaml> <data file> [<schema object>]
import DataContracts
import Parquet

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes a message to standard error (file descriptor 2; the C `stderr` global is not concurrency-safe).
func complain(_ message: String) {
    var text = message + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    complain("usage: ValidationBench <contract.yaml> <data file> [<schema object>]")
    exit(2)
}

func readWhole(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return bytes
}

guard let yaml = readWhole(arguments[1]) else {
    complain("cannot read \(arguments[1])")
    exit(1)
}
do {
    let contract = try ContractLoader.load(yaml: String(decoding: yaml, as: UTF8.self), name: arguments[1])
    guard let object = contract.object(named: arguments.count > 3 ? arguments[3] : nil) else {
        complain("no such schema object")
        exit(1)
    }
    let parquet = arguments[2].lowercased().hasSuffix(".parquet")
    let validation = try FileValidation(contract: contract, object: object, format: parquet ? .parquet : nil)
    if parquet {
        try validation.readParquet(try ParquetFileSource(path: arguments[2]))
    } else {
        let descriptor = open(arguments[2], O_RDONLY)
        guard descriptor >= 0 else {
            complain("cannot open \(arguments[2])")
            exit(1)
        }
        var status = stat()
        if fstat(descriptor, &status) == 0 { validation.expectedStoredBytes = Int64(status.st_size) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count <= 0 { break }
            validation.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        close(descriptor)
    }
    let result = validation.finish()
    var failed: [String] = []
    for check in result.checks {
        let value = check.type == "dimension_score" ? String(check.value ?? 1) : String(check.failedCount)
        failed.append("\"\(check.id)\":{\"result\":\"\(check.outcome.rawValue)\",\"value\":\(value)}")
    }
    let pages = parquet ? ",\"parquetPeakBufferedBytes\":\(validation.parquetPeakBufferedBytes)" : ""
    print("{\"rows\":\(result.rows),\"result\":\"\(result.outcome.rawValue)\"\(pages),\"checks\":{\(failed.joined(separator: ","))}}")
} catch {
    complain("\(error)")
    exit(1)
}
