import Decompression
import DelimitedText
import MySQL
import Testing
import TestSupport

@testable import MySQLUpsert

@Suite struct DelimitedUnloadReaderTests {
    func read(_ routeJSON: String, _ bytes: [UInt8], chunk: Int = 7) throws -> UnloadRowCollector {
        let route = try route(routeJSON)
        guard case .delimited(let layout) = route.format else { throw UnloadInputError(position: 0, problem: "not delimited") }
        let collector = UnloadRowCollector()
        var chunks = ArrayChunks(bytes, size: chunk)
        _ = try DelimitedUnloadReader(layout: layout, columns: route.columns, limits: DecompressionLimits()).read(&chunks, into: collector)
        return collector
    }

    @Test(arguments: [1, 3, 7, 4096])
    func pipeWithEscapeAndNullAs(chunk: Int) throws {
        // UNLOAD ... DELIMITER '|' ESCAPE NULL AS '\N': an escaped delimiter, newline and backslash are data.
        let text = "1|a\\|b|\\N\n2|line\\\nnext|N\n3|back\\\\slash|\\\\N\n4||ü'); DROP TABLE t;--\n"
        let rows = try read(#"{"prefix":"u/","table":"t","columns":["id","name","note"],"escape":true,"nullAs":"\\N"}"#, Array(text.utf8), chunk: chunk)
        #expect(rows.columns == ["id", "name", "note"])
        #expect(rows.rows.map(\.position) == [1, 2, 4, 5])
        #expect(rows.rows.map(\.values) == [
            [.text("1"), .text("a|b"), .null],
            [.text("2"), .text("line\nnext"), .text("N")],
            [.text("3"), .text("back\\slash"), .text("\\N")],
            [.text("4"), .text(""), .text("ü'); DROP TABLE t;--")],
        ])
        #expect(rows.rejects.isEmpty)
    }

    @Test func withoutNullAsTheEmptyFieldIsNull() throws {
        let rows = try read(#"{"prefix":"u/","table":"t","columns":["id","name"]}"#, Array("1|\n2|x\n".utf8))
        #expect(rows.rows.map(\.values) == [[.text("1"), .null], [.text("2"), .text("x")]])
    }

    @Test func addQuotesWithEscape() throws {
        let text = "\"1\"|\"say \\\"hi\\\" | bye\"|\"\"\n"
        let rows = try read(#"{"prefix":"u/","table":"t","columns":["id","text","note"],"escape":true,"addQuotes":true}"#, Array(text.utf8))
        #expect(rows.rows.map(\.values) == [[.text("1"), .text("say \"hi\" | bye"), .null]])
    }

    @Test func csvWithHeaderKeepsQuotedEmptyStrings() throws {
        let text = "id,name,note\r\n1,\"a,b\",\r\n2,\"\",\"x \"\"y\"\"\"\r\n"
        let rows = try read(#"{"prefix":"u/","table":"t","format":"csv","header":true}"#, Array(text.utf8))
        #expect(rows.columns == ["id", "name", "note"])
        #expect(rows.rows.map(\.values) == [[.text("1"), .text("a,b"), .null], [.text("2"), .text(""), .text("x \"y\"")]])
        #expect(rows.rows.map(\.position) == [2, 3])
    }

    @Test func configuredColumnsOverrideTheHeader() throws {
        let rows = try read(#"{"prefix":"u/","table":"t","format":"csv","header":true,"columns":["k","v"]}"#, Array("a,b\n1,2\n".utf8))
        #expect(rows.columns == ["k", "v"])
        #expect(rows.rows.map(\.values) == [[.text("1"), .text("2")]])
    }

    @Test func aLineWithTheWrongFieldCountIsRejectedWithItsFields() throws {
        let rows = try read(#"{"prefix":"u/","table":"t","columns":["id","name"]}"#, Array("1|a\n2|b|extra\n3\n4|d\n".utf8))
        #expect(rows.rows.map(\.position) == [1, 4])
        #expect(rows.rejects.map(\.position) == [2, 3])
        #expect(rows.rejects[0].reason == "the line has 3 fields, the table mapping has 2 columns")
        #expect(rows.rejects[0].fields == [.text("2"), .text("b"), .text("extra")])
    }

    @Test(arguments: ["gzip", "zstd", "bzip2"])
    func compressedFilesReadTheSame(format: String) throws {
        let plain = Array((0..<500).map { "\($0)|name \($0)|\\N\n" }.joined().utf8)
        let compressed = switch format {
        case "gzip": Compressors.gzip(plain)
        case "zstd": Compressors.zstd(plain)
        default: Compressors.bzip2(plain)
        }
        let route = try route(#"{"prefix":"u/","table":"t","columns":["id","name","note"],"escape":true,"nullAs":"\\N"}"#)
        guard case .delimited(let layout) = route.format else { return }
        let collector = UnloadRowCollector()
        var chunks = ArrayChunks(compressed, size: 100)
        let statistics = try DelimitedUnloadReader(layout: layout, columns: route.columns, limits: DecompressionLimits()).read(&chunks, into: collector)
        #expect(statistics.encoding == format)
        #expect(statistics.records == 500)
        #expect(collector.rows.count == 500)
        #expect(collector.rows[499].values == [.text("499"), .text("name 499"), .null])
    }

    @Test func malformedInputNamesTheLine() {
        #expect(throws: TextReadError.self) {
            _ = try read(#"{"prefix":"u/","table":"t","format":"csv","columns":["a","b"]}"#, Array("1,2\n3,\"open\n".utf8))
        }
        #expect(throws: TextReadError.self) {
            _ = try read(#"{"prefix":"u/","table":"t","columns":["a","b"]}"#, [0x31, 0x7C, 0xFF, 0x0A])
        }
    }

    @Test func aHeaderOnlyFileStillHasItsNamesChecked() throws {
        let rows = try read(#"{"prefix":"u/","table":"t","format":"csv","header":true}"#, Array("id,'); DROP TABLE t;--\n".utf8))
        #expect(rows.columns == ["id", "'); DROP TABLE t;--"])
        #expect(rows.rows.isEmpty)
    }
}

@Suite struct FixedWidthUnloadReaderTests {
    @Test func linesAreCutAtCharacterWidths() throws {
        let route = try route(#"{"prefix":"u/","table":"t","format":"fixedwidth","fixedWidth":"id:3,name:5,note:4","nullAs":"NULL"}"#)
        guard case .fixedWidth(let layout) = route.format else { Issue.record("not fixed width"); return }
        let text = "1  ünï  NULL\r\n22 abcdeok  \n333toolong-line\n4  x    y   "
        let collector = UnloadRowCollector()
        var chunks = ArrayChunks(Array(text.utf8), size: 5)
        let statistics = try FixedWidthUnloadReader(layout: layout, columns: route.columns!, limits: DecompressionLimits()).read(&chunks, into: collector)
        #expect(collector.columns == ["id", "name", "note"])
        #expect(collector.rows.map(\.values) == [
            [.text("1"), .text("ünï"), .null], [.text("22"), .text("abcde"), .text("ok")], [.text("4"), .text("x"), .text("y")],
        ])
        #expect(collector.rows.map(\.position) == [1, 2, 4])
        #expect(collector.rejects.map(\.position) == [3])
        #expect(collector.rejects.first?.reason == "the line has 15 characters, the fixed-width layout 12")
        #expect(statistics.records == 4)
    }
}
