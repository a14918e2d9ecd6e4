import Clickstream
import Testing

@testable import AthenaPartitions

struct AthenaPartitionRegistrarTests {
    @Test func oneStatementAddsEveryPartitionOfATable() {
        let table = PartitionedTable(name: "clickstream_events", prefix: "events/", scheme: .hourly)
        let statement = AthenaPartitionRegistrar.statement(
            [TablePartition(value: .hour(HourPartition(year: 2024, month: 1, day: 15, hour: 13)!)),
             TablePartition(value: .hour(HourPartition(year: 2024, month: 1, day: 15, hour: 14)!))],
            of: table, database: "clickstream", bucket: "data-bucket")
        #expect(statement == """
            ALTER TABLE `clickstream`.`clickstream_events` ADD IF NOT EXISTS
              PARTITION (year = '2024', month = '01', day = '15', hour = '13') LOCATION 's3://data-bucket/events/year=2024/month=01/day=15/hour=13/'
              PARTITION (year = '2024', month = '01', day = '15', hour = '14') LOCATION 's3://data-bucket/events/year=2024/month=01/day=15/hour=14/'
            """)
    }

    @Test func dailyTablesUseTheDtColumn() {
        let table = PartitionedTable(name: "ga4_daily", prefix: "ga4/curated/", scheme: .daily)
        let day = CivilDate(daysSinceEpoch: CivilDate.daysSinceEpoch(year: 2024, month: 2, day: 29)!)
        let statement = AthenaPartitionRegistrar.statement([TablePartition(value: .day(day))], of: table, database: "db", bucket: "b-1")
        #expect(statement.hasSuffix("PARTITION (dt = '2024-02-29') LOCATION 's3://b-1/ga4/curated/dt=2024-02-29/'"))
    }
}
