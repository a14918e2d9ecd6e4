import Foundation
import LambdaEvents
import LambdaRuntime
import Testing

@testable import KinesisTransform

struct KinesisEventParserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["kinesis-clickstream.json", "kinesis-mixed-bad.json", "kinesis-clickstream-hours.json", "kinesis-clickstream-poison.json"])
    func readsTheSampleEventsExactlyAsJSONDecoderDoes(file: String) throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("events").appendingPathComponent(file))
        let expected = try JSONDecoder().decode(KinesisEvent.self, from: data).records
        let parsed = try KinesisEventParser.records(from: data)
        #expect(parsed == expected)
        #expect(!parsed.isEmpty)
    }

    @Test func escapesAndOptionalFieldsAreHandled() throws {
        let json = #"""
            {"Records":[{"kinesis":{"partitionKey":"p\u00e9","sequenceNumber":"12","data":"e30=","approximateArrivalTimestamp":1.5e9,
             "encryptionType":null},"eventSource":"aws:kinesis","eventID":"shardId-000000000001:12","awsRegion":"eu-west-1",
             "eventSourceARN":"arn:aws:kinesis:eu-west-1:1:stream/s"}]}
            """#
        let records = try KinesisEventParser.records(from: Data(json.utf8))
        #expect(records.count == 1)
        #expect(records[0].kinesis.partitionKey == "pé")
        #expect(records[0].shardId == "shardId-000000000001")
        #expect(records[0].kinesis.approximateArrivalTimestamp == 1.5e9)
        #expect(records[0].eventVersion == nil)
        #expect(try KinesisEventParser.records(from: Data(#"{"Records":[]}"#.utf8)).isEmpty)
    }

    @Test(arguments: [
        (#"{"Records":[{"kinesis":{}}]}"#, "Records[0].eventID: missing"),
        (#"{"records":[]}"#, "Records: missing; this is not a Kinesis event"),
        (#"{"Records":{}}"#, "Records: expected a JSON array at byte 0"),
        (#"{"Records":[1]}"#, "Records[0]: expected a JSON object, found a number at byte 0"),
        (#"{"Records":[{"kinesis":{"partitionKey":"p","sequenceNumber":"1","data":"","approximateArrivalTimestamp":1},"eventSource":"aws:kinesis","eventID":"nocolon","awsRegion":"r","eventSourceARN":"a"}]}"#,
         #"Records[0].eventID: "nocolon" is not of the form <shard id>:<sequence number>"#),
        (#"{"Records":[{"kinesis":{"partitionKey":5,"sequenceNumber":"1","data":"","approximateArrivalTimestamp":1},"eventSource":"aws:kinesis","eventID":"s:1","awsRegion":"r","eventSourceARN":"a"}]}"#,
         "Records[0].kinesis.partitionKey: expected a string"),
        ("{\"Records\":[", "the event is not valid JSON: expected a value at byte 12"),
    ])
    func malformedEventsNameTheField(json: String, message: String) {
        let error = #expect(throws: InvalidEventError.self) { try KinesisEventParser.records(from: Data(json.utf8)) }
        #expect(error?.errorMessage == message)
    }
}
