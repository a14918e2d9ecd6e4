import CIsal

/// ISA-L's inflate (2-3x zlib's speed on x86_64 and arm64), loaded at run time; the gzip header is parsed by
/// the shim so every flag and the header CRC are checked as zlib checks them.
final class IsalGzipInflater: GzipMemberInflater {
    private let decoder: OpaquePointer

    /// Throws `outOfMemory` when the decoder cannot be allocated; callers check `GzipInflateBackend.isalLoaded`.
    init() throws {
        guard GzipInflateBackend.isalLoaded, let decoder = cisal_gunzip_new() else { throw DecompressionError.outOfMemory(.gzip) }
        self.decoder = decoder
    }

    deinit { cisal_gunzip_free(decoder) }

    func reset() { cisal_gunzip_reset(decoder) }

    func step(
        _ input: inout UnsafePointer<UInt8>?, _ remaining: inout Int, _ output: UnsafeMutablePointer<UInt8>?, _ capacity: Int,
        _ produced: inout Int, _ message: UnsafeMutablePointer<CChar>?, _ messageLength: Int
    ) -> Int32 {
        cisal_gunzip_step(decoder, &input, &remaining, output, capacity, &produced, message, messageLength)
    }
}
