import Decompression
import MySQL
import Parquet
import Testing
import TestSupport

@testable import MySQLUpsert

/// Damaged inputs (bytes flipped, cut, inserted; seeded, so every run is the same) never crash a reader: each either
/// reads rows (some possibly rejected with a reason) or stops with an error that says what is wrong.
@Suite struct MalformedInputTests {
    static func mutations(of input: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        let alphabet: [UInt8] = Array("|\\\"\n\r,N 0a\u{0}".utf8) + [0xFF, 0xC3, 0x1F, 0x8B]
        return (0..<count).map { _ in
            var bytes = input
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = alphabet.randomElement(using: &random)!
                case 1: bytes.removeSubrange(at...)
                default: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
                }
            }
            return bytes
        }
    }

    @Test func delimitedAndFixedWidthReadersNeverCrash() throws {
        let text = Array("1|a\\|b|\\N\n2|\"q\"|x\n3|ü|\\\\\n".utf8)
        let pipe = try route(#"{"prefix":"u/","table":"t","columns":["a","b","c"],"escape":true,"nullAs":"\\N","addQuotes":true}"#)
        let fixed = try route(#"{"prefix":"u/","table":"t","format":"fixedwidth","fixedWidth":"a:2,b:3"}"#)
        guard case .delimited(let layout) = pipe.format, case .fixedWidth(let widths) = fixed.format else { return }
        var outcomes = (read: 0, refused: 0)
        for input in Self.mutations(of: text, count: 400, seed: 7) + Self.mutations(of: Compressors.gzip(text), count: 200, seed: 8) {
            for size in [1, 5] {
                do {
                    var chunks = ArrayChunks(input, size: size)
                    _ = try DelimitedUnloadReader(layout: layout, columns: pipe.columns, limits: DecompressionLimits()).read(&chunks, into: UnloadRowCollector())
                    var again = ArrayChunks(input, size: size)
                    _ = try FixedWidthUnloadReader(layout: widths, columns: ["a", "b"], limits: DecompressionLimits()).read(&again, into: UnloadRowCollector())
                    outcomes.read += 1
                } catch {
                    #expect(!"\(error)".isEmpty)
                    outcomes.refused += 1
                }
            }
        }
        #expect(outcomes.read > 0 && outcomes.refused > 0, "\(outcomes)")
    }

    @Test func manifestsAndParquetFilesNeverCrash() throws {
        let manifest = Array(#"{"entries":[{"url":"s3://b/u/0000_part_00","meta":{"content_length":5,"record_count":1}}],"schema":{"elements":[{"name":"a"}]}}"#.utf8)
        for input in Self.mutations(of: manifest, count: 500, seed: 9) {
            do {
                _ = try UnloadManifest.parse(input, location: "m")
            } catch {
                #expect(error.description.hasPrefix("manifest m: "))
            }
        }
        let parquet = try ParquetUnloadReaderTests.file()
        for input in Self.mutations(of: parquet, count: 300, seed: 10) {
            do {
                _ = try ParquetUnloadReader(columns: nil).read(ParquetMemorySource(input), into: UnloadRowCollector())
            } catch {
                #expect(!"\(error)".isEmpty)
            }
        }
    }
}
