import Clickstream
import Foundation
import LambdaEvents
import LambdaRuntime
import Testing
import TestSupport

@testable import KinesisTransform

struct BatchPlanTests {
    let layout = ClickstreamKeyLayout(eventsPrefix: "events/", failedPrefix: "failed/")

    func record(_ json: String, sequence: String, shard: String = "shardId-000000000000") -> KinesisEventRecord {
        KinesisEventRecord(
            kinesis: KinesisRecord(partitionKey: "p", sequenceNumber: sequence, data: Data(json.utf8).base64EncodedString(),
                                   approximateArrivalTimestamp: 1_705_330_000),
            shardId: shard, awsRegion: "us-east-1", eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/s")
    }

    func event(_ seconds: Int) -> String { #"{"session_id":"s","event_type":"click","timestamp":\#(seconds)}"# }

    @Test func rowsAreGroupedByShardAndHourKeyedByTheirFirstSequenceNumber() throws {
        let hour13 = 1_705_323_600, hour14 = 1_705_327_200
        let plan = try BatchPlan(records: [
            record(event(hour13 + 5), sequence: "100"),
            record(event(hour14 + 5), sequence: "101"),
            record("not json", sequence: "102"),
            record(event(hour13 + 9), sequence: "103"),
            record(event(hour14 + 1), sequence: "104", shard: "shardId-000000000001"),
        ], decoder: ClickstreamRecordDecoder(), layout: layout)
        #expect(plan.groups.map(\.key) == [
            "events/year=2024/month=01/day=15/hour=13/shardId-000000000000-100.snappy.parquet",
            "events/year=2024/month=01/day=15/hour=14/shardId-000000000000-101.snappy.parquet",
            "failed/dt=2024-01-15/shardId-000000000000-102.jsonl",
            "events/year=2024/month=01/day=15/hour=14/shardId-000000000001-104.snappy.parquet",
        ])
        #expect(plan.groups.map(\.first.text) == ["100", "101", "102", "104"])
        #expect(plan.groups.map(\.last.text) == ["103", "101", "102", "104"])
        #expect(plan.groups.map(\.recordCount) == [2, 1, 1, 1])
        #expect(plan.eventCount == 4)
        #expect(plan.rejected.map(\.sequenceNumber) == ["102"])
    }

    @Test func aReDeliveryFromTheCheckpointRegroupsUnderTheSameKeys() throws {
        // Records 1…6 alternate between two hours; a re-delivery from 3 (the first record of no group) must not
        // produce keys for groups that started earlier, and groups starting at or after 3 keep their keys.
        let hour13 = 1_705_323_600, hour14 = 1_705_327_200
        let records = (1...6).map { record(event(($0 <= 2 ? hour13 : hour14) + $0), sequence: String($0)) }
        let full = try BatchPlan(records: records, decoder: ClickstreamRecordDecoder(), layout: layout)
        let redelivered = try BatchPlan(records: Array(records.dropFirst(2)), decoder: ClickstreamRecordDecoder(), layout: layout)
        #expect(full.groups.map(\.key).last == redelivered.groups.map(\.key).first)
        let shorter = try BatchPlan(records: Array(records.dropFirst(2).prefix(2)), decoder: ClickstreamRecordDecoder(), layout: layout)
        #expect(shorter.groups.map(\.key) == [full.groups[1].key])
    }

