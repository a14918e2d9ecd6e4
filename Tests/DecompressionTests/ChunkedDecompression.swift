@testable import Decompression

extension StreamingDecompressor {
    /// Feeds `input` in pieces of `chunk` bytes, then finishes; returns every decompressed byte.
    func decompressInChunks(_ input: [UInt8], chunk: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        while start < input.count {
            let end = min(start + chunk, input.count)
            try write(Array(input[start..<end])) { out.append(contentsOf: $0) }
            start = end
        }
        try finish { out.append(contentsOf: $0) }
        return out
    }
}
