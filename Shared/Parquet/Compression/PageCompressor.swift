import CZlib
import CZstd

/// Compresses page bodies with the file's codec, reusing its scratch state from page to page.
final class PageCompressor {
    let codec: ParquetCompression
    private let snappy: SnappyCompressor?
    private let zstdContext: OpaquePointer?

    init(codec: ParquetCompression) {
        self.codec = codec
        snappy = codec == .snappy ? SnappyCompressor() : nil
        if case .zstd = codec {
            zstdContext = ZSTD_createCCtx()
        } else {
            zstdContext = nil
        }
    }

    deinit {
        if let zstdContext { ZSTD_freeCCtx(zstdContext) }
    }

    /// Appends the compressed form of `input` to `out`.
    func compress(_ input: UnsafeRawBufferPointer, into out: ByteBuffer) throws(ParquetError) {
        switch codec {
        case .uncompressed:
            out.append(input)
        case .snappy:
            snappy!.compress(input, into: out)
        case .gzip(let level):
            try gzip(input, level: level, into: out)
        case .zstd(let level):
            try zstd(input, level: level, into: out)
        }
    }

    private func gzip(_ input: UnsafeRawBufferPointer, level: Int32, into out: ByteBuffer) throws(ParquetError) {
        let capacity = czlib_gzip_bound(input.count)
        out.reserve(capacity)
        var message = [CChar](repeating: 0, count: 256)
        let written = czlib_gzip_compress(
            input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count,
            out.end.assumingMemoryBound(to: UInt8.self), capacity, level, &message, message.count)
        guard written >= 0 else {
            throw .compressionFailed(codec: "GZIP", detail: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        out.commit(written)
    }

    private func zstd(_ input: UnsafeRawBufferPointer, level: Int32, into out: ByteBuffer) throws(ParquetError) {
        guard let zstdContext else { throw .compressionFailed(codec: "ZSTD", detail: "cannot create a compression context") }
        let capacity = ZSTD_compressBound(input.count)
        out.reserve(capacity)
        let written = ZSTD_compressCCtx(zstdContext, out.end, capacity, input.baseAddress, input.count, level)
        if ZSTD_isError(written) != 0 {
            throw .compressionFailed(codec: "ZSTD", detail: String(cString: ZSTD_getErrorName(written)))
        }
        out.commit(written)
    }
}
