import CZlib
import CZstd
import Testing
@testable import Parquet

@Suite struct PageCompressorTests {
    private let sample: [UInt8] = Array(String(repeating: "page_view,click,scroll,", count: 400).utf8)

    private func compress(_ input: [UInt8], _ codec: ParquetCompression) throws -> [UInt8] {
        let out = ByteBuffer()
        let compressor = PageCompressor(codec: codec)
        try input.withUnsafeBytes { raw in try compressor.compress(raw, into: out) }
        return out.array
    }

    @Test func uncompressedIsTheInput() throws {
        #expect(try compress(sample, .uncompressed) == sample)
    }

    @Test func snappyRoundTrips() throws {
        #expect(try SnappyDecompressor.decompress(compress(sample, .snappy)) == sample)
    }

    @Test func gzipIsOneGzipMemberThatZlibInflates() throws {
        let member = try compress(sample, .gzip())
        // RFC 1952: ID1 ID2 CM=8 (deflate), FLG=0, MTIME=0.
        #expect(Array(member.prefix(8)) == [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00])
        var restored = [UInt8](repeating: 0, count: sample.count + 16)
        var message = [CChar](repeating: 0, count: 256)
        let count = czlib_gunzip(member, member.count, &restored, restored.count, &message, message.count)
        #expect(count == sample.count)
        #expect(Array(restored.prefix(max(count, 0))) == sample)
        // ISIZE, the last four bytes, is the input length.
        let isize = member.suffix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(isize == sample.count)
    }

    @Test func zstdIsAFrameThatLibzstdDecompresses() throws {
        let frame = try compress(sample, .zstd())
        #expect(Array(frame.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD])
        var restored = [UInt8](repeating: 0, count: sample.count + 16)
        let count = ZSTD_decompress(&restored, restored.count, frame, frame.count)
        #expect(ZSTD_isError(count) == 0)
        #expect(Array(restored.prefix(count)) == sample)
    }

    @Test func emptyPagesCompressToValidStreams() throws {
        #expect(try compress([], .snappy) == [0x00])
        let member = try compress([], .gzip())
        #expect(member.count == 20)
        let frame = try compress([], .zstd())
        var scratch = [UInt8](repeating: 0, count: 8)
        #expect(ZSTD_decompress(&scratch, scratch.count, frame, frame.count) == 0)
    }

    @Test func outOfRangeLevelsAreRejected() {
        #expect(throws: ParquetError.invalidOptions("GZIP level 12 is outside 0...9")) {
            try ParquetCompression.gzip(level: 12).validate()
        }
        #expect(throws: ParquetError.self) { try ParquetCompression.zstd(level: 40).validate() }
    }
}
