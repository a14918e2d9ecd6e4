/// Why a compressed input could not be read. Offsets count compressed bytes from the start of the input.
public enum DecompressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The decoder rejected the bytes at or before `offset`.
    case corrupt(CompressionFormat, offset: Int64, detail: String)
    /// The input ended inside a gzip member, zstd frame or bzip2 stream.
    case truncated(CompressionFormat, offset: Int64)
    /// Bytes after the last complete member/frame/stream that do not start another one.
    case trailingData(CompressionFormat, offset: Int64)
    /// More than `limit` bytes came out per compressed byte read.
    case ratioExceeded(limit: Int64, bytesIn: Int64, bytesOut: Int64)
    /// More than `limit` bytes came out in total.
    case outputLimitExceeded(limit: Int64, bytesIn: Int64)
    /// The decoder could not allocate its state.
    case outOfMemory(CompressionFormat)

    public var description: String {
        switch self {
        case .corrupt(let format, let offset, let detail):
            return "corrupt \(format.rawValue) data near compressed byte \(offset): \(detail)"
        case .truncated(let format, let offset):
            return "\(format.rawValue) input ends inside a \(format.unitName) at compressed byte \(offset)"
        case .trailingData(let format, let offset):
            return "bytes after the last \(format.rawValue) \(format.unitName) at compressed byte \(offset) are not another \(format.unitName)"
        case .ratioExceeded(let limit, let bytesIn, let bytesOut):
            return "decompression limit: \(bytesOut) bytes out of \(bytesIn) compressed bytes exceeds \(limit) bytes per compressed byte"
        case .outputLimitExceeded(let limit, let bytesIn):
            return "decompression limit: more than \(limit) decompressed bytes (after \(bytesIn) compressed bytes)"
        case .outOfMemory(let format):
            return "cannot allocate a \(format.rawValue) decoder"
        }
    }
}

extension CompressionFormat {
    /// What one self-contained piece of this format is called.
    var unitName: String {
        switch self {
        case .gzip: "member"
        case .zstd: "frame"
        case .bzip2: "stream"
        case .none: "input"
        }
    }
}
