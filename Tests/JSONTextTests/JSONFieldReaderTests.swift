import Testing

@testable import JSONText

/// `JSONFieldReader`'s typed reads: values as the model expects them, and errors that name the field's path.
struct JSONFieldReaderTests {
    /// Reads the `n` member of a one-member object.
    func int64(_ json: String) throws(JSONFieldError) -> Int64? {
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(JSONFieldError) -> Int64? in
            var reader = JSONFieldReader(buffer, documentName: "the event")
            var object = try reader.object(at: "")
            _ = try reader.nextMember(&object)
            return try reader.optionalInt64(at: "x.n")
        }
    }

    @Test func optionalInt64ReadsIntegersAndNull() throws {
        #expect(try int64(#"{"n": 3}"#) == 3)
        #expect(try int64(#"{"n": -9223372036854775808}"#) == Int64.min)
        #expect(try int64(#"{"n": null}"#) == nil)
    }

    @Test(arguments: [#"{"n": 1.5}"#, #"{"n": 1e3}"#, #"{"n": 9223372036854775808}"#, #"{"n": "3"}"#])
    func optionalInt64RefusesWhatIsNoInt64(_ json: String) {
        #expect {
            _ = try int64(json)
        } throws: { error in
            (error as? JSONFieldError)?.path == "x.n"
        }
    }
}
