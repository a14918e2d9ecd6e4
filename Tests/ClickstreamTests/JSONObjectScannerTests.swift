import Testing

@testable import Clickstream

struct JSONObjectScannerTests {
    func members(_ text: String) throws -> [JSONObjectScanner.Member] {
        var scanner = JSONObjectScanner(text)
        return try scanner.members()
    }

    func error(_ text: String) -> JSONObjectScanner.ScanError? {
        var scanner = JSONObjectScanner(text)
        do {
            _ = try scanner.members()
            return nil
        } catch {
            return error
        }
    }

    @Test func scalarsAreDecodedAndRawTextKept() throws {
        let found = try members(#" { "a" : "x\"y\\z\n\u00e9\ud83d\ude00" , "b":-12.5e3, "c":true,"d":null, "e":[1,{"f":[]}], "g":{} } "#)
        #expect(found.map(\.name) == ["a", "b", "c", "d", "e", "g"])
        #expect(found[0].value == .string("x\"y\\z\né😀"))
        #expect(found[0].rawValue == #""x\"y\\z\n\u00e9\ud83d\ude00""#)
        #expect(found[1].value == .number("-12.5e3"))
        #expect(found[2].value == .bool(true))
        #expect(found[3].value == .null)
        #expect(found[4].value == .array)
        #expect(found[4].rawValue == #"[1,{"f":[]}]"#)
        #expect(found[5].value == .object)
        #expect(found[0].rawName == #""a""#)
    }

    @Test func anEmptyObjectHasNoMembers() throws {
        #expect(try members("{}").isEmpty)
    }

    @Test(arguments: [
        ("", "empty document at byte 0"),
        ("[1]", "expected a JSON object, found an array at byte 0"),
        (#"{"a":1,}"#, "expected a member name at byte 7"),
        (#"{"a":01}"#, "expected ',' or '}' at byte 6"),
        (#"{"a":1.}"#, "invalid number at byte 5"),
        (#"{"a":"\ud800"}"#, "unpaired surrogate escape at byte 6"),
        (#"{"a":"\x"}"#, "invalid escape at byte 6"),
        ("{\"a\":\"\u{01}\"}", "control character in a string at byte 6"),
        (#"{"a":tru}"#, "invalid literal at byte 5"),
        (#"{"a":1} x"#, "unexpected text after the object at byte 8"),
        (#"{"a":1"#, "unterminated object at byte 6"),
    ])
    func malformedInputNamesTheProblemAndOffset(text: String, expected: String) {
        #expect(error(text)?.description == expected)
    }

    @Test func deepNestingIsRefused() {
        let deep = "{\"a\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(error(deep)?.message == "nesting deeper than 64 levels")
    }
}
