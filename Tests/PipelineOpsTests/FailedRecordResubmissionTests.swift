import Foundation
import LambdaEvents
import Testing

@testable import PipelineOps

struct FailedRecordResubmissionTests {
    static let lines = """
        {"shard_id":"shardId-000000000000","sequence_number":"49648253425186254392563617043231590617634201624871000003",\
        "arrival_time_ms":1705338000000,"error_code":"INVALID_FIELD","reason":"timestamp: too old","data_base64":"eyJhIjoxfQ=="}
        {"shard_id":"shardId-000000000000","sequence_number":"49648253425186254392563617043231590617634201624871000007",\
        "arrival_time_ms":1705338000123,"error_code":"NOT_JSON","reason":"byte 0","data_base64":"bm90IGpzb24="}

        """

    @Test func theEventCarriesEveryRecordWithItsOriginalBytesShardAndSequence() throws {
        let (data, count) = try FailedRecordResubmission.kinesisEvent(
            Data(Self.lines.utf8), source: "s3://b/failed/x.jsonl", streamARN: "arn:aws:kinesis:us-east-1:123456789012:stream/s",
            region: "us-east-1")
        #expect(count == 2)
        let event = try JSONDecoder().decode(KinesisEvent.self, from: data)
        #expect(event.records.map(\.sequenceNumber) == [
            "49648253425186254392563617043231590617634201624871000003", "49648253425186254392563617043231590617634201624871000007",
        ])
        #expect(event.records.map(\.shardId) == ["shardId-000000000000", "shardId-000000000000"])
        #expect(event.records.map(\.kinesis.data) == ["eyJhIjoxfQ==", "bm90IGpzb24="])
        #expect(event.records.map(\.kinesis.approximateArrivalTimestamp) == [1_705_338_000, 1_705_338_000.123])
        #expect(event.records.allSatisfy { $0.eventSourceARN == "arn:aws:kinesis:us-east-1:123456789012:stream/s" && $0.awsRegion == "us-east-1" })
    }

    @Test func aUserRecordRejectedOutOfAKPLAggregateKeepsItsIndex() throws {
        let line = #"{"shard_id":"shardId-000000000001","sequence_number":"49648253425186254392563617043231590617634201624871000009","sub_sequence_number":3,"arrival_time_ms":1705338000000,"data_base64":"eyJhIjoxfQ=="}"#
        let (data, _) = try FailedRecordResubmission.kinesisEvent(
            Data((Self.lines + line + "\n").utf8), source: "k", streamARN: "arn:aws:kinesis:us-east-1:123456789012:stream/s", region: "us-east-1")
        // Both decoders the function may use read it the same way.
        let event = try JSONDecoder().decode(KinesisEvent.self, from: data)
        #expect(event.records.map(\.kinesis.subSequenceNumber) == [nil, nil, 3])
        let bytes = try Array(data).withUnsafeBufferPointer { try KinesisEvent(jsonBytes: $0) }
        #expect(bytes.records.map(\.kinesis.subSequenceNumber) == [nil, nil, 3])
    }

    @Test func aLineThatIsNoRejectedRecordIsNamed() {
        let body = Self.lines + "{\"shard_id\":\"x\"}\n"
        #expect {
            try FailedRecordResubmission.kinesisEvent(Data(body.utf8), source: "s3://b/k", streamARN: "arn", region: "r")
        } throws: { error in
            "\(error)".hasPrefix("s3://b/k line 3: not a rejected-record line")
        }
    }

    @Test func aMalformedShardOrSequenceIsRefused() {
        let body = #"{"shard_id":"../x","sequence_number":"1","arrival_time_ms":0,"data_base64":""}"#
        #expect {
            try FailedRecordResubmission.kinesisEvent(Data(body.utf8), source: "k", streamARN: "arn", region: "r")
        } throws: { error in "\(error)" == "k line 1: shard id or sequence number is malformed" }
    }

    @Test func anEmptyObjectIsAnError() {
        #expect(throws: OperationError.self) {
            try FailedRecordResubmission.kinesisEvent(Data("\n\n".utf8), source: "k", streamARN: "arn", region: "r")
        }
    }

    @Test func daysCoverTheRangeInclusively() throws {
        #expect(try FailedRecordResubmission.days(from: "2024-02-27", to: "2024-03-01") == ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"])
        #expect(try FailedRecordResubmission.days(from: "2024-01-15", to: "2024-01-15") == ["2024-01-15"])
    }

    @Test(arguments: [("2024-01-16", "2024-01-15"), ("2024-02-30", "2024-03-01"), ("2024-1-1", "2024-01-02"), ("2023-01-01", "2024-12-31")])
    func badRangesAreRefused(_ range: (String, String)) {
        #expect(throws: OperationError.self) { try FailedRecordResubmission.days(from: range.0, to: range.1) }
    }
}
