import Testing
import TestSupport
@testable import Decompression

/// ISA-L and zlib must be interchangeable: the same bytes out, or the same error, for every input and every
/// way the input is split into chunks.
@Suite struct GzipInflateBackendTests {
    /// What one decompression gave: the bytes, or the error (with the corrupt detail text dropped, which names
    /// each library's own diagnosis, and its offset, which each library reaches at its own pace).
    enum Outcome: Equatable {
        case bytes([UInt8])
        case error(DecompressionError)
    }

    private func run(_ input: [UInt8], chunk: Int, backend: GzipInflateBackend, limits: DecompressionLimits = DecompressionLimits()) -> Outcome {
        let decompressor = StreamingDecompressor(limits: limits, format: .gzip, gzipBackend: backend)
        do {
            return .bytes(try decompressor.decompressInChunks(input, chunk: chunk))
        } catch let error as DecompressionError {
            if case .corrupt(let format, _, _) = error { return .error(.corrupt(format, offset: 0, detail: "")) }
            return .error(error)
        } catch {
            return .error(.outOfMemory(.none))
        }
    }

    private func expectSameOutcome(_ input: [UInt8], chunk: Int, _ comment: String, limits: DecompressionLimits = DecompressionLimits()) -> Outcome {
        let zlib = run(input, chunk: chunk, backend: .zlib, limits: limits)
        let isal = run(input, chunk: chunk, backend: .isal, limits: limits)
        #expect(zlib == isal, "\(comment), chunk \(chunk)")
        return zlib
    }

    /// RFC 1952's CRC-32, for header checksums the tests write.
    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    /// A member of `text` whose header carries the optional fields `flags` asks for (FHCRC 0x02, FEXTRA 0x04,
    /// FNAME 0x08, FCOMMENT 0x10), with a right or wrong header CRC.
    static func member(_ text: [UInt8], flags: UInt8, goodHeaderCRC: Bool = true) -> [UInt8] {
        let plain = Compressors.gzip(text)
        var header: [UInt8] = [0x1F, 0x8B, 8, flags] + plain[4..<10]
        if flags & 0x04 != 0 { header += [5, 0] + Array("ab\u{2}\u{0}z".utf8) }
        if flags & 0x08 != 0 { header += Array("orders.csv".utf8) + [0] }
        if flags & 0x10 != 0 { header += Array("nightly export".utf8) + [0] }
        if flags & 0x02 != 0 {
            let crc = crc32(header) & 0xFFFF ^ (goodHeaderCRC ? 0 : 1)
            header += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        }
        return header + plain[10...]
    }

    @Test func isaLLoadsOnTheBuildMachine() {
        // libisal2 is in the Makefile's APT_PACKAGES: without it the ISA-L half of these tests would prove nothing.
        #expect(GzipInflateBackend.isalLoaded, "\(GzipInflateBackend.description)")
        #expect(GzipInflateBackend.preferred == .isal)
        #expect(GzipInflateBackend.description.hasPrefix("gzip inflate: ISA-L 2."))
    }

    @Test func randomAndTextLikeDataGiveTheSameBytes() {
        var state: UInt64 = 7
        let random = (0..<300_000).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let text = Compressors.sampleText(rows: 30_000)
        let mixed = Array(random.prefix(50_000)) + text + Array(random.suffix(10_000)) + [UInt8](repeating: 65, count: 200_000)
        for input in [random, text, mixed, []] {
            for chunk in [1, 13, 4096, 65_537, 1 << 22] where chunk > 1 || input.count < 100_000 {
                #expect(expectSameOutcome(Compressors.gzip(input), chunk: chunk, "\(input.count) bytes") == .bytes(input))
            }
        }
    }

    @Test func headerFieldsAndConcatenatedMembersAtEveryChunkSize() {
        let a = Array("first,member\n".utf8), b = Compressors.sampleText(rows: 200), c = Array("third\n".utf8)
        let input = Self.member(a, flags: 0x1E) + Self.member(b, flags: 0x08) + [0, 0] + Self.member(c, flags: 0x02) + [0, 0, 0]
        for chunk in 1...80 {
            #expect(expectSameOutcome(input, chunk: chunk, "three members") == .bytes(a + b + c))
        }
    }

    @Test func everyHeaderFlagCombinationIsRead() {
        let text = Array("flags\n".utf8)
        for flags in stride(from: UInt8(0), through: 0x1F, by: 1) {
            for chunk in [1, 3, 1000] {
                #expect(expectSameOutcome(Self.member(text, flags: flags), chunk: chunk, "flags \(flags)") == .bytes(text))
            }
        }
    }

