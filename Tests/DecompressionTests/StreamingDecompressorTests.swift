import Testing
import TestSupport
@testable import Decompression

@Suite struct StreamingDecompressorTests {
    private let text = Compressors.sampleText(rows: 20_000)

    /// Decompresses `input` fed in pieces of `chunk` bytes, gzip through `backend`.
    private func decompress(
        _ input: [UInt8], chunk: Int, limits: DecompressionLimits = DecompressionLimits(), backend: GzipInflateBackend = .zlib
    ) throws -> (bytes: [UInt8], format: CompressionFormat?) {
        let decompressor = StreamingDecompressor(limits: limits, gzipBackend: backend)
        let out = try decompressor.decompressInChunks(input, chunk: chunk)
        return (out, decompressor.format)
    }

    @Test(arguments: [1, 3, 4096, 1 << 20], GzipInflateBackend.allCases)
    func everyFormatRoundTripsAtAnyChunkSize(chunk: Int, backend: GzipInflateBackend) throws {
        for (format, compressed) in [
            (CompressionFormat.none, text), (.gzip, Compressors.gzip(text)), (.zstd, Compressors.zstd(text)),
            (.bzip2, Compressors.bzip2(text)),
        ] {
            let result = try decompress(compressed, chunk: chunk, backend: backend)
            #expect(result.format == format)
            #expect(result.bytes == text, "\(format) at chunk \(chunk)")
        }
    }

    @Test(arguments: GzipInflateBackend.allCases)
    func concatenatedGzipMembersAreAllRead(backend: GzipInflateBackend) throws {
        let a = Array("first,member\n".utf8), b = Array("second,member\n".utf8)
        for chunk in [1, 7, 1000] {
            #expect(try decompress(Compressors.gzip(a) + Compressors.gzip(b) + Compressors.gzip(a), chunk: chunk, backend: backend).bytes == a + b + a)
        }
    }

    @Test(arguments: GzipInflateBackend.allCases)
    func zeroPaddingAfterTheLastGzipMemberIsAllowed(backend: GzipInflateBackend) throws {
        let a = Array("padded\n".utf8)
        #expect(try decompress(Compressors.gzip(a) + [0, 0, 0, 0], chunk: 5, backend: backend).bytes == a)
    }

    @Test(arguments: GzipInflateBackend.allCases)
    func garbageAfterAGzipMemberIsAnError(backend: GzipInflateBackend) throws {
        let member = Compressors.gzip(Array("x\n".utf8))
        #expect(throws: DecompressionError.trailingData(.gzip, offset: Int64(member.count))) {
            try decompress(member + Array("junk".utf8), chunk: 100, backend: backend)
        }
    }

    @Test(arguments: GzipInflateBackend.allCases)
    func truncatedInputsAreErrors(backend: GzipInflateBackend) throws {
        for (format, compressed) in [
            (CompressionFormat.gzip, Compressors.gzip(text)), (.zstd, Compressors.zstd(text)), (.bzip2, Compressors.bzip2(text)),
        ] {
            let cut = Array(compressed.prefix(compressed.count - 10))
            do {
                _ = try decompress(cut, chunk: 4096, backend: backend)
                Issue.record("\(format) truncated input decoded")
            } catch let error as DecompressionError {
                guard case .truncated(let got, _) = error else { Issue.record("\(error)"); continue }
                #expect(got == format)
            }
        }
    }

    @Test func zstdReadsSeveralFramesAndSkipsSkippableOnes() throws {
        let a = Array("alpha\n".utf8), b = Array("beta\n".utf8)
        let input = Compressors.zstd(a) + Compressors.zstdSkippable(Array("metadata".utf8), nibble: 0xF) + Compressors.zstd(b)
        #expect(try decompress(input, chunk: 3).bytes == a + b)
        // A file may even start with a skippable frame.
        let leading = try decompress(Compressors.zstdSkippable([1, 2, 3]) + Compressors.zstd(a), chunk: 64)
        #expect(leading.format == .zstd)
        #expect(leading.bytes == a)
    }

    @Test func concatenatedBzip2StreamsAreAllRead() throws {
        let a = Array("one\n".utf8), b = Array("two\n".utf8)
        #expect(try decompress(Compressors.bzip2(a) + Compressors.bzip2(b), chunk: 2).bytes == a + b)
    }

    @Test func garbageAfterABzip2StreamIsAnError() {
        let stream = Compressors.bzip2(Array("one\n".utf8))
        #expect(throws: DecompressionError.trailingData(.bzip2, offset: Int64(stream.count))) {
            try decompress(stream + Array("not bzip".utf8), chunk: 4096)
        }
    }

    @Test(arguments: GzipInflateBackend.allCases)
    func corruptDataNamesTheFormat(backend: GzipInflateBackend) {
        var gz = Compressors.gzip(text)
        gz[20] ^= 0xFF; gz[21] ^= 0xFF; gz[22] ^= 0xFF
        do {
            _ = try decompress(gz, chunk: 4096, backend: backend)
            Issue.record("corrupt gzip decoded")
        } catch let error as DecompressionError {
            guard case .corrupt(.gzip, _, _) = error else { Issue.record("\(error)"); return }
        } catch { Issue.record("\(error)") }
    }

    @Test(arguments: GzipInflateBackend.allCases)
    func aBombStopsAtTheRatioLimit(backend: GzipInflateBackend) throws {
        let zeros = [UInt8](repeating: 0, count: 8 << 20)
        let limits = DecompressionLimits(maxRatio: 100, ratioGraceBytes: 1 << 20, maxOutputBytes: 1 << 40)
        for compressed in [Compressors.gzip(zeros), Compressors.zstd(zeros), Compressors.bzip2(zeros)] {
            #expect(compressed.count < (8 << 20) / 100)
            do {
                _ = try decompress(compressed, chunk: 64 << 10, limits: limits, backend: backend)
                Issue.record("bomb decoded")
            } catch let error as DecompressionError {
                guard case .ratioExceeded(100, let bytesIn, let bytesOut) = error else { Issue.record("\(error)"); continue }
                #expect(bytesOut > 1 << 20)
                #expect(bytesOut / bytesIn > 100)
            }
        }
        // The same input passes under the defaults' grace.
        #expect(try decompress(Compressors.gzip(zeros), chunk: 1 << 20, limits: DecompressionLimits(maxRatio: 100, ratioGraceBytes: 16 << 20), backend: backend).bytes.count == zeros.count)
    }

    @Test func theTotalLimitStopsOutput() throws {
        let limits = DecompressionLimits(maxOutputBytes: 1000)
        #expect(throws: DecompressionError.outputLimitExceeded(limit: 1000, bytesIn: Int64(text.count))) {
            try decompress(text, chunk: text.count, limits: limits)
        }
    }

    @Test func tinyInputsAreDetectedAtFinish() throws {
        #expect(try decompress([], chunk: 1).bytes == [])
        #expect(try decompress(Array("ab".utf8), chunk: 1) == (Array("ab".utf8), CompressionFormat.none))
        #expect(CompressionFormat.detect(Array("BZh".utf8)) == .none)
        #expect(CompressionFormat.detect(Array("BZh9".utf8)) == .bzip2)
        #expect(CompressionFormat.detect([0x28, 0xB5, 0x2F, 0xFD]) == .zstd)
    }
}
