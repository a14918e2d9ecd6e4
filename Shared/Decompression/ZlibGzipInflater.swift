import CZlib

/// zlib's inflate (RFC 1952 wrapper only): available everywhere, the fallback when ISA-L is not loaded.
final class ZlibGzipInflater: GzipMemberInflater {
    private let inflater: OpaquePointer

    init() throws {
        guard let inflater = czlib_inflater_new() else { throw DecompressionError.outOfMemory(.gzip) }
        self.inflater = inflater
    }

    deinit { czlib_inflater_free(inflater) }

    func reset() { _ = czlib_inflater_reset(inflater) }

    func step(
        _ input: inout UnsafePointer<UInt8>?, _ remaining: inout Int, _ output: UnsafeMutablePointer<UInt8>?, _ capacity: Int,
        _ produced: inout Int, _ message: UnsafeMutablePointer<CChar>?, _ messageLength: Int
    ) -> Int32 {
        czlib_inflater_step(inflater, &input, &remaining, output, capacity, &produced, message, messageLength)
    }
}
