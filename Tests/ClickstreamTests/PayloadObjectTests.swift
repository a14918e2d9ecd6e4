import JSONText
import Testing

@testable import Clickstream

struct PayloadObjectTests {
    /// The payload's known fields (name → source text), its extra_fields, or its problem.
    func read(_ text: String) -> (fields: [String: String], extra: String?, problem: PayloadObject.Problem?) {
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            var reader = JSONReader(bytes)
            do {
                let object = try PayloadObject(reading: &reader)
                var fields: [String: String] = [:]
                for field in PayloadObject.Field.allCases {
                    if let value = object[field] {
                        fields[field.name] = String(decoding: UnsafeBufferPointer(rebasing: bytes[value.source]), as: UTF8.self)
                    }
                }
                return (fields, object.extraFieldsJSON(reader), nil)
            } catch {
                return ([:], nil, error as? PayloadObject.Problem)
            }
        }
    }

    @Test func knownMembersLandInTheirSlotsAndTheRestStaysVerbatim() {
        let result = read(#" { "os" : "Linux", "x\u0079" : [1, {"z": null}], "session_id":"s", "browser":null, "duration_ms":-0.5e1 } "#)
        #expect(result.fields == ["os": #""Linux""#, "session_id": #""s""#, "browser": "null", "duration_ms": "-0.5e1"])
        #expect(result.extra == #"{"x\u0079":[1, {"z": null}]}"#)
    }

    @Test func everyFieldNameIsRecognised() {
        for field in PayloadObject.Field.allCases {
            #expect(read(#"{"\#(field.name)":1}"#).fields == [field.name: "1"], "\(field.name)")
        }
        // Escaped names are the same names.
        #expect(read(#"{"sess\u0069on_id":"s"}"#).fields == ["session_id": #""s""#])
        // Near misses are unknown members.
        #expect(read(#"{"session_ID":"s","o":1,"browsers":2}"#).extra == #"{"session_ID":"s","o":1,"browsers":2}"#)
    }

    @Test func eventTimeIsTheTimestampOnlyWithoutOne() {
        #expect(read(#"{"event_time":5}"#).fields == ["event_time": "5"])
        let both = read(#"{"a":1,"event_time":5,"b":2,"timestamp":6}"#)
        #expect(both.fields == ["timestamp": "6"])
        #expect(both.extra == #"{"a":1,"event_time":5,"b":2}"#)
    }

    @Test(arguments: [
        (#"{"session_id":"s","session_id":"t"}"#, "session_id"),
        (#"{"event_time":1,"event_time":2}"#, "event_time"),
        (#"{"a":1,"b":2,"a":3}"#, "a"),
        (#"{"a":1,"\u0061":3}"#, "a"),
    ])
    func duplicateMembersAreNamed(text: String, name: String) {
        guard case .duplicate(let found)? = read(text).problem else {
            Issue.record("\(text): no duplicate found")
            return
        }
        #expect(found == name)
    }

    /// Many unknown members go through a set, not pairwise comparison; a duplicate is still found.
    @Test func manyUnknownMembersAreCheckedForDuplicates() {
        let members = (0..<5_000).map { #""m\#($0)":\#($0)"# }
        #expect(read("{" + members.joined(separator: ",") + "}").problem == nil)
        guard case .duplicate("m17")? = read("{" + (members + [#""m17":0"#]).joined(separator: ",") + "}").problem else {
            Issue.record("duplicate not found")
            return
        }
    }

    @Test(arguments: [
        ("[1]", "an array"), (#""text""#, "a string"), ("42", "a number"), ("null", "null"), ("true", "a boolean"),
    ])
    func otherValuesAreNotObjects(text: String, kind: String) {
        guard case .notAnObject(let found)? = read(text).problem else {
            Issue.record("\(text) was not refused as a non-object")
            return
        }
        #expect(found == kind)
    }

    @Test(arguments: [
        (#"{"a":1,}"#, "expected a member name at byte 7"),
        (#"{"a":1} x"#, "unexpected text after the object at byte 8"),
        (#"{"a":1,"a":2"#, "unterminated object at byte 12"),
        ("[1,", "expected a value at byte 3"),
    ])
    func brokenDocumentsAreNotJSONEvenWithDuplicates(text: String, message: String) {
        guard case .notJSON(let error)? = read(text).problem else {
            Issue.record("\(text) was not refused as JSON")
            return
        }
        #expect(error.description == message)
    }
}
