#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Clickstream
import LambdaEvents
import LambdaRuntime

/// What one Kinesis batch turns into: one object per (shard, UTC hour) of good rows and one per shard of
/// rejected records, each keyed by the first sequence number it holds (see `ClickstreamKeyLayout`). The user
/// records of a KPL aggregate are rows like any other; they share their Kinesis record's sequence number and
/// are told apart by their sub-sequence number.
struct BatchPlan {
    enum Content {
        case events(HourPartition, [WebEvent])
        case rejected([RejectedRecord])
    }

    /// One object to write, with the sequence range of the records it holds.
    struct Group {
        let key: String
        let shardID: String
        let first: SequenceNumber
        let last: SequenceNumber
        let content: Content

        var recordCount: Int {
            switch content {
            case .events(_, let events): events.count
            case .rejected(let records): records.count
            }
        }
    }

    let groups: [Group]
    let recordCount: Int

    var eventCount: Int {
        var count = 0
        for group in groups { if case .events(_, let rows) = group.content { count += rows.count } }
        return count
    }

    var rejected: [RejectedRecord] {
        var records: [RejectedRecord] = []
        for group in groups { if case .rejected(let rejected) = group.content { records += rejected } }
        return records
    }

    /// Decodes every record and groups the results. Rows keep the batch's order (Kinesis order within a shard).
    ///
    /// A record whose shard id or sequence number is malformed is not data but a broken event: the whole
    /// invocation fails, naming the record, because such a record can neither be keyed nor reported.
    init(records: [KinesisEventRecord], decoder: ClickstreamRecordDecoder, layout: ClickstreamKeyLayout) throws(InvalidEventError) {
        struct GroupKey: Hashable { let shard: String; let hour: HourPartition? }
        var order: [GroupKey] = []
        var events: [GroupKey: [WebEvent]] = [:]
        var rejected: [GroupKey: [RejectedRecord]] = [:]
        var bounds: [GroupKey: (first: SequenceNumber, last: SequenceNumber)] = [:]

        // A batch from an event source mapping comes from one shard: its id is read and checked once.
        var shards: [String] = []
        var sequences: [SequenceNumber] = []
        shards.reserveCapacity(records.count)
        sequences.reserveCapacity(records.count)
        var knownShard: String?
        for (index, record) in records.enumerated() {
            if let knownShard, Self.eventID(record.eventID, isOn: knownShard) {
                shards.append(knownShard)
            } else {
                let shard = record.shardId
                guard ShardID.isValid(shard) else {
                    throw InvalidEventError("Records[\(index)].eventID: shard id \"\(shard.prefix(64))\" is not a Kinesis shard id")
                }
                knownShard = shard
                shards.append(shard)
            }
            guard let sequence = SequenceNumber(record.sequenceNumber) else {
                throw InvalidEventError("Records[\(index)].kinesis.sequenceNumber: \"\(record.sequenceNumber.prefix(64))\" is not a sequence number")
            }
            sequences.append(sequence)
        }

        let shardOfRecord = shards
        let decoded = ParallelDecoding.map(count: records.count) { index in
            decoder.decode(records[index], shardID: shardOfRecord[index])
        }
        for (index, result) in decoded.enumerated() {
            let shard = shards[index]
            let sequence = sequences[index]
            // Each outcome joins its group; a group's bounds are Kinesis sequence numbers, so an aggregate whose
            // user records fall in several hours belongs to each of their groups, and is re-delivered whole.
            func place(_ outcome: Result<WebEvent, RejectedRecord>) {
                let key: GroupKey
                switch outcome {
                case .success(let event):
                    key = GroupKey(shard: shard, hour: event.hour)
                    events[key, default: []].append(event)
                case .failure(let rejection):
                    key = GroupKey(shard: shard, hour: nil)
                    rejected[key, default: []].append(rejection)
                }
                if let known = bounds[key] {
                    bounds[key] = (min(known.first, sequence), max(known.last, sequence))
                } else {
                    bounds[key] = (sequence, sequence)
                    order.append(key)
                }
            }
            switch result {
            case .event(let event): place(.success(event))
            case .rejected(let rejection): place(.failure(rejection))
            case .aggregate(let outcomes): for outcome in outcomes { place(outcome) }
            }
        }

        groups = order.map { key in
            let range = bounds[key]!
            if let hour = key.hour {
                return Group(
                    key: layout.eventsKey(hour: hour, shardID: key.shard, firstSequenceNumber: range.first),
                    shardID: key.shard, first: range.first, last: range.last, content: .events(hour, events[key]!))
            }
            let records = rejected[key]!
            let firstArrival = records.first!.arrivalTimeMilliseconds
            return Group(
                key: layout.failedKey(arrivalMilliseconds: firstArrival, shardID: key.shard, firstSequenceNumber: range.first),
                shardID: key.shard, first: range.first, last: range.last, content: .rejected(records))
        }
        recordCount = records.count
    }

    /// Whether `eventID` is `<shard>:…`.
    private static func eventID(_ eventID: String, isOn shard: String) -> Bool {
        var eventID = eventID
        var shard = shard
        return eventID.withUTF8 { id in
            shard.withUTF8 { prefix in
                id.count > prefix.count && id[prefix.count] == UInt8(ascii: ":")
                    && memcmp(id.baseAddress!, prefix.baseAddress!, prefix.count) == 0
            }
        }
    }
}
