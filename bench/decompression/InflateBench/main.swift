// Inflates one gzip file with zlib and with ISA-L in the same run, the way S3Validation and MySQLUpsert read
// gzip inputs (StreamingDecompressor over 1 MiB reads, 256 KiB decoded chunks), and prints the seconds of
// each (best of the runs, CPU time of the process) and their ratio. The file is read into memory first, so
// the figures are inflate alone.
//
//   InflateBench <file.gz> [runs]
import Decompression

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2, let file = fopen(arguments[1], "rb") else {
    print("usage: InflateBench <file.gz> [runs]")
    exit(2)
}
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
var compressed: [UInt8] = []
var buffer = [UInt8](repeating: 0, count: 1 << 20)
while true {
    let count = fread(&buffer, 1, buffer.count, file)
    if count <= 0 { break }
    compressed += buffer[0..<count]
}
fclose(file)

func cpuSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Seconds to inflate the whole file with `backend`, and the decompressed size with a checksum of its bytes.
func inflate(_ compressed: [UInt8], with backend: GzipInflateBackend) throws -> (seconds: Double, bytes: Int64, sum: UInt64) {
    let start = cpuSeconds()
    let decompressor = StreamingDecompressor(limits: .unlimited, format: .gzip, gzipBackend: backend)
    var sum: UInt64 = 0
    var position = 0  // decompressed bytes before the current chunk
    let consume: (UnsafeRawBufferPointer) -> Void = { plain in
        // Touch the output (every 4,096th byte of the whole output, wherever the chunks end), so no work can be
        // skipped and the two backends' outputs are compared.
        var offset = (4096 - position % 4096) % 4096
        while offset < plain.count { sum = sum &* 31 &+ UInt64(plain[offset]); offset += 4096 }
        position += plain.count
    }
    try compressed.withUnsafeBytes { all in
        var offset = 0
        while offset < all.count {
            let end = min(offset + (1 << 20), all.count)
            try decompressor.write(UnsafeRawBufferPointer(rebasing: all[offset..<end]), to: consume)
            offset = end
        }
    }
    try decompressor.finish(to: consume)
    return (cpuSeconds() - start, decompressor.bytesOut, sum)
}

do {
    print(GzipInflateBackend.description)
    guard GzipInflateBackend.isalLoaded else {
        print("ISA-L is not loaded: nothing to compare (install libisal2)")
        exit(1)
    }
    var best: [GzipInflateBackend: Double] = [:]
    var sizes: [GzipInflateBackend: (Int64, UInt64)] = [:]
    for _ in 0..<runs {
        for backend in GzipInflateBackend.allCases {
            let run = try inflate(compressed, with: backend)
            best[backend] = min(best[backend] ?? .infinity, run.seconds)
            sizes[backend] = (run.bytes, run.sum)
        }
    }
    guard let zlib = sizes[.zlib], let isal = sizes[.isal], zlib == isal else {
        print("the backends disagree: \(String(describing: sizes))")
        exit(1)
    }
    let zlibSeconds = best[.zlib]!, isalSeconds = best[.isal]!
    let megabytes = Double(zlib.0) / 1_048_576
    func figure(_ seconds: Double) -> String {
        "\((seconds * 1000).rounded() / 1000) s (\(Int(megabytes / seconds)) MiB/s decompressed)"
    }
    print("inflate \(compressed.count >> 20) MiB gzip -> \(zlib.0 >> 20) MiB, best of \(runs), CPU time")
    print("  zlib:  \(figure(zlibSeconds))")
    print("  ISA-L: \(figure(isalSeconds))")
    print("  ISA-L is \((zlibSeconds / isalSeconds * 100).rounded() / 100)x zlib")
} catch {
    print("inflate failed: \(error)")
    exit(1)
}
