// Uploads objects to S3 (moto in the benchmark) with the project's own client and prints one JSON line:
// objects, bytes, seconds spent uploading and the peak resident memory of the process.
// `scripts/bench/aws_upload_bench.py` runs it beside the boto3 baseline against the same server.
import AWS
import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The figures of one run, as the driver reads them.
struct Report: Encodable {
    var client = "swift"
    var phase: String
    var objects: Int
    var bytes: Int64
    var multipartObjects: Int
    var parts: Int
    var seconds: Double
    var peakRSSKiB: Int?

    enum CodingKeys: String, CodingKey {
        case client, phase, objects, bytes, seconds
        case multipartObjects = "multipart_objects"
        case parts
        case peakRSSKiB = "peak_rss_kib"
    }
}

func fail(_ message: String) -> Never {
    let line = Array("AWSBench: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    exit(1)
}

let options: BenchOptions
do {
    options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    fail("\(error)\n\(BenchOptions.usage)")
}

var fileInfo = stat()
guard stat(options.file, &fileInfo) == 0 else { fail("cannot read --file \(options.file): \(String(cString: strerror(errno)))") }
let objectSize = Int64(fileInfo.st_size)

let configuration: AWSConfiguration
do {
    configuration = try AWSConfiguration.fromEnvironment()
} catch {
    fail("\(error)")
}
let policy = S3MultipartPolicy(threshold: options.threshold, partSize: options.partSize, concurrency: options.concurrency)
let s3 = S3Client(configuration: configuration, http: HTTPClient(), multipart: policy)
let run = UploadRun(s3: s3, options: options, objectSize: objectSize)

let clock = ContinuousClock()
let started = clock.now
let outcome: UploadRun.Outcome
do {
    outcome = try await run.run()
} catch {
    fail("upload failed: \(error)")
}
let elapsed = started.duration(to: clock.now)

// The run must have taken the path it was meant to measure.
let expectsParts = objectSize >= options.threshold
if expectsParts != (outcome.multipartObjects == outcome.objects) || (!expectsParts && outcome.multipartObjects != 0) {
    fail("\(outcome.multipartObjects) of \(outcome.objects) objects of \(objectSize) bytes went up in parts with threshold \(options.threshold)")
}

let report = Report(
    phase: options.phase.rawValue, objects: outcome.objects, bytes: outcome.bytes,
    multipartObjects: outcome.multipartObjects, parts: outcome.parts,
    seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
    peakRSSKiB: PeakMemory.residentKiB())
let encoder = JSONEncoder()
encoder.outputFormatting = .sortedKeys
do {
    print(String(decoding: try encoder.encode(report), as: UTF8.self))
} catch {
    fail("cannot encode the report: \(error)")
}
