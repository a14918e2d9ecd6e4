import Clickstream

/// One partition of a table, from validated values only: what the registrars turn into DDL or a Glue call.
struct TablePartition: Sendable, Hashable {
    enum Value: Sendable, Hashable {
        case hour(HourPartition)
        case day(CivilDate)
    }

    let value: Value

    /// Partition column names, in table order.
    var names: [String] {
        switch value {
        case .hour: ["year", "month", "day", "hour"]
        case .day: ["dt"]
        }
    }

    /// Values as the catalog stores them (strings), in the order of `names`.
    var values: [String] {
        switch value {
        case .hour(let hour): hour.values
        case .day(let date): [date.isoText]
        }
    }

    /// `year=2024/month=01/day=15/hour=13` or `dt=2024-01-15`.
    var path: String {
        zip(names, values).map { "\($0)=\($1)" }.joined(separator: "/")
    }

    func location(bucket: String, table: PartitionedTable) -> String {
        "s3://\(bucket)/\(table.prefix)\(path)/"
    }
}
