import Testing

@testable import Clickstream

struct ClickstreamKeyLayoutTests {
    let layout = ClickstreamKeyLayout(eventsPrefix: "events/", failedPrefix: "failed/")

    @Test func eventKeysNameTheHourShardAndFirstSequenceNumber() throws {
        let hour = HourPartition(millisecondsSinceEpoch: 1_705_323_911_000)
        let key = layout.eventsKey(hour: hour, shardID: "shardId-000000000001", firstSequenceNumber: try #require(SequenceNumber("4964")))
        #expect(key == "events/year=2024/month=01/day=15/hour=13/shardId-000000000001-4964.snappy.parquet")
        #expect(layout.eventsDirectory(hour: hour) == "events/year=2024/month=01/day=15/hour=13/")
    }

    @Test func failedKeysAreByArrivalDate() throws {
        let key = layout.failedKey(arrivalMilliseconds: 1_705_363_200_000, shardID: "shardId-000000000000",
                                   firstSequenceNumber: try #require(SequenceNumber("77")))
        #expect(key == "failed/dt=2024-01-16/shardId-000000000000-77.jsonl")
    }

    @Test func bucketNamesAreChecked() {
        #expect(BucketName.isValid("clickstream-data.test"))
        #expect(!BucketName.isValid("Upper"))
        #expect(!BucketName.isValid("a..b"))
        #expect(!BucketName.isValid("ab"))
        #expect(!BucketName.isValid("x'; DROP TABLE"))
    }
}
