import Testing

@testable import MySQL

/// LOAD DATA's escaped text, as the staged upsert sends it: no value can end its field or line, or read as NULL.
struct LoadDataFieldFormatTests {
    @Test func loadDataFieldsCannotEndEarlyOrTurnIntoNull() {
        let format = LoadDataFieldFormat()
        var out: [UInt8] = []
        format.appendString(Array("a\tb\nc\\d\u{0}e\rf\\N'\"😀".utf8), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"a\tb\nc\\d\0e\rf\\N'"😀"#)
        out = []
        format.appendNull(to: &out)
        #expect(out == Array(#"\N"#.utf8))
        out = []
        format.appendBinary([0x00, 0x09, 0x0A, 0x5C, 0xFF], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "00090A5CFF")
    }
}
