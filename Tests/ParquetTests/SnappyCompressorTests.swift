import Testing
@testable import Parquet

@Suite struct SnappyCompressorTests {
    private let compressor = SnappyCompressor()

    @Test func emptyInputIsALoneZeroLength() {
        #expect(compressor.compress([]) == [0x00])
    }

    @Test func shortInputIsOneLiteral() {
        // Preamble 5, literal tag (5-1) << 2 = 0x10, then the bytes.
        #expect(compressor.compress(Array("hello".utf8)) == [0x05, 0x10] + Array("hello".utf8))
    }

    @Test func repetitionBecomesACopy() throws {
        let input = Array("abcdabcdabcdabcdabcdabcd".utf8)  // 24 bytes
        let compressed = compressor.compress(input)
        // Literal "abcd" (tag 0x0C), then one copy of 20 at offset 4 (2-byte offset form: 19 << 2 | 2 = 0x4E).
        #expect(compressed == [0x18, 0x0C, 0x61, 0x62, 0x63, 0x64, 0x4E, 0x04, 0x00])
        #expect(try SnappyDecompressor.decompress(compressed) == input)
    }

    @Test func shortNearCopiesUseTheOneByteOffsetForm() throws {
        // 16 distinct bytes, then the first 8 again: a copy of 8 at offset 16 -> tag 1 | (8-4) << 2 = 0x11, 0x10.
        let head: [UInt8] = Array(0..<16)
        let input = head + Array(head.prefix(8)) + Array(100..<116)
        let compressed = compressor.compress(input)
        #expect(compressed.count < input.count + 3)
        #expect(compressed.contains(0x11))
        #expect(try SnappyDecompressor.decompress(compressed) == input)
    }

    @Test func longLiteralsUseExtraLengthBytes() throws {
        var generator = SeededGenerator(seed: 3)
        let input = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let compressed = compressor.compress(input)
        // 300 = 0xAC 0x02; random bytes give one literal of 300: tag 61 << 2 = 0xF4, length-1 = 299 = 0x2B 0x01.
        #expect(Array(compressed.prefix(5)) == [0xAC, 0x02, 0xF4, 0x2B, 0x01])
        #expect(try SnappyDecompressor.decompress(compressed) == input)
    }

    @Test func randomAndRepetitiveInputsRoundTripAcrossBlocks() throws {
        var generator = SeededGenerator(seed: 11)
        var samples: [[UInt8]] = [[0], Array(repeating: 7, count: 200_000)]
        samples.append((0..<150_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        var urls: [UInt8] = []
        for index in 0..<20_000 {
            urls += Array("https://www.example-shop.com/shoes/product-\(index % 300)?utm=1".utf8)
        }
        samples.append(urls)
        for length in [1, 14, 15, 16, 17, 63, 64, 65, 65_535, 65_536, 65_537, 131_073] {
            samples.append((0..<length).map { UInt8(truncatingIfNeeded: ($0 * 7) % 251 + ($0 / 97)) })
        }
        for sample in samples {
            let compressed = compressor.compress(sample)
            #expect(compressed.count <= SnappyCompressor.maximumCompressedLength(sample.count) + 10)
            #expect(try SnappyDecompressor.decompress(compressed) == sample)
        }
        #expect(compressor.compress(urls).count * 10 < urls.count)
    }
}
