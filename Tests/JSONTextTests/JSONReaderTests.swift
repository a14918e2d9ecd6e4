import Foundation
import JSONText
import Testing

@Suite struct JSONReaderTests {
    /// Runs `body` on a reader over `text`'s UTF-8 bytes.
    func read<T>(_ text: String, _ body: (inout JSONReader) throws -> T) throws -> T {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            return try body(&reader)
        }
    }

    func skipError(_ text: String) -> JSONSyntaxError? {
        do {
            try read(text) { reader in
                try reader.skipValue()
                try reader.expectEnd()
            }
            return nil
        } catch {
            return error as? JSONSyntaxError
        }
    }

    @Test func objectsAndArraysAreWalkedInOrder() throws {
        let names = try read(#" { "a" : [1, "x", {"b": null}] , "c":true,"d":{} } "#) { reader -> [String] in
            var names: [String] = []
            var object = try reader.enterObject()
            while let name = try reader.nextMember(&object) {
                names.append(reader.string(name))
                if names.last == "a" {
                    var array = try reader.enterArray()
                    var kinds: [JSONValueKind?] = []
                    while try reader.nextElement(&array) {
                        kinds.append(reader.peekKind())
                        try reader.skipValue()
                    }
                    #expect(kinds == [.number, .string, .object])
                } else {
                    try reader.skipValue()
                }
            }
            try reader.expectEnd()
            return names
        }
        #expect(names == ["a", "c", "d"])
    }

    @Test(arguments: [
        #""plain""#, #""x\"y\\z\/\b\f\n\r\t""#, #""\u00e9\u65e5\ud83d\ude00""#, #""café 日本 🎉""#, #""""#,
        #""\u0000 nul and \u001f""#, #""ends with an escaped quote \"""#, #""\\""#,
    ])
    func stringsDecodeAsFoundationDoes(literal: String) throws {
        let expected = try #require(try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]).first
        let (decoded, source) = try read(literal) { reader -> (String, Range<Int>) in
            let token = try reader.readString()
            var bytes: [UInt8] = []
            reader.appendDecoded(token, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == reader.string(token))
            return (reader.string(token), token.sourceRange)
        }
        #expect(decoded == expected)
        #expect(source == 0..<literal.utf8.count)
    }

    /// The eight-byte scan must stop at a quote, backslash or control byte in any lane and at any tail length.
    @Test func specialBytesAreFoundAtEveryOffset() throws {
        for length in 0..<20 {
            for special in ["\"", "\\n", "\u{01}", "\u{1F}"] {
                let text = "\"" + String(repeating: "é", count: length / 2) + String(repeating: "a", count: length % 2) + special + "tail\""
                let result = Result { try read(text) { reader in try reader.readString() } }
                switch special {
                case "\\n": #expect(try result.get().hasEscapes)
                case "\"": #expect(try result.get().end == text.utf8.count - 5)
                default:
                    #expect(throws: JSONSyntaxError.self) { try result.get() }
                }
            }
        }
    }

    @Test(arguments: [
        ("", "expected a value at byte 0") as (String, String),
        ("[1,]", "unexpected character at byte 3"),
        (#"{"a":1,}"#, "expected a member name at byte 7"),
        (#"{"a" 1}"#, "expected ':' at byte 5"),
        (#"{"a":01}"#, "expected ',' or '}' at byte 6"),
        ("[1 2]", "expected ',' or ']' at byte 3"),
        (#"{"a":1.}"#, "invalid number at byte 5"),
        ("-", "invalid number at byte 0"),
        ("1e", "invalid number at byte 0"),
        (#""\ud800""#, "unpaired surrogate escape at byte 1"),
        (#""\udc00""#, "unpaired surrogate escape at byte 1"),
        (#""\u12g4""#, #"invalid \u escape at byte 1"#),
        (#""\u12""#, #"truncated \u escape at byte 1"#),
        (#""\x""#, "invalid escape at byte 1"),
        ("\"a\u{01}\"", "control character in a string at byte 2"),
        (#""abc"#, "unterminated string at byte 0"),
        ("tru", "truncated literal at byte 0"),
        ("nul!", "invalid literal at byte 0"),
        (#"{"a":1} x"#, "unexpected text after the value at byte 8"),
        (#"{"a":1"#, "unterminated object at byte 6"),
        ("[1", "unterminated array at byte 2"),
    ])
    func malformedDocumentsNameTheProblemAndOffset(text: String, expected: String) {
        #expect(skipError(text)?.description == expected)
    }

    /// Whatever Foundation's parser accepts, the reader accepts, and the other way round (except trailing
    /// commas, which Foundation lets through and RFC 8259 does not: see the malformed documents above).
    @Test func acceptsWhatFoundationAccepts() {
        let documents = [
            "0", "-0", "1.5e+10", "-2E-3", "true", "false", "null", "[]", "{}", "[[[]]]", #"{"a":{"b":[1,{"c":"d"}]}}"#,
            "01", "1.", ".5", "+1", "{,}", #"{"a"}"#, "[true false]", "\"\t\"", "nan", "[1]]",
            " \n\t\r[ 1 , 2 ]\r\n ", #""\/""#,
        ]
        for document in documents {
            let foundation = (try? JSONSerialization.jsonObject(with: Data(document.utf8), options: [.fragmentsAllowed])) != nil
            #expect((skipError(document) == nil) == foundation, "\(document)")
        }
    }

    /// Runs of spaces go eight bytes at a time: every run length, with line breaks and tabs among them, must
    /// stop on the first byte that is not whitespace, also at the end of the input.
    @Test func whitespaceRunsOfEveryLengthAreSkipped() throws {
        for length in 0..<20 {
            for breaker in ["", "\n", "\t", "\r\n"] {
                let whitespace = String(repeating: " ", count: length / 2) + breaker + String(repeating: " ", count: length - length / 2)
                for token in ["1", "x", "\u{01}", ""] {
                    let position = try read(whitespace + token) { reader -> Int in
                        reader.skipWhitespace()
                        return reader.position
                    }
                    #expect(position == whitespace.utf8.count, "\(length) \(breaker.debugDescription) \(token.debugDescription)")
                }
                #expect(skipError("[" + whitespace + "1" + whitespace + "]" + whitespace) == nil)
            }
        }
    }

    @Test func validatedStringsRefuseInvalidUTF8() throws {
        func validated(_ bytes: [UInt8]) throws -> String? {
            try bytes.withUnsafeBufferPointer { buffer in
                var reader = JSONReader(buffer)
                return reader.validatedString(try reader.readString())
            }
        }
        let quote = UInt8(ascii: "\"")
        #expect(try validated([quote] + Array("plain ascii".utf8) + [quote]) == "plain ascii")
        #expect(try validated([quote] + Array("café 日本 🎉".utf8) + [quote]) == "café 日本 🎉")
        #expect(try validated([quote] + Array(#"tab\t\u00e9"#.utf8) + [quote]) == "tab\té")
        #expect(try validated([quote, 0xC3, 0x28, quote]) == nil)
        #expect(try validated([quote, 0x80, quote]) == nil)
        #expect(try validated([quote, 0xED, 0xA0, 0x80, quote]) == nil)  // a surrogate written as UTF-8
        #expect(try validated([quote] + Array(#"\n"#.utf8) + [0xFF, quote]) == nil)
        // `string(_:)` repairs what `validatedString(_:)` refuses.
        let repaired = try [quote, 0xC3, 0x28, quote].withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            return reader.string(try reader.readString())
        }
        #expect(repaired == "\u{FFFD}(")
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(skipError(deep)?.message == "nesting deeper than 64 levels")
    }

    @Test func numbersAreCorrectlyRounded() throws {
        var generator = SystemRandomNumberGenerator()
        var texts = ["0", "-0", "1705333908.125", "0.1", "0.3", "123456789012345", "1234567890123456789", "1e300",
                     "2.2250738585072014e-308", "-9007199254740993", "0.000000000000000000001", "99999999999999999999"]
        for _ in 0..<2_000 {
            let whole = UInt64.random(in: 0...9_999_999_999, using: &generator)
            let fraction = UInt64.random(in: 0...999_999, using: &generator)
            texts.append("\(whole).\(fraction)")
            texts.append("-\(whole % 100_000).\(String(fraction).prefix(3))")
        }
        for text in texts {
            let value = try read(text) { reader in reader.double(try reader.readNumber()) }
            #expect(value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }

    @Test(arguments: [
        ("0", Int64(0)), ("-12", -12), ("9223372036854775807", .max), ("-9223372036854775808", .min),
        ("9223372036854775808", nil), ("1.0", nil), ("1e3", nil),
    ])
    func integersAreExactOrNil(text: String, expected: Int64?) throws {
        #expect(try read(text) { reader in reader.int64(try reader.readNumber()) } == expected)
    }

    @Test func fieldReaderNamesPathsInDecodableWords() throws {
        func failure(_ text: String, _ body: (inout JSONFieldReader) throws -> Void) -> JSONFieldError? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { buffer in
                var json = JSONFieldReader(buffer, documentName: "the event")
                do {
                    try body(&json)
                    return nil
                } catch {
                    return error as? JSONFieldError
                }
            }
        }
        #expect(failure("42") { json in _ = try json.object(at: "") } == JSONFieldError(path: "", reason: "expected an object"))
        #expect(failure("null") { json in _ = try json.string(at: "a.b") } == JSONFieldError(path: "a.b", reason: "expected a string but found null"))
        #expect(failure("\"1\"") { json in _ = try json.double(at: "n") } == JSONFieldError(path: "n", reason: "expected a number"))
        #expect(failure("[1,") { json in
            var array = try json.array(at: "")
            while try json.nextElement(&array) { try json.skipValue() }
        } == JSONFieldError(path: "", reason: "the event is not valid JSON (expected a value at byte 3)"))
    }

    @Test func repeatedStringsAreSharedAndStillCorrect() throws {
        let values = try read(#"["us-east-1","us-east-1","eu-west-1","eu\u002dwest-1","eu-west-1"]"#) { reader -> [String] in
            var cache = JSONRepeatedString()
            var json = JSONFieldReader(reader.bytes, documentName: "the list")
            var array = try json.array(at: "")
            var values: [String] = []
            while try json.nextElement(&array) { values.append(try json.string(at: "", reusing: &cache)) }
            return values
        }
        #expect(values == ["us-east-1", "us-east-1", "eu-west-1", "eu-west-1", "eu-west-1"])
    }
}
