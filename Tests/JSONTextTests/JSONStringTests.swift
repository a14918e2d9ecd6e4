import Foundation
import JSONText
import Testing

@Suite struct JSONStringTests {
    @Test(arguments: [
        "", "plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "control \u{0}\u{1}\u{1F}", "café ünï 日本 🎉",
        "slash / stays", "\u{7F} delete",
    ])
    func literalsDecodeBackToTheInput(text: String) throws {
        let literal = JSONString.quoted(text)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    @Test func escapesExactlyWhatRFC8259Requires() {
        #expect(JSONString.quoted("a\"b\\c\nd\u{1}é/") == #""a\"b\\c\nd\u0001é/""#)
        var out = "x="
        JSONString.append("y", to: &out)
        #expect(out == #"x="y""#)
    }
}
