/// How an input is compressed, decided from its first bytes (never from a key suffix or `Content-Encoding`,
/// which uploaders get wrong).
public enum CompressionFormat: String, Sendable, Equatable, CaseIterable {
    /// No recognised compression: the bytes are the content.
    case none
    /// RFC 1952 gzip, one or more members (`1F 8B`).
    case gzip
    /// RFC 8878 Zstandard, one or more frames, skippable frames allowed (`28 B5 2F FD` or `5? 2A 4D 18`).
    case zstd
    /// bzip2, one or more streams (`BZh1`…`BZh9`).
    case bzip2

    /// The number of leading bytes `detect` needs to tell every format apart.
    public static let magicLength = 4

    /// The format whose magic number starts `prefix`. Shorter prefixes than `magicLength` are only
    /// recognised when they are a whole (tiny) input; anything unrecognised is `.none`.
    public static func detect(_ prefix: some Collection<UInt8>) -> CompressionFormat {
        let bytes = Array(prefix.prefix(magicLength))
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B { return .gzip }
        if bytes.count >= 4 {
            if bytes[0] == 0x28, bytes[1] == 0xB5, bytes[2] == 0x2F, bytes[3] == 0xFD { return .zstd }
            // Skippable frames 0x184D2A50...0x184D2A5F, little-endian.
            if bytes[0] & 0xF0 == 0x50, bytes[1] == 0x2A, bytes[2] == 0x4D, bytes[3] == 0x18 { return .zstd }
            if bytes[0] == 0x42, bytes[1] == 0x5A, bytes[2] == 0x68, (0x31...0x39).contains(bytes[3]) { return .bzip2 }
        }
        return .none
    }
}
