/// Decompresses an input that arrives in chunks (an S3 GET body, a file read piece by piece) into decompressed
/// chunks, detecting the format from the first bytes and enforcing `DecompressionLimits` as bytes come out.
///
/// ```swift
/// let decompressor = StreamingDecompressor(limits: DecompressionLimits())
/// for chunk in chunks { try decompressor.write(chunk) { plain in try parser.feed(plain) } }
/// try decompressor.finish { plain in try parser.feed(plain) }
/// ```
///
/// Memory stays flat: one decoder state and one 256 KiB output buffer, whatever the input size. The buffers
/// handed to the output closure are only valid during the call. Not thread-safe; one instance per input.
public final class StreamingDecompressor {
    public let limits: DecompressionLimits
    /// The detected format; nil until `CompressionFormat.magicLength` bytes (or the whole input) arrived.
    public private(set) var format: CompressionFormat?
    /// Compressed bytes written so far.
    public private(set) var bytesIn: Int64 = 0
    /// Decompressed bytes produced so far.
    public private(set) var bytesOut: Int64 = 0

    private var decoder: (any StreamDecoder)?
    private var prefix: [UInt8] = []
    private let forcedFormat: CompressionFormat?
    private let gzipBackend: GzipInflateBackend

    /// - Parameters:
    ///   - format: the format to assume instead of detecting it (nil, the default, detects).
    ///   - gzipBackend: the library that inflates gzip (ISA-L when it loaded, else zlib; tests and benchmarks
    ///     pick one).
    public init(
        limits: DecompressionLimits = DecompressionLimits(), format: CompressionFormat? = nil,
        gzipBackend: GzipInflateBackend = .preferred
    ) {
        self.limits = limits
        forcedFormat = format
        self.gzipBackend = gzipBackend
    }

    /// Feeds the next compressed chunk; `output` receives every decompressed chunk it yields. Errors from
    /// `output` are passed through unchanged; the decompressor's own are `DecompressionError`.
    public func write(_ chunk: UnsafeRawBufferPointer, to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        if decoder == nil {
            if forcedFormat == nil && prefix.count + chunk.count < CompressionFormat.magicLength {
                prefix.append(contentsOf: chunk)
                return
            }
            try begin(CompressionFormat.detect(prefix + chunk.prefix(CompressionFormat.magicLength)), output: output)
        }
        try feed(chunk, output: output)
    }

    /// Convenience for byte arrays.
    public func write(_ chunk: [UInt8], to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        try chunk.withUnsafeBytes { try write($0, to: output) }
    }

    /// Ends the input: throws `DecompressionError.truncated` when it stopped inside a member/frame/stream.
    public func finish(to output: (UnsafeRawBufferPointer) throws -> Void) throws {
        if decoder == nil { try begin(forcedFormat ?? CompressionFormat.detect(prefix), output: output) }
        try decoder?.finish()
    }

    /// Decompresses a whole in-memory input (tests, small objects).
    public static func decompress(
        _ bytes: [UInt8], limits: DecompressionLimits = DecompressionLimits(), gzipBackend: GzipInflateBackend = .preferred
    ) throws -> [UInt8] {
        let decompressor = StreamingDecompressor(limits: limits, gzipBackend: gzipBackend)
        var result: [UInt8] = []
        try decompressor.write(bytes) { result.append(contentsOf: $0) }
        try decompressor.finish { result.append(contentsOf: $0) }
        return result
    }

    private func begin(_ detected: CompressionFormat, output: (UnsafeRawBufferPointer) throws -> Void) throws {
        let chosen = forcedFormat ?? detected
        format = chosen
        switch chosen {
        case .none: decoder = PassthroughDecoder()
        case .gzip: decoder = try GzipStreamDecoder(backend: gzipBackend)
        case .zstd: decoder = try ZstdStreamDecoder()
        case .bzip2: decoder = try Bzip2StreamDecoder()
        }
        let held = prefix
        prefix = []
        if !held.isEmpty { try held.withUnsafeBytes { try feed($0, output: output) } }
    }

    private func feed(_ chunk: UnsafeRawBufferPointer, output: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let decoder, chunk.count > 0 else { return }
        bytesIn += Int64(chunk.count)
        let limits = self.limits
        try decoder.decode(chunk) { plain in
            bytesOut += Int64(plain.count)
            if bytesOut > limits.maxOutputBytes {
                throw DecompressionError.outputLimitExceeded(limit: limits.maxOutputBytes, bytesIn: bytesIn)
            }
            if bytesOut > limits.ratioGraceBytes, bytesOut / max(bytesIn, 1) > limits.maxRatio {
                throw DecompressionError.ratioExceeded(limit: limits.maxRatio, bytesIn: bytesIn, bytesOut: bytesOut)
            }
            try output(plain)
        }
    }
}

/// Uncompressed input: the chunks pass through unchanged.
final class PassthroughDecoder: StreamDecoder {
    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try emit(input)
    }

    func finish() throws {}
}
