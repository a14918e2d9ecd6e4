import CBrotli
import CLz4
import CZlib
import CZstd

/// Decompresses page bodies of one codec into a buffer exactly as large as the page header declares; a body
/// that decodes to any other size is an error, so a page cannot grow past what the reader allotted for it.
///
/// LZO and the Hadoop-framed LZ4 codec are not implemented: no engine the pipeline meets writes them, and
/// they are deprecated in parquet-format.
final class PageDecompressor {
    let codec: ParquetCodec
    private var zstdContext: OpaquePointer?

    init(codec: ParquetCodec) throws(ParquetError) {
        switch codec {
        case .lzo, .lz4:
            throw .unreadable(.unsupported, "the \(codec) codec is not supported (deprecated in parquet-format); LZ4_RAW, ZSTD, SNAPPY, GZIP and BROTLI are")
        default:
            break
        }
        self.codec = codec
    }

    deinit {
        if let zstdContext { ZSTD_freeDCtx(zstdContext) }
    }

    /// Fills `output` (the declared uncompressed size) from `input`.
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ParquetError) {
        switch codec {
        case .uncompressed:
            guard input.count == output.count else {
                throw failure("an uncompressed page of \(input.count) bytes declares \(output.count)")
            }
            if input.count > 0 { output.baseAddress!.copyMemory(from: input.baseAddress!, byteCount: input.count) }
        case .snappy:
            do {
                _ = try SnappyDecompressor.decompress(input, into: output)
            } catch {
                throw failure(error.description)
            }
        case .gzip:
            var message = [CChar](repeating: 0, count: 256)
            let written = czlib_gunzip(
                input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count,
                output.baseAddress?.assumingMemoryBound(to: UInt8.self), output.count, &message, message.count)
            guard written >= 0 else {
                throw failure(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            try check(written, output.count)
        case .zstd:
            if zstdContext == nil { zstdContext = ZSTD_createDCtx() }
            guard let zstdContext else { throw failure("cannot create a ZSTD context") }
            let written = ZSTD_decompressDCtx(zstdContext, output.baseAddress, output.count, input.baseAddress, input.count)
            if ZSTD_isError(written) != 0 { throw failure(String(cString: ZSTD_getErrorName(written))) }
            try check(written, output.count)
        case .lz4Raw:
            guard input.count <= Int(Int32.max), output.count <= Int(Int32.max) else { throw failure("page over 2 GiB") }
            if output.count == 0 && input.count <= 1 { return }
            let written = input.baseAddress == nil ? -1 : LZ4_decompress_safe(
                input.baseAddress!.assumingMemoryBound(to: CChar.self),
                output.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(input.count), Int32(output.count))
            guard written >= 0 else { throw failure("malformed LZ4 block") }
            try check(Int(written), output.count)
        case .brotli:
            var size = output.count
            let result = BrotliDecoderDecompress(
                input.count, input.baseAddress?.assumingMemoryBound(to: UInt8.self), &size,
                output.baseAddress?.assumingMemoryBound(to: UInt8.self))
            guard result == BROTLI_DECODER_RESULT_SUCCESS else { throw failure("malformed BROTLI stream (result \(result.rawValue))") }
            try check(size, output.count)
        case .lzo, .lz4:
            throw .unreadable(.unsupported, "the \(codec) codec is not supported")
        }
    }

    private func check(_ written: Int, _ declared: Int) throws(ParquetError) {
        guard written == declared else { throw failure("decompressed to \(written) bytes, the page header declares \(declared)") }
    }

    private func failure(_ detail: String) -> ParquetError {
        .unreadable(.decompressionFailed, "\(codec): \(detail)")
    }
}
