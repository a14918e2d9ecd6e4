import CZstd

/// Zstandard (RFC 8878) through libzstd's streaming decoder, which continues across frames and skips skippable
/// frames by itself. libzstd's default window limit (128 MiB) stays in force, so a frame cannot make the
/// decoder allocate more than that.
final class ZstdStreamDecoder: StreamDecoder {
    private let stream: OpaquePointer
    private var output: [UInt8]
    private var consumed: Int64 = 0
    /// libzstd's last hint: 0 means a frame just ended and its output is flushed.
    private var lastHint = 0
    private var sawInput = false

    init() throws {
        guard let stream = ZSTD_createDStream() else { throw DecompressionError.outOfMemory(.zstd) }
        self.stream = stream
        ZSTD_initDStream(stream)
        output = [UInt8](repeating: 0, count: decodedChunkSize)
    }

    deinit { ZSTD_freeDStream(stream) }

    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        sawInput = true
        var source = ZSTD_inBuffer(src: base, size: input.count, pos: 0)
        while true {
            var produced = 0
            let hint = output.withUnsafeMutableBytes { out -> Int in
                var target = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                let hint = ZSTD_decompressStream(stream, &target, &source)
                produced = target.pos
                return hint
            }
            if ZSTD_isError(hint) != 0 {
                throw DecompressionError.corrupt(.zstd, offset: consumed + Int64(source.pos), detail: String(cString: ZSTD_getErrorName(hint)))
            }
            lastHint = hint
            if produced > 0 { try output.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0.prefix(produced))) } }
            // Done with this chunk once all input is read and the output buffer was not filled (nothing held back).
            if source.pos == source.size && produced < output.count { break }
        }
        consumed += Int64(source.pos)
    }

    func finish() throws {
        if sawInput && lastHint != 0 { throw DecompressionError.truncated(.zstd, offset: consumed) }
    }
}
