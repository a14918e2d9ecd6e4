import Foundation
import LambdaEvents
import Testing

@testable import Clickstream

struct ClickstreamRecordDecoderTests {
    let decoder = ClickstreamRecordDecoder()

    func event(_ json: String) throws -> WebEvent {
        try decoder.plain(TestRecords.record(json: json)).get()
    }

    func rejection(_ record: KinesisEventRecord) throws -> RejectedRecord {
        switch decoder.plain(record) {
        case .success(let event): Issue.record("expected a rejection, got \(event)"); throw CancellationError()
        case .failure(let rejected): return rejected
        }
    }

    @Test func aCompleteEventBecomesARowWithItsRecordMetadata() throws {
        let row = try event(#"""
            {"event_id":"e-1","session_id":"s-1","user_id":"u-1","event_type":" Page_View ","page_url":"https://x.test/a",
             "referrer":"","timestamp":1705323911,"device_type":"Mobile","browser":"Chrome","os":"Android","country":"ca",
             "duration_ms":99407}
            """#)
        #expect(row == WebEvent(
            eventID: "e-1", sessionID: "s-1", userID: "u-1", eventType: "page_view", pageURL: "https://x.test/a",
            referrer: nil, eventTimeMilliseconds: 1_705_323_911_000, deviceType: "mobile", browser: "Chrome", os: "Android",
            country: "CA", durationMilliseconds: 99407, extraFields: nil, shardID: "shardId-000000000000",
            sequenceNumber: "49648253425186254392563617043231590617634201624871904839",
            arrivalTimeMilliseconds: 1_705_323_915_000))
        #expect(row.hour.path == "year=2024/month=01/day=15/hour=13")
    }

    @Test(arguments: [
        ("1705323911", Int64(1_705_323_911_000)),
        ("1705323911.25", Int64(1_705_323_911_250)),
        ("1705323914198", Int64(1_705_323_914_198)),
        (#""2024-01-15T13:05:20.996Z""#, Int64(1_705_323_920_996)),
        (#""2024-01-15T15:05:20+02:00""#, Int64(1_705_323_920_000)),
        (#""2024-01-15 13:05:20""#, Int64(1_705_323_920_000)),
        (#""1705323914198""#, Int64(1_705_323_914_198)),
    ])
    func timestampsInEveryAcceptedForm(json: String, expected: Int64) throws {
        #expect(try event(#"{"session_id":"s","event_type":"click","timestamp":\#(json)}"#).eventTimeMilliseconds == expected)
    }

    @Test func eventTimeIsTheFallbackTimestampMember() throws {
        let row = try event(#"{"session_id":"s","event_type":"click","event_time":"2024-01-15T13:00:00Z"}"#)
        #expect(row.eventTimeMilliseconds == 1_705_323_600_000)
        #expect(row.extraFields == nil)
    }

    @Test func aMissingUserIDIsTheSessionsStableAnonymousID() throws {
        let first = try event(#"{"session_id":"s-c2f6abaeed04","event_type":"click","timestamp":1705323911}"#)
        let second = try event(#"{"session_id":"s-c2f6abaeed04","user_id":null,"event_type":"scroll","timestamp":1705323912}"#)
        #expect(first.userID == "anon-795ae7e79ee051b856fd18d5f2498110")
        #expect(second.userID == first.userID)
        #expect(try event(#"{"session_id":"other","event_type":"click","timestamp":1705323911}"#).userID != first.userID)
    }

    @Test func aMissingEventIDIsDerivedFromShardAndSequenceNumber() throws {
        let row = try event(#"{"session_id":"s","event_type":"click","timestamp":1705323911}"#)
        #expect(row.eventID == "shardId-000000000000-49648253425186254392563617043231590617634201624871904839")
    }

    @Test func numericIDsBecomeText() throws {
        let row = try event(#"{"session_id":12345,"user_id":42,"event_type":"click","timestamp":1705323911}"#)
        #expect(row.sessionID == "12345")
        #expect(row.userID == "42")
    }

    @Test func unknownMembersAreKeptVerbatimInExtraFields() throws {
        let row = try event(#"{"session_id":"s","campaign":{"id": 7, "tags":["a","b"]},"event_type":"click","price":12.50,"timestamp":1705323911,"note":"caf\u00e9"}"#)
        #expect(row.extraFields == #"{"campaign":{"id": 7, "tags":["a","b"]},"price":12.50,"note":"caf\u00e9"}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(row.extraFields!.utf8)) as? [String: Any]
        #expect(parsed?["note"] as? String == "café")
    }

    @Test func gzipPayloadsAreDecompressed() throws {
        let json = #"{"session_id":"s-gz","event_type":"click","timestamp":1705323911}"#
        let row = try decoder.plain(TestRecords.record(TestRecords.gzip(Array(json.utf8)))).get()
        #expect(row.sessionID == "s-gz")
    }

    @Test(arguments: [
        (#"%%% not base64 %%%"#, RejectedRecord.Code.notBase64, "not valid base64"),
    ])
    func badBase64IsRejected(data: String, code: RejectedRecord.Code, reason: String) throws {
        let rejected = try rejection(TestRecords.record(base64: data))
        #expect(rejected.code == code)
        #expect(rejected.reason.contains(reason))
        #expect(rejected.originalData == data)
    }

    @Test(arguments: [
        ([UInt8]("this is not json".utf8), RejectedRecord.Code.notJSON, "not valid JSON: invalid literal at byte 0"),
        ([UInt8](#"{"event_id": "efcb8dc2"#.utf8), .notJSON, "unterminated string at byte 13"),
        ([UInt8](#"[{"session_id":"s"}]"#.utf8), .notAnObject, "found an array"),
        ([UInt8](#""just text""#.utf8), .notAnObject, "found a string"),
        ([], .notJSON, "payload is empty"),
        ([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFE, 0x00], .badGzip, "gzip payload is truncated"),
        ([UInt8](#"{"session_id":"s"#.utf8) + [0xC3, 0x28] + [UInt8](#"","event_type":"x","timestamp":1705323911}"#.utf8),
         .invalidUTF8, "not valid UTF-8 (first bad byte at offset 16)"),
        ([UInt8](#"{"event_type":"x","timestamp":1705323911}"#.utf8), .missingField, "session_id is missing"),
        ([UInt8](#"{"session_id":"s","event_type":"  ","timestamp":1705323911}"#.utf8), .missingField, "event_type is missing"),
        ([UInt8](#"{"session_id":"s","event_type":"x"}"#.utf8), .missingField, "timestamp is missing"),
        ([UInt8](#"{"session_id":"s","event_type":"x","timestamp":"yesterday afternoon"}"#.utf8), .invalidField,
         #"timestamp: "yesterday afternoon" is not epoch seconds"#),
        ([UInt8](#"{"session_id":"s","event_type":"x","timestamp":1705323911000000}"#.utf8), .invalidField, "outside the accepted window"),
        ([UInt8](#"{"session_id":"s","event_type":"x","timestamp":946684800}"#.utf8), .invalidField,
         "2000-01-01T00:00:00.000Z is outside the accepted window around the arrival time 2024-01-15T13:05:15.000Z"),
        ([UInt8](#"{"session_id":"s","event_type":"x","timestamp":1705323911,"session_id":"t"}"#.utf8), .invalidField,
         #"member "session_id" appears more than once"#),
        ([UInt8](#"{"session_id":"s","event_type":"x","timestamp":1705323911,"browser":5}"#.utf8), .invalidField,
         "browser: expected a string, found a number"),
        ([UInt8](#"{"session_id":"s","event_type":"x","timestamp":1705323911,"duration_ms":-4}"#.utf8), .invalidField,
         "duration_ms: -4 is not a whole number"),
        ([UInt8](#"{"session_id":["s"],"event_type":"x","timestamp":1705323911}"#.utf8), .invalidField,
         "session_id: expected a string, found an array"),
    ])
    func badPayloadsAreRejectedWithTheirReason(payload: [UInt8], code: RejectedRecord.Code, reason: String) throws {
        let record = TestRecords.record(payload)
        let rejected = try rejection(record)
        #expect(rejected.code == code)
        #expect(rejected.reason.contains(reason), "\(rejected.reason)")
        #expect(rejected.originalData == record.kinesis.data)
        #expect(rejected.sequenceNumber == record.sequenceNumber)
    }

    @Test(arguments: [Double.nan, .infinity, 1e300, -1e13])
    func arrivalTimesNoTimestampCanHoldAreRejected(arrival: Double) throws {
        let json = #"{"session_id":"s","event_type":"x","timestamp":1705323911}"#
        let rejected = try rejection(TestRecords.record(Array(json.utf8), arrival: arrival))
        #expect(rejected.code == .invalidField)
        #expect(rejected.reason.hasPrefix("approximateArrivalTimestamp"))
        #expect(rejected.arrivalTimeMilliseconds == 0)
    }

    @Test func oversizedPayloadsAreRejected() throws {
        let small = ClickstreamRecordDecoder(maximumPayloadBytes: 64)
        let json = #"{"session_id":"s","event_type":"x","timestamp":1705323911,"pad":"\#(String(repeating: "p", count: 100))"}"#
        guard case .failure(let plain) = small.plain(TestRecords.record(json: json)) else { Issue.record("expected a rejection"); return }
        #expect(plain.code == .tooLarge)
        #expect(plain.reason == "payload is 167 bytes, over the limit of 64")
        let zipped = small.plain(TestRecords.record(TestRecords.gzip(Array(json.utf8))))
        guard case .failure(let rejected) = zipped else { Issue.record("expected a rejection"); return }
        #expect(rejected.code == .badGzip)
        #expect(rejected.reason == "gzip payload is truncated or decompresses to more than 64 bytes")
    }

    @Test func theRejectionLineIsJSONWithTheOriginalBytes() throws {
        let payload: [UInt8] = [0x7B, 0xFF, 0x7D]
        let rejected = try rejection(TestRecords.record(payload, sequence: "42"))
        let line = rejected.jsonLine
        #expect(line.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["sequence_number"] as? String == "42")
        #expect(object["shard_id"] as? String == "shardId-000000000000")
        #expect(object["error_code"] as? String == "INVALID_UTF8")
        #expect(object["arrival_time_ms"] as? Int == 1_705_323_915_000)
        #expect(Data(base64Encoded: object["data_base64"] as? String ?? "") == Data(payload))
    }

    @Test func theSampleBatchesDecodeAsExpected() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let clean = try JSONDecoder().decode(KinesisEvent.self, from: Data(contentsOf: root.appendingPathComponent("events/kinesis-clickstream.json")))
        #expect(clean.records.allSatisfy { (try? decoder.plain($0).get()) != nil })
        let mixed = try JSONDecoder().decode(KinesisEvent.self, from: Data(contentsOf: root.appendingPathComponent("events/kinesis-mixed-bad.json")))
        let outcomes = mixed.records.map { decoder.plain($0) }
        let codes = outcomes.compactMap { if case .failure(let rejected) = $0 { rejected.code } else { nil } }
        #expect(codes == [.notBase64, .notBase64, .notJSON, .notJSON, .missingField, .invalidField, .notAnObject, .notJSON, .badGzip])
        #expect(outcomes.count - codes.count == 3)
    }
}
