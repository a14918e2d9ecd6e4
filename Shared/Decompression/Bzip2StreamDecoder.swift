import CBzip2

/// bzip2 through libbz2, continuing across concatenated streams (pbzip2, lbzip2 and Redshift UNLOAD write
/// several): after each stream's end the decoder is re-initialised for the next one.
final class Bzip2StreamDecoder: StreamDecoder {
    private var stream = bz_stream()
    private var output: [UInt8]
    private var consumed: Int64 = 0
    private var initialised = false
    private var insideStream = false
    private var streamsCompleted = 0
    private var producedInStream = false

    init() throws {
        output = [UInt8](repeating: 0, count: decodedChunkSize)
        try start()
    }

    deinit { if initialised { BZ2_bzDecompressEnd(&stream) } }

    private func start() throws {
        stream = bz_stream()
        guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else { throw DecompressionError.outOfMemory(.bzip2) }
        initialised = true
    }

    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        var offset = 0
        while true {
            if !initialised {
                if offset == input.count { break }
                try start()
            }
            if !insideStream { producedInStream = false }
            insideStream = true
            let available = min(input.count - offset, Int(UInt32.max))
            stream.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: CChar.self))
            stream.avail_in = UInt32(available)
            var produced = 0
            let code = output.withUnsafeMutableBytes { out -> Int32 in
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: CChar.self)
                stream.avail_out = UInt32(out.count)
                let code = BZ2_bzDecompress(&stream)
                produced = out.count - Int(stream.avail_out)
                return code
            }
            let used = available - Int(stream.avail_in)
            offset += used
            consumed += Int64(used)
            if produced > 0 {
                producedInStream = true
                try output.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0.prefix(produced))) }
            }
            switch code {
            case BZ_OK:
                if offset == input.count && produced < output.count { return }
            case BZ_STREAM_END:
                BZ2_bzDecompressEnd(&stream)
                initialised = false
                insideStream = false
                streamsCompleted += 1
            case BZ_DATA_ERROR_MAGIC:
                throw streamsCompleted > 0 && !producedInStream
                    ? DecompressionError.trailingData(.bzip2, offset: consumed - Int64(used))
                    : DecompressionError.corrupt(.bzip2, offset: consumed, detail: "not a bzip2 stream (bad magic)")
            case BZ_MEM_ERROR:
                throw DecompressionError.outOfMemory(.bzip2)
            default:
                throw DecompressionError.corrupt(.bzip2, offset: consumed, detail: "libbz2 error \(code)")
            }
        }
    }

    func finish() throws {
        if insideStream { throw DecompressionError.truncated(.bzip2, offset: consumed) }
    }
}