    @Test func aMalformedSequenceNumberFailsTheInvocationNamingTheRecord() {
        #expect(throws: InvalidEventError.self) {
            try BatchPlan(records: [record(event(1_705_323_600), sequence: "12; rm")], decoder: ClickstreamRecordDecoder(), layout: layout)
        }
        let error = try? #require(throws: InvalidEventError.self) {
            try BatchPlan(records: [record(event(1_705_323_600), sequence: "1", shard: "shard/../../x")],
                          decoder: ClickstreamRecordDecoder(), layout: layout)
        }
        #expect(error?.errorMessage.hasPrefix("Records[0].eventID: shard id") == true)
    }

    /// The shard id is checked once per run of records from the same shard; a change of shard, even to one
    /// whose id extends the previous one, is read and checked again.
    @Test func everyChangeOfShardIsReadAndChecked() throws {
        let plan = try BatchPlan(records: [
            record(event(1_705_323_600), sequence: "1", shard: "shardId-1"),
            record(event(1_705_323_601), sequence: "2", shard: "shardId-12"),
            record(event(1_705_323_602), sequence: "3", shard: "shardId-1"),
        ], decoder: ClickstreamRecordDecoder(), layout: layout)
        #expect(plan.groups.map(\.shardID) == ["shardId-1", "shardId-12"])
        #expect(plan.groups.map(\.recordCount) == [2, 1])
        let error = try? #require(throws: InvalidEventError.self) {
            try BatchPlan(records: [
                record(event(1_705_323_600), sequence: "1"),
                record(event(1_705_323_601), sequence: "2", shard: "shardId-000000000000;x"),
            ], decoder: ClickstreamRecordDecoder(), layout: layout)
        }
        #expect(error?.errorMessage.hasPrefix("Records[1].eventID: shard id") == true)
    }

    /// A batch large enough to be decoded on several threads groups exactly as one decoded record by record.
    @Test func aParallelDecodedBatchGroupsInBatchOrder() throws {
        let count = ParallelDecoding.minimumParallelCount * 2 + 17
        let records = (0..<count).map { index in
            index % 97 == 0
                ? record("not json \(index)", sequence: String(1_000 + index))
                : record(event(1_705_323_600 + index % 1_800), sequence: String(1_000 + index))
        }
        let plan = try BatchPlan(records: records, decoder: ClickstreamRecordDecoder(), layout: layout)
        var rows: [String] = []
        var rejected: [String] = []
        for group in plan.groups {
            switch group.content {
            case .events(_, let events): rows += events.map(\.sequenceNumber)
            case .rejected(let records): rejected += records.map(\.sequenceNumber)
            }
        }
        let expectedRejected = (0..<count).filter { $0 % 97 == 0 }.map { String(1_000 + $0) }
        let expectedRows = (0..<count).filter { $0 % 97 != 0 }.map { String(1_000 + $0) }
        #expect(rejected.count == expectedRejected.count)
        #expect(rejected.elementsEqual(expectedRejected))
        #expect(rows.count == expectedRows.count)
        #expect(rows.elementsEqual(expectedRows), "first difference at \(Array(zip(rows, expectedRows)).firstIndex { $0 != $1 } ?? -1)")
        #expect(plan.recordCount == count)
    }

    /// An aggregate's user records join the groups of their hours under the aggregate's sequence number, and a
    /// re-delivery of the same records regroups them under the same keys.
    @Test func aggregatedUserRecordsJoinTheirHoursGroupsUnderTheirRecordsSequenceNumber() throws {
        let hour13 = 1_705_323_600, hour14 = 1_705_327_200
        let aggregate = KPLAggregateBuilder.aggregate([
            Array(event(hour13 + 1).utf8), Array(event(hour14 + 1).utf8), Array("not json".utf8), Array(event(hour13 + 2).utf8),
        ])
        let aggregated = KinesisEventRecord(
            kinesis: KinesisRecord(partitionKey: "p", sequenceNumber: "101", data: Data(aggregate).base64EncodedString(),
                                   approximateArrivalTimestamp: 1_705_330_000),
            shardId: "shardId-000000000000", awsRegion: "us-east-1", eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/s")
        let records = [record(event(hour14 + 5), sequence: "100"), aggregated, record(event(hour13 + 9), sequence: "102")]
        let plan = try BatchPlan(records: records, decoder: ClickstreamRecordDecoder(), layout: layout)
        #expect(plan.groups.map(\.key) == [
            "events/year=2024/month=01/day=15/hour=14/shardId-000000000000-100.snappy.parquet",
            "events/year=2024/month=01/day=15/hour=13/shardId-000000000000-101.snappy.parquet",
            "failed/dt=2024-01-15/shardId-000000000000-101.jsonl",
        ])
        #expect(plan.groups.map(\.last.text) == ["101", "102", "101"])
        var rows: [String] = []
        for group in plan.groups { if case .events(_, let events) = group.content { rows += events.map { "\($0.sequenceNumber)/\($0.subSequenceNumber ?? -1)" } } }
        #expect(rows == ["100/-1", "101/1", "101/0", "101/3", "102/-1"])
        #expect(plan.rejected.map(\.subSequenceNumber) == [2])
        #expect(plan.recordCount == 3)
        #expect(plan.eventCount == 5)

        let again = try BatchPlan(records: records, decoder: ClickstreamRecordDecoder(), layout: layout)
        #expect(again.groups.map(\.key) == plan.groups.map(\.key))
        let fromAggregate = try BatchPlan(records: Array(records.dropFirst()), decoder: ClickstreamRecordDecoder(), layout: layout)
        #expect(fromAggregate.groups.map(\.key).contains(plan.groups[1].key))
    }
}
