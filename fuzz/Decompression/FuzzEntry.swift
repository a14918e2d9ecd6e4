// libFuzzer entry point for gzip inputs: every input is inflated by zlib and by ISA-L, fed in two chunks split
// at a point taken from the input, and the two must agree: the same bytes, or the same error (the corrupt
// detail and offset excepted, which each library words and reaches its own way). One difference is allowed:
// on input that is corrupt and also ends early, one library may see the corruption in what arrived (ISA-L
// rejects a Huffman table without an end-of-block code as soon as it is read) while the other still waits for
// more (zlib checks that table only once every code length arrived). Any crash, sanitizer report or other
// disagreement is a defect. Built by `make fuzz-decompression`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard GzipInflateBackend.isalLoaded else { fatalError(GzipInflateBackend.description) }
    let split = bytes.isEmpty ? 0 : Int(bytes[bytes.count - 1]) * 7 % (bytes.count + 1)
    let zlib = inflate(bytes, split: split, backend: .zlib)
    let isal = inflate(bytes, split: split, backend: .isal)
    if zlib != isal && !(zlib.isCorruptOrTruncated && isal.isCorruptOrTruncated) { fatalError("zlib and ISA-L disagree: \(zlib) against \(isal)") }
    return 0
}

enum Outcome: Equatable {
    case bytes([UInt8])
    case corrupt
    case truncated(offset: Int64)
    case error(String)

    var isCorruptOrTruncated: Bool {
        switch self {
        case .corrupt, .truncated: true
        default: false
        }
    }
}

func inflate(_ bytes: [UInt8], split: Int, backend: GzipInflateBackend) -> Outcome {
    // Small limits keep a bomb from slowing the fuzzer; they must stop both backends alike too.
    let limits = DecompressionLimits(maxRatio: 1_000, ratioGraceBytes: 1 << 20, maxOutputBytes: 8 << 20)
    let decompressor = StreamingDecompressor(limits: limits, format: .gzip, gzipBackend: backend)
    var out: [UInt8] = []
    do {
        try decompressor.write(Array(bytes[..<split])) { out.append(contentsOf: $0) }
        try decompressor.write(Array(bytes[split...])) { out.append(contentsOf: $0) }
        try decompressor.finish { out.append(contentsOf: $0) }
        return .bytes(out)
    } catch let error as DecompressionError {
        if case .corrupt = error { return .corrupt }
        if case .truncated(_, let offset) = error { return .truncated(offset: offset) }
        return .error("\(error)")
    } catch {
        return .error("\(error)")
    }
}
