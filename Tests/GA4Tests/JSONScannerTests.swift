import Testing

@testable import GA4

@Suite struct JSONScannerTests {
    private func scanString(_ json: String) throws -> String {
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            return try scanner.string()
        }
    }

    @Test func decodesEveryEscape() throws {
        #expect(try scanString(#""a\"b\\c\/d\b\f\n\r\t""#) == "a\"b\\c/d\u{8}\u{c}\n\r\t")
        #expect(try scanString(#""\u0041\u00e9\u20ac\ud83d\ude00""#) == "Aé€😀")
        #expect(try scanString(#""ends with escaped quote \"""#) == "ends with escaped quote \"")
        #expect(try scanString(#""\\""#) == "\\")
    }

    @Test func rejectsBrokenEscapes() {
        for json in [#""\ud83d""#, #""\ude00""#, #""\u12""#, #""\q""#, #""abc"#] {
            #expect(throws: JSONScanner.Failure.self, "\(json)") { try scanString(json) }
        }
    }

    @Test func skipsNestedValuesAndFindsTheNextKey() throws {
        let json = #"{"a": [1, -2.5e3, "x", {"b": [true, false, null]}], "c": "d"}"#
        let bytes = Array(json.utf8)
        let value = try bytes.withUnsafeBufferPointer { buffer -> String in
            var scanner = JSONScanner(buffer)
            var key = try scanner.firstKey()
            while let name = key {
                if scanner.equals(name, "c") { return try scanner.string() }
                try scanner.skipValue()
                key = try scanner.nextKey()
            }
            return ""
        }
        #expect(value == "d")
    }
}
