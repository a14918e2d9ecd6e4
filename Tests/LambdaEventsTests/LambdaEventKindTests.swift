import Foundation
import LambdaEvents
import Testing

@Suite struct LambdaEventKindTests {
    @Test(arguments: [
        ("kinesis-clickstream.json", LambdaEventKind.kinesis),
        ("kinesis-mixed-bad.json", .kinesis),
        ("s3-put-parquet.json", .s3Notification),
        ("s3-put-hostile-key.json", .s3Notification),
        ("s3-put-upload-csv.json", .s3Notification),
        ("s3-put-redshift-unload.json", .s3Notification),
        ("eventbridge-s3-object-created.json", .s3ViaEventBridge(detailType: "Object Created")),
        ("eventbridge-scheduled.json", .scheduled),
        ("eventbridge-register-data-flow.json", .eventBridge(source: "analytics.pipeline", detailType: "RegisterDataFlow")),
    ])
    func recognisesSampleEvents(file: String, expected: LambdaEventKind) throws {
        #expect(try LambdaEventKind.detect(TestData.sampleEvent(file)) == expected)
    }

    @Test func acceptsRawBytes() throws {
        let bytes = [UInt8](try TestData.sampleEvent("eventbridge-scheduled.json"))
        #expect(try LambdaEventKind.detect(bytes) == .scheduled)
        #expect(try S3ObjectNotification.decode(from: [UInt8](TestData.sampleEvent("s3-put-parquet.json"))).objects.count == 1)
    }

    @Test func recognisesSchedulerAndOtherSources() throws {
        #expect(try LambdaEventKind.detect(TestData.fixture("eventbridge-scheduler-string-detail.json")) == .scheduled)
        #expect(try LambdaEventKind.detect(TestData.fixture("eventbridge-s3-object-deleted.json")) == .s3ViaEventBridge(detailType: "Object Deleted"))
        let sqs = #"{"Records":[{"messageId":"059f36b4","receiptHandle":"AQEB","body":"{}","eventSource":"aws:sqs","awsRegion":"us-east-1"}]}"#
        #expect(try LambdaEventKind.detect(TestData.json(sqs)) == .sqs)
        let sns = #"{"Records":[{"EventSource":"aws:sns","EventVersion":"1.0","Sns":{"Message":"{}"}}]}"#
        #expect(try LambdaEventKind.detect(TestData.json(sns)) == .otherRecords(eventSource: "aws:sns"))
    }

    @Test(arguments: [
        ("not json", "", "the event is not valid JSON"),
        ("[1,2]", "", "expected an object"),
        ("{}", "", "neither a Records batch nor an EventBridge event"),
        (#"{"source":"aws.events"}"#, "", "neither a Records batch nor an EventBridge event"),
        (#"{"Records":[]}"#, "Records", "Records is empty"),
        (#"{"Records":[{"s3":{}}]}"#, "Records[0].eventSource", "required field is missing"),
    ])
    func rejectsUnknownShapes(payload: String, path: String, reasonPrefix: String) {
        #expect {
            try LambdaEventKind.detect(TestData.json(payload))
        } throws: { error in
            guard let error = error as? LambdaEventDecodingError else { return false }
            return error.eventType == "event" && error.path == path && error.reason.hasPrefix(reasonPrefix)
        }
    }
}