    @Test func headerErrorsAreCorruptInBoth() {
        let text = Array("x\n".utf8)
        var reserved = Self.member(text, flags: 0)
        reserved[3] = 0x20
        var method = Self.member(text, flags: 0)
        method[2] = 7
        for (name, input) in [("reserved flag", reserved), ("method", method), ("header crc", Self.member(text, flags: 0x02, goodHeaderCRC: false))] {
            for chunk in [1, 2, 100] {
                #expect(expectSameOutcome(input, chunk: chunk, name) == .error(.corrupt(.gzip, offset: 0, detail: "")))
            }
        }
    }

    @Test func truncationAtEveryOffsetGivesTheSameError() {
        let first = Self.member(Compressors.sampleText(rows: 40), flags: 0x1E)
        let input = first + Self.member(Array("tail\n".utf8), flags: 0)
        for cut in 0..<input.count {
            let prefix = Array(input.prefix(cut))
            for chunk in [1, 7, 4096] {
                let outcome = expectSameOutcome(prefix, chunk: chunk, "cut at \(cut)")
                // Only the empty input and a cut between the members are whole.
                if case .bytes = outcome, cut != 0, cut != first.count { Issue.record("cut at \(cut) decoded") }
                if case .error(let error) = outcome, case .truncated = error {} else if case .error(let error) = outcome {
                    Issue.record("cut at \(cut): \(error)")
                }
            }
        }
    }

    @Test func aFlippedByteAnywhereGivesTheSameOutcome() {
        let input = Self.member(Compressors.sampleText(rows: 30), flags: 0x0A) + Self.member(Array("b\n".utf8), flags: 0)
        for position in 0..<input.count {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = input
                damaged[position] ^= flip
                _ = expectSameOutcome(damaged, chunk: 4096, "byte \(position) ^ \(flip)")
                _ = expectSameOutcome(damaged, chunk: 5, "byte \(position) ^ \(flip)")
            }
        }
    }

    /// A dynamic block whose literal/length code has no end-of-block symbol, cut short (found by the fuzzer):
    /// ISA-L rejects the table as soon as it is read, zlib only once every code length arrived. Both fail, one
    /// as corrupt and the other as truncated; with the rest of the block there, both call it corrupt.
    @Test func aTableWithoutEndOfBlockFailsInBoth() {
        let cut: [UInt8] = [
            0x1F, 0x8B, 0x08, 0x00, 0x40, 0, 0, 0, 0, 0xFF, 0xED, 0, 0, 0, 0, 0, 0, 0, 0, 0x78, 0x30, 0x02, 0x53, 0x2F,
            0x97, 0x20, 0x4E, 0x00, 0x23, 0x00,
        ]
        #expect(run(cut, chunk: 4096, backend: .zlib) == .error(.truncated(.gzip, offset: Int64(cut.count))))
        #expect(run(cut, chunk: 4096, backend: .isal) == .error(.corrupt(.gzip, offset: 0, detail: "")))
        #expect(expectSameOutcome(cut + [UInt8](repeating: 0, count: 1000), chunk: 4096, "whole block") == .error(.corrupt(.gzip, offset: 0, detail: "")))
    }

    @Test func trailerChecksAreEnforced() {
        let member = Compressors.gzip(Compressors.sampleText(rows: 100))
        for position in member.count - 8..<member.count {
            var damaged = member
            damaged[position] ^= 0x04
            #expect(expectSameOutcome(damaged, chunk: 3, "trailer byte \(position)") == .error(.corrupt(.gzip, offset: 0, detail: "")))
        }
    }

    @Test func limitsStopBothAlike() {
        let zeros = [UInt8](repeating: 0, count: 4 << 20)
        let bomb = Compressors.gzip(zeros)
        let ratio = DecompressionLimits(maxRatio: 100, ratioGraceBytes: 1 << 20, maxOutputBytes: 1 << 40)
        let total = DecompressionLimits(maxOutputBytes: 3 << 20)
        for chunk in [1000, 64 << 10] {
            guard case .error(.ratioExceeded(100, _, _)) = expectSameOutcome(bomb, chunk: chunk, "ratio", limits: ratio) else {
                Issue.record("ratio limit not hit"); continue
            }
            guard case .error(.outputLimitExceeded(3 << 20, _)) = expectSameOutcome(bomb, chunk: chunk, "total", limits: total) else {
                Issue.record("total limit not hit"); continue
            }
        }
    }
}
