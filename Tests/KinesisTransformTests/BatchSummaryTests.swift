import Clickstream
import Foundation
import LambdaEvents
import Testing

@testable import KinesisTransform

struct BatchSummaryTests {
    func record(_ text: String, sequence: String) -> KinesisEventRecord {
        KinesisEventRecord(
            kinesis: KinesisRecord(partitionKey: "p", sequenceNumber: sequence, data: Data(text.utf8).base64EncodedString(),
                                   approximateArrivalTimestamp: 1_705_330_000),
            shardId: "shardId-000000000000", awsRegion: "us-east-1", eventSourceARN: "arn:aws:kinesis:us-east-1:1:stream/s")
    }

    @Test func countsRejectionsByCodeAndNamesFailedObjectsAndTheCheckpoint() throws {
        let plan = try BatchPlan(records: [
            record(#"{"session_id":"s","event_type":"click","timestamp":1705323600}"#, sequence: "1"),
            record("nope", sequence: "2"),
            record(#"{"event_type":"click","timestamp":1705323600}"#, sequence: "3"),
            record(#"{"session_id":"s","event_type":"click","timestamp":1705327200}"#, sequence: "4"),
        ], decoder: ClickstreamRecordDecoder(), layout: ClickstreamKeyLayout(eventsPrefix: "events/", failedPrefix: "failed/"))
        let failed = try #require(plan.groups.last)
        let summary = BatchSummary(plan: plan, failedGroups: [(failed, "503 SlowDown")], checkpoints: [failed.first], bucket: "data")
        #expect(summary.subject == "Clickstream: 1 objects not written, batch to be re-delivered")
        #expect(summary.rejectedCount == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(summary.json.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 4)
        #expect(object["events"] as? Int == 2)
        #expect(object["rejectedByCode"] as? [String: Int] == ["MISSING_FIELD": 1, "NOT_JSON": 1])
        #expect(object["rejectedObjects"] as? [String] == ["s3://data/failed/dt=2024-01-15/shardId-000000000000-2.jsonl"])
        #expect(object["redeliverFrom"] as? [String] == ["4"])
        let failedObjects = try #require(object["failedObjects"] as? [[String: Any]])
        #expect(failedObjects.first?["key"] as? String == "events/year=2024/month=01/day=15/hour=14/shardId-000000000000-4.snappy.parquet")
        #expect(failedObjects.first?["error"] as? String == "503 SlowDown")
    }
}
