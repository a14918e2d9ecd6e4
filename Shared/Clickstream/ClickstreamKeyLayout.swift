/// Where KinesisTransform writes in the data bucket. Every key is a function of the rows it holds, never of the
/// clock or the invocation, so writing the same rows again replaces the object instead of adding a copy:
///
///     <events prefix>year=2024/month=01/day=15/hour=13/<shard id>-<first sequence number>.snappy.parquet
///     <failed prefix>dt=2024-01-15/<shard id>-<first sequence number>.jsonl
///
/// The first sequence number is that of the first row of the hour (or of the first rejected record) in the
/// batch; the last one is deliberately not in the key, because a re-delivered batch may end elsewhere (Lambda
/// bisects and re-batches), and a key that changed with the end would leave the old object beside the new one.
public struct ClickstreamKeyLayout: Sendable, Equatable {
    /// Ends in `/` (or is empty); validated by the configuration.
    public let eventsPrefix: String
    public let failedPrefix: String

    public init(eventsPrefix: String, failedPrefix: String) {
        self.eventsPrefix = eventsPrefix
        self.failedPrefix = failedPrefix
    }

    public func eventsKey(hour: HourPartition, shardID: String, firstSequenceNumber: SequenceNumber) -> String {
        "\(eventsPrefix)\(hour.path)/\(shardID)-\(firstSequenceNumber.text).snappy.parquet"
    }

    /// The directory of an hour, as registered in the catalog: `<events prefix>year=…/hour=HH/`.
    public func eventsDirectory(hour: HourPartition) -> String {
        "\(eventsPrefix)\(hour.path)/"
    }

    /// Rejected records, by the UTC date their first record arrived.
    public func failedKey(arrivalMilliseconds: Int64, shardID: String, firstSequenceNumber: SequenceNumber) -> String {
        let date = HourPartition(millisecondsSinceEpoch: arrivalMilliseconds).date
        return "\(failedPrefix)dt=\(date.isoText)/\(shardID)-\(firstSequenceNumber.text).jsonl"
    }
}
