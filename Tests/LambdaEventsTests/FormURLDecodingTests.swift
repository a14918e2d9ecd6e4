import Foundation
import LambdaEvents
import Testing

@Suite struct FormURLDecodingTests {
    private struct Vector: Decodable {
        let key: String
        let encoded: String
        let decodeOnly: Bool?
    }

    private struct VectorFile: Decodable {
        let vectors: [Vector]
    }

    @Test func decodesEveryOracleVector() throws {
        let file = try JSONDecoder().decode(VectorFile.self, from: TestData.fixture("s3-key-vectors.json"))
        #expect(file.vectors.count > 300)
        for vector in file.vectors {
            #expect(try FormURLDecoding.decode(vector.encoded) == vector.key, "decoding \(vector.encoded)")
        }
    }

    @Test func encodesLikeTheOracle() throws {
        let file = try JSONDecoder().decode(VectorFile.self, from: TestData.fixture("s3-key-vectors.json"))
        for vector in file.vectors where vector.decodeOnly != true {
            #expect(FormURLEncoding.encode(vector.key) == vector.encoded, "encoding \(vector.key)")
        }
    }

    @Test(arguments: [
        ("red+flower.jpg", "red flower.jpg"),
        ("this+im+%2B+age+blah.txt", "this im + age blah.txt"),
        ("caf%C3%A9", "café"),
        ("caf%c3%a9", "café"),
        ("raw/dt%3D2024-01-15/part%3A1.json", "raw/dt=2024-01-15/part:1.json"),
        ("100%25+done", "100% done"),
        ("%F0%9F%9A%80", "🚀"),
        ("already/plain_key-1.json", "already/plain_key-1.json"),
        ("", ""),
    ])
    func decodesFormEncoding(encoded: String, expected: String) throws {
        #expect(try FormURLDecoding.decode(encoded) == expected)
    }

    @Test(arguments: [
        ("%", 0, "\"%\""),
        ("abc%4", 3, "\"%4\""),
        ("a%G1b", 1, "\"%G1\""),
        ("%%41", 0, "\"%%4\""),
        ("ok%2Bthen%2", 9, "\"%2\""),
    ])
    func rejectsMalformedEscapes(encoded: String, offset: Int, quotedEscape: String) {
        #expect {
            try FormURLDecoding.decode(encoded)
        } throws: { error in
            guard let error = error as? FormURLDecodingError else { return false }
            return error.problem == .malformedEscape && error.offset == offset && error.encoded == encoded
                && error.description.contains(quotedEscape) && error.description.contains("\"\(encoded)\"")
        }
    }

    @Test(arguments: ["%C3", "caf%C3%28", "%FF", "%ED%A0%80"])
    func rejectsEscapesThatAreNotUTF8(encoded: String) {
        #expect(throws: FormURLDecodingError(encoded: encoded, offset: nil, problem: .invalidUTF8)) {
            try FormURLDecoding.decode(encoded)
        }
    }

    @Test func errorMessageNamesTheKey() {
        let error = FormURLDecodingError(encoded: "uploads/50%off.csv", offset: 10, problem: .malformedEscape)
        #expect(error.description == "malformed percent-escape \"%of\" at byte 10 of \"uploads/50%off.csv\"")
    }
}
