import Clickstream
import Testing

@testable import AthenaPartitions

struct PartitionKeyParserTests {
    let events = PartitionedTable(name: "clickstream_events", prefix: "events/", scheme: .hourly)
    let daily = PartitionedTable(name: "ga4_daily", prefix: "ga4/curated/", scheme: .daily)
    var parser: PartitionKeyParser { PartitionKeyParser(tables: [events, daily]) }

    @Test func hourlyAndDailyKeysGiveTheirPartitions() {
        let hourly = parser.parse(key: "events/year=2024/month=01/day=15/hour=13/shardId-000000000000-4964.snappy.parquet")
        #expect(hourly == .partition(table: events, TablePartition(value: .hour(HourPartition(year: 2024, month: 1, day: 15, hour: 13)!))))
        guard case .partition(_, let partition) = hourly else { return }
        #expect(partition.values == ["2024", "01", "15", "13"])
        #expect(partition.location(bucket: "data-bucket", table: events) == "s3://data-bucket/events/year=2024/month=01/day=15/hour=13/")
        let day = parser.parse(key: "ga4/curated/dt=2024-02-29/property-1.parquet")
        guard case .partition(let table, let dayPartition) = day else { Issue.record("\(day)"); return }
        #expect(table == daily)
        #expect(dayPartition.path == "dt=2024-02-29")
    }

    @Test func keysOutsideEveryPrefixAreUnrelated() {
        #expect(parser.parse(key: "failed/dt=2024-01-15/x.jsonl") == .unrelated)
        #expect(parser.parse(key: "eventsx/year=2024/month=01/day=15/hour=13/a.parquet") == .unrelated)
    }

    @Test(arguments: [
        ("events/year=2024/month=01/day=15/hour=13'; DROP TABLE x; --/a.parquet", "key contains a quote"),
        ("events/year=2024/month=01/day=15/hour=13/a'b.parquet", "key contains a quote"),
        ("events/year=2024/month=01/day=15/hour=1;3/a.parquet", "key contains a quote"),
        ("events/year=2024/month=01/day=15/../hour=13/a.parquet", "key has a . or .. segment"),
        ("events/year=2024/month=01/day=15/hour=13/../../a.parquet", "key has a . or .. segment"),
        ("events/year=2024/month=13/day=15/hour=13/a.parquet", "2024-13-15 is not a calendar date"),
        ("events/year=2023/month=02/day=29/hour=13/a.parquet", "2023-2-29 is not a calendar date"),
        ("events/year=2024/month=01/day=15/hour=24/a.parquet", "hour 24 is outside 00...23"),
        ("events/year=1999/month=01/day=15/hour=13/a.parquet", "year 1999 is outside 2000...2199"),
        ("events/year=2024/month=1/day=15/hour=13/a.parquet", "partition directories must be"),
        ("events/year=２０２４/month=01/day=15/hour=13/a.parquet", "non-ASCII"),
        ("events/year=2024/month=01/day=15/hour=+1/a.parquet", "partition directories must be"),
        ("events/year=2024/month=01/day=15/a.parquet", "expected year=YYYY/month=MM/day=DD/hour=HH/<file> under events/"),
        ("events/year=2024/month=01/day=15/hour=13/", "key names a directory"),
        ("events/year=2024/month=01/day=15/hour=13/_SUCCESS", "hidden file"),
        ("events/year=2024/month=01/day=15/hour=13/x/a.parquet", "expected year=YYYY"),
        ("ga4/curated/dt=2024-1-15/a.parquet", "dt=YYYY-MM-DD"),
        ("ga4/curated/dt=2024-02-30/a.parquet", "2024-2-30 is not a calendar date"),
        ("ga4/curated/dt=2024-02-03\\/a.parquet", "backslash"),
    ])
    func hostileAndMalformedKeysAreSkippedWithTheirReason(key: String, reason: String) {
        guard case .skipped(let found) = parser.parse(key: key) else {
            Issue.record("\(key) was not skipped: \(parser.parse(key: key))")
            return
        }
        #expect(found.contains(reason), "\(found)")
    }
}
