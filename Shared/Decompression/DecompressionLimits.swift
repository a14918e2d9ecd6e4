/// Bounds that stop a decompression bomb: a few kilobytes that expand to terabytes would otherwise keep a
/// function busy until its timeout (or fill its memory downstream).
public struct DecompressionLimits: Sendable, Equatable {
    /// Most decompressed bytes allowed per compressed byte read so far. Real text compresses 3-20x with gzip and
    /// up to ~100x for very repetitive exports with zstd; 1,000 leaves room for those and stops bombs early.
    public var maxRatio: Int64
    /// The ratio is only enforced once this many bytes came out, so tiny repetitive inputs are not rejected.
    public var ratioGraceBytes: Int64
    /// Most decompressed bytes in total.
    public var maxOutputBytes: Int64

    public init(maxRatio: Int64 = 1_000, ratioGraceBytes: Int64 = 16 << 20, maxOutputBytes: Int64 = 64 << 30) {
        self.maxRatio = maxRatio
        self.ratioGraceBytes = ratioGraceBytes
        self.maxOutputBytes = maxOutputBytes
    }

    /// No bounds, for inputs the caller produced itself.
    public static let unlimited = DecompressionLimits(maxRatio: .max, ratioGraceBytes: .max, maxOutputBytes: .max)
}
