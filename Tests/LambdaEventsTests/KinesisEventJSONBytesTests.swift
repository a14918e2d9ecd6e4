import Foundation
import JSONText
import LambdaEvents
import Testing

/// `KinesisEvent(jsonBytes:)` (what the runtime and `LambdaEventDecoder` use) against `Decodable` (what any
/// other caller may use): the same events from the same documents, and the same field named on failure.
@Suite struct KinesisEventJSONBytesTests {
    func viaBytes(_ data: Data) -> Result<KinesisEvent, JSONFieldError> {
        Array(data).withUnsafeBufferPointer { buffer in
            Result { () throws(JSONFieldError) in try KinesisEvent(jsonBytes: buffer) }
        }
    }

    func viaDecodable(_ data: Data) -> Result<KinesisEvent, LambdaEventDecodingError> {
        Result { () throws(LambdaEventDecodingError) in
            do {
                return try JSONDecoder().decode(KinesisEvent.self, from: data)
            } catch let error as DecodingError {
                throw LambdaEventDecodingError(eventType: "KinesisEvent", decodingError: error)
            } catch {
                throw LambdaEventDecodingError(eventType: "KinesisEvent", path: "", reason: "\(error)")
            }
        }
    }

    @Test(arguments: ["kinesis-clickstream.json", "kinesis-mixed-bad.json", "kinesis-clickstream-poison.json", "kinesis-clickstream-hours.json"])
    func sampleEventsDecodeAlike(name: String) throws {
        let data = try TestData.sampleEvent(name)
        let fast = try viaBytes(data).get()
        #expect(fast == (try viaDecodable(data).get()))
        #expect(!fast.records.isEmpty)
    }

    @Test func theTumblingWindowFixtureDecodesAlike() throws {
        let data = try TestData.fixture("kinesis-tumbling-window.json")
        #expect(try viaBytes(data).get() == (try viaDecodable(data).get()))
    }

    @Test func escapesUnknownMembersAndWhitespaceDecodeAlike() throws {
        let record = """
        { "ignored": [1, {"x": null}], "kinesis" : { "partitionKey" : "p\\u00e9\\/q", "sequenceNumber":"49",
          "data":"SGk=", "approximateArrivalTimestamp": 1.5e9, "encryptionType": null, "extra": {} },
          "eventSource":"aws:kinesis", "eventVersion": null, "eventID":"shardId-1:49", "awsRegion":"eu-west-1",
          "eventSourceARN":"arn:aws:kinesis:eu-west-1:1:stream/s" }
        """
        let data = Data(#"{"other":true,"Records":[\#(record),\#(record)]}"#.utf8)
        let fast = try viaBytes(data).get()
        #expect(fast == (try viaDecodable(data).get()))
        #expect(fast.records[1].kinesis.partitionKey == "pé/q")
        #expect(fast.records[0].kinesis.approximateArrivalTimestamp == 1.5e9)
    }

    /// Every field removed, nulled and given the wrong kind of value, in turn: both readers fail (or both
    /// succeed, for optional fields) and name the same path.
    @Test func brokenFieldsAreNamedAlike() throws {
        let fields = ["kinesis", "eventSource", "eventVersion", "eventID", "eventName", "invokeIdentityArn", "awsRegion",
                      "eventSourceARN", "kinesisSchemaVersion", "partitionKey", "sequenceNumber", "data",
                      "approximateArrivalTimestamp", "encryptionType"]
        let template: [String: Any] = [
            "kinesis": ["kinesisSchemaVersion": "1.0", "partitionKey": "p", "sequenceNumber": "4959", "data": "SGk=",
                        "approximateArrivalTimestamp": 1_480_641_523.477, "encryptionType": "KMS"],
            "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": "shardId-000000000000:4959",
            "eventName": "aws:kinesis:record", "invokeIdentityArn": "arn:aws:iam::1:role/r", "awsRegion": "us-east-1",
            "eventSourceARN": "arn:aws:kinesis:us-east-1:1:stream/s",
        ]
        var checked = 0
        for field in fields {
            for replacement: Any? in [nil, NSNull(), 42, "text", [1]] {
                var record = template
                var kinesis = record["kinesis"] as! [String: Any]
                if field == "kinesis" || kinesis[field] == nil {
                    record[field] = replacement
                } else {
                    kinesis[field] = replacement
                    record["kinesis"] = kinesis
                }
                let good = template
                let data = try JSONSerialization.data(withJSONObject: ["Records": [good, good, record]])
                let fast = viaBytes(data)
                let decodable = viaDecodable(data)
                switch (fast, decodable) {
                case (.success(let a), .success(let b)):
                    #expect(a == b, "\(field) = \(String(describing: replacement))")
                case (.failure(let a), .failure(let b)):
                    #expect(a.path == b.path, "\(field) = \(String(describing: replacement))")
                    #expect(a.path.hasPrefix("Records[2]"))
                default:
                    Issue.record("\(field) = \(String(describing: replacement)): bytes \(fast), Decodable \(decodable)")
                }
                checked += 1
            }
        }
        #expect(checked == fields.count * 5)
    }

    @Test func arrivalTimesADoubleCannotHoldAreNamed() {
        let record = KinesisEventTests.recordJSON(data: #""SGk=""#).replacingOccurrences(of: "1480641523.477", with: "1e999")
        guard case .failure(let error) = viaBytes(Data(#"{"Records":[\#(record)]}"#.utf8)) else {
            Issue.record("1e999 accepted")
            return
        }
        #expect(error == JSONFieldError(path: "Records[0].kinesis.approximateArrivalTimestamp", reason: "the number 1e999 does not fit a Double"))
    }

    @Test func documentsThatAreNotKinesisBatchesFailAlike() throws {
        for text in ["", "[]", "{}", #"{"Records":{}}"#, #"{"Records":[1]}"#, #"{"Records":[]"#, #"{"Records":[]} x"#,
                     #"{"Records":[{"eventID":"nocolon"}]}"#] {
            let data = Data(text.utf8)
            guard case .failure(let fast) = viaBytes(data), case .failure(let decodable) = viaDecodable(data) else {
                Issue.record("\(text): accepted")
                continue
            }
            #expect(fast.path == decodable.path, "\(text): \(fast) vs \(decodable)")
        }
        #expect(try viaBytes(Data(#"{"Records":[]}"#.utf8)).get() == KinesisEvent(records: []))
    }
}
