import CBzip2
import CZlib
import CZstd

/// Reference compressors (the C libraries' one-shot calls) that produce compressed inputs for tests.
public enum Compressors {
    public static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: czlib_gzip_bound(bytes.count))
        var error = [CChar](repeating: 0, count: 128)
        let written = czlib_gzip_compress(bytes, bytes.count, &out, out.count, 6, &error, error.count)
        precondition(written > 0)
        return Array(out.prefix(written))
    }

    public static func zstd(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let written = ZSTD_compress(&out, out.count, bytes, bytes.count, 3)
        precondition(ZSTD_isError(written) == 0)
        return Array(out.prefix(written))
    }

    /// A zstd skippable frame (magic 0x184D2A5n) carrying `payload`.
    public static func zstdSkippable(_ payload: [UInt8], nibble: UInt8 = 0) -> [UInt8] {
        let size = UInt32(payload.count)
        return [0x50 | nibble, 0x2A, 0x4D, 0x18, UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)] + payload
    }

    public static func bzip2(_ bytes: [UInt8]) -> [UInt8] {
        var source = bytes.map { CChar(bitPattern: $0) }
        var out = [CChar](repeating: 0, count: bytes.count + bytes.count / 100 + 600)
        var length = UInt32(out.count)
        let code = BZ2_bzBuffToBuffCompress(&out, &length, &source, UInt32(source.count), 9, 0, 0)
        precondition(code == BZ_OK)
        return out.prefix(Int(length)).map { UInt8(bitPattern: $0) }
    }

    /// Deterministic text-like bytes (a small LCG over CSV-ish content).
    public static func sampleText(rows: Int, seed: UInt64 = 42) -> [UInt8] {
        var state = seed
        var text = "id,name,amount\n"
        for row in 0..<rows {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            text += "\(row),name-\(state >> 40),\(state >> 50).\(state >> 58)\n"
        }
        return Array(text.utf8)
    }
}
