/// The codec applied to every page of a file.
///
/// These four are the ones Athena engine 3, Spark, Trino, DuckDB and pyarrow all read and write.
public enum ParquetCompression: Sendable, Equatable, CustomStringConvertible {
    case uncompressed
    /// Snappy raw block format, compressed by the module's own Swift implementation.
    case snappy
    /// One RFC 1952 gzip member per page; `level` is zlib's 0...9 (6 is zlib's default).
    case gzip(level: Int32 = 6)
    /// A standard zstd frame per page; `level` is libzstd's (1 is fast and already much smaller than Snappy).
    case zstd(level: Int32 = 1)

    /// `CompressionCodec` in parquet.thrift.
    var thriftValue: Int32 {
        switch self {
        case .uncompressed: 0
        case .snappy: 1
        case .gzip: 2
        case .zstd: 6
        }
    }

    public var description: String {
        switch self {
        case .uncompressed: "UNCOMPRESSED"
        case .snappy: "SNAPPY"
        case .gzip(let level): "GZIP(level \(level))"
        case .zstd(let level): "ZSTD(level \(level))"
        }
    }

    func validate() throws(ParquetError) {
        switch self {
        case .gzip(let level) where !(0...9).contains(level):
            throw .invalidOptions("GZIP level \(level) is outside 0...9")
        case .zstd(let level) where !(-7...22).contains(level):
            throw .invalidOptions("ZSTD level \(level) is outside -7...22")
        default:
            break
        }
    }
}
