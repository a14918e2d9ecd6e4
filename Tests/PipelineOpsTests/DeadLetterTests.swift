import Foundation
import LambdaEvents
import Testing

@testable import PipelineOps

struct DeadLetterTests {
    /// The record a Kinesis event source mapping sends its on-failure destination, as AWS documents it.
    static let kinesisFailureBody = """
        {"requestContext":{"requestId":"c9b8fa9f-5a7f-4a2b-af9c-0c604cde93a5",\
        "functionArn":"arn:aws:lambda:eu-west-1:123456789012:function:KinesisTransform","condition":"RetryAttemptsExhausted",\
        "approximateInvokeCount":6},"responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},\
        "version":"1.0","timestamp":"2024-01-15T13:00:06.021Z","KinesisBatchInfo":{"shardId":"shardId-000000000001",\
        "startSequenceNumber":"49601189658422359378836298521827638475320189012309704722",\
        "endSequenceNumber":"49601189658422359378836298522902373528957594348623495186",\
        "approximateArrivalOfFirstRecord":"2024-01-15T13:00:04.835Z","approximateArrivalOfLastRecord":"2024-01-15T13:00:05.580Z",\
        "batchSize":500,"streamArn":"arn:aws:kinesis:eu-west-1:123456789012:stream/clickstream-Stream-1AB"}}
        """

    @Test func aKinesisFailureRecordNamesTheBatchRange() throws {
        guard case .kinesisBatch(let batch) = try DeadLetterRedrive.DeadLetter(body: Self.kinesisFailureBody) else {
            Issue.record("read as an event")
            return
        }
        #expect(batch.shardId == "shardId-000000000001")
        #expect(batch.startSequenceNumber == "49601189658422359378836298521827638475320189012309704722")
        #expect(batch.endSequenceNumber == "49601189658422359378836298522902373528957594348623495186")
        #expect(batch.batchSize == 500)
        #expect(batch.streamName == "clickstream-Stream-1AB")
        #expect(batch.region == "eu-west-1")
    }

    @Test func anAsynchronousDeadLetterIsTheOriginalEvent() throws {
        let body = #"{"version":"0","detail-type":"Object Created","source":"aws.s3","detail":{"bucket":{"name":"b"},"object":{"key":"events/x"}}}"#
        guard case .event(let data) = try DeadLetterRedrive.DeadLetter(body: body) else {
            Issue.record("read as a Kinesis batch")
            return
        }
        #expect(String(decoding: data, as: UTF8.self) == body)
    }

    @Test func anOnFailureDestinationRecordGivesBackTheRequestPayload() throws {
        let body = #"{"version":"1.0","timestamp":"2024-01-15T13:00:06.021Z","requestContext":{"requestId":"r","#
            + #""functionArn":"arn:aws:lambda:us-east-1:123456789012:function:S3Validation:$LATEST","condition":"RetriesExhausted","#
            + #""approximateInvokeCount":3},"requestPayload":{"detail-type":"Object Created","detail":{"object":{"key":"incoming/a.csv"}}},"#
            + #""responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},"#
            + #""responsePayload":{"errorType":"AWSError","errorMessage":"S3 refused"}}"#
        guard case .event(let data) = try DeadLetterRedrive.DeadLetter(body: body) else {
            Issue.record("read as a Kinesis batch")
            return
        }
        #expect(String(decoding: data, as: UTF8.self) == #"{"detail":{"object":{"key":"incoming/a.csv"}},"detail-type":"Object Created"}"#)
    }

    @Test(arguments: ["not json", "[1,2]", "\"text\"", ""])
    func aBodyThatIsNoJSONObjectIsRefused(_ body: String) {
        #expect(throws: OperationError.self) { try DeadLetterRedrive.DeadLetter(body: body) }
    }

    @Test func aStreamARNWithoutAStreamHasNoName() {
        let batch = KinesisFailureDestinationRecord.BatchInfo(
            shardId: "shardId-0", startSequenceNumber: "1", endSequenceNumber: "2", streamArn: "arn:aws:kinesis:us-east-1:123456789012:table/x")
        #expect(batch.streamName == nil)
        #expect(batch.region == "us-east-1")
    }

    @Test func functionErrorsAndPartialFailuresAreNotSuccesses() {
        #expect(FunctionInvoker.batchItemFailures(Data(#"{"batchItemFailures":[{"itemIdentifier":"42"}]}"#.utf8)) == ["42"])
        #expect(FunctionInvoker.batchItemFailures(Data(#"{"batchItemFailures":[]}"#.utf8)) == [])
        #expect(FunctionInvoker.batchItemFailures(Data(#"{"registered":{}}"#.utf8)) == nil)
        #expect(FunctionInvoker.errorSummary(Data(#"{"errorType":"InvalidEvent","errorMessage":"Records[0]: missing"}"#.utf8))
            == "InvalidEvent: Records[0]: missing")
        #expect(FunctionInvoker.errorSummary(Data("plain text".utf8)) == "plain text")
    }
}

struct QuarantineRequeueTests {
    @Test func aQuarantinedFileGoesBackUnderTheSameRelativeKey() {
        #expect(QuarantineRequeue.incomingKey(for: "quarantine/orders/2024/a.csv.gz", quarantinePrefix: "quarantine/", incomingPrefix: "incoming/")
            == "incoming/orders/2024/a.csv.gz")
    }

    @Test(arguments: ["quarantine/orders/a.csv.validation.json", "quarantine/", "quarantine/orders/", "validated/orders/a.csv"])
    func reportsFoldersAndOtherKeysStay(_ key: String) {
        #expect(QuarantineRequeue.incomingKey(for: key, quarantinePrefix: "quarantine/", incomingPrefix: "incoming/") == nil)
    }
}
