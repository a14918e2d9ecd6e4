import AWS
import Clickstream
import Foundation
import LambdaEvents

/// Reads a shard's records from one sequence number to another (both included) and shapes them as the
/// Kinesis event Lambda would have delivered, so a batch Lambda gave up on can be handed to the function again.
struct KinesisRangeReader: Sendable {
    let kinesis: KinesisClient
    /// Pages read before giving up on reaching the end of the range (an empty page can precede data).
    var maximumPages = 1_000

    func event(for batch: KinesisFailureDestinationRecord.BatchInfo) async throws -> Data {
        guard let stream = batch.streamName, let region = batch.region else {
            throw OperationError("\(batch.streamArn) is not a Kinesis stream ARN")
        }
        guard ShardID.isValid(batch.shardId), let start = SequenceNumber(batch.startSequenceNumber),
            let end = SequenceNumber(batch.endSequenceNumber), start <= end
        else {
            throw OperationError(
                "the batch range \(batch.shardId) \(batch.startSequenceNumber)…\(batch.endSequenceNumber) is not a valid shard and sequence range")
        }
        var iterator: String?
        do {
            iterator = try await kinesis.shardIterator(stream: stream, shard: batch.shardId, atSequenceNumber: start.text)
        } catch {
            throw OperationError(
                "cannot read \(batch.shardId) of \(stream) from \(start.text) (past the stream's retention?): \(error.description)")
        }
        var records: [KinesisEventRecord] = []
        var pages = 0
        reading: while let current = iterator, pages < maximumPages {
            pages += 1
            let page = try await kinesis.records(iterator: current)
            for record in page.records {
                guard let sequence = SequenceNumber(record.sequenceNumber) else { continue }
                if sequence > end { break reading }
                records.append(
                    KinesisEventRecord(
                        kinesis: LambdaEvents.KinesisRecord(
                            partitionKey: record.partitionKey, sequenceNumber: record.sequenceNumber,
                            data: record.data.base64EncodedString(), approximateArrivalTimestamp: record.approximateArrivalTimestamp),
                        shardId: batch.shardId, awsRegion: region, eventSourceARN: batch.streamArn))
                if sequence == end { break reading }
            }
            if page.records.isEmpty && (page.millisBehindLatest ?? 0) == 0 { break }
            iterator = page.next
        }
        guard records.first?.sequenceNumber == start.text else {
            throw OperationError("the record \(start.text) of \(batch.shardId) is no longer on \(stream) (past the retention period?)")
        }
        return try JSONEncoder().encode(KinesisEvent(records: records))
    }
}
