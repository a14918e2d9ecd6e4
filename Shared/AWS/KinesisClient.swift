import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct KinesisRecord: Sendable, Equatable {
    public var data: Data
    public var partitionKey: String
    public var explicitHashKey: String?

    public init(data: Data, partitionKey: String, explicitHashKey: String? = nil) {
        self.data = data
        self.partitionKey = partitionKey
        self.explicitHashKey = explicitHashKey
    }
}

/// Where a record landed.
public struct KinesisPutResult: Sendable, Equatable {
    public var sequenceNumber: String
    public var shardID: String
}

/// A record read back from a shard.
public struct KinesisStoredRecord: Sendable, Equatable {
    public var sequenceNumber: String
    public var partitionKey: String
    public var data: Data
    /// Seconds since the epoch, with millisecond precision.
    public var approximateArrivalTimestamp: Double
}

/// Amazon Kinesis Data Streams (JSON 1.1): PutRecords for the local producer and the benchmarks; reading a
/// shard range back for re-drives.
public struct KinesisClient: Sendable {
    public let client: AWSClient

    public init(configuration: AWSConfiguration, http: HTTPClient) {
        client = AWSClient(service: .kinesis, configuration: configuration, http: http)
    }

    private struct Input: Encodable {
        struct Entry: Encodable { var Data: Data; var PartitionKey: String; var ExplicitHashKey: String? }
        var StreamName: String
        var Records: [Entry]
    }

    private struct Output: Decodable {
        struct Entry: Decodable { var SequenceNumber: String?; var ShardId: String?; var ErrorCode: String?; var ErrorMessage: String? }
        var FailedRecordCount: Int?
        var Records: [Entry]
    }

    /// Puts records, 500 per call. PutRecords answers 200 even when some records failed: those are sent again
    /// with backoff, and records still failing after the retry budget are thrown as `.partialFailure` naming
    /// each record's index. Results come back in input order.
    public func putRecords(stream: String, records: [KinesisRecord]) async throws(AWSError) -> [KinesisPutResult] {
        var results = [KinesisPutResult?](repeating: nil, count: records.count)
        var failures: [AWSError.PartialFailure] = []
        for index in records.indices where records[index].partitionKey.isEmpty || records[index].partitionKey.count > 256 {
            throw AWSError(
                kind: .invalidRequest, service: "Kinesis", operation: "PutRecords", code: "InvalidArgument",
                message: "record \(index): partition key must be 1 to 256 characters", resource: "stream \(stream)")
        }
        var batchStart = 0
        while batchStart < records.count {
            var pending = Array(batchStart..<min(batchStart + 500, records.count))
            batchStart += 500
            var attempt = 0
            while !pending.isEmpty {
                attempt += 1
                let input = Input(
                    StreamName: stream,
                    Records: pending.map { .init(Data: records[$0].data, PartitionKey: records[$0].partitionKey, ExplicitHashKey: records[$0].explicitHashKey) })
                let output: Output = try await client.jsonCall("PutRecords", input, resource: "stream \(stream)")
                guard output.Records.count == pending.count else {
                    throw client.invalidResponse(
                        "PutRecords", resource: "stream \(stream)", "\(output.Records.count) results for \(pending.count) records")
                }
                var retry: [Int] = []
                for (index, entry) in zip(pending, output.Records) {
                    if let sequence = entry.SequenceNumber, let shard = entry.ShardId, entry.ErrorCode == nil {
                        results[index] = KinesisPutResult(sequenceNumber: sequence, shardID: shard)
                    } else if attempt < client.retry.maxAttempts {
                        retry.append(index)
                    } else {
                        failures.append(.init(item: "record \(index)", code: entry.ErrorCode ?? "Unknown", message: entry.ErrorMessage ?? ""))
                    }
                }
                pending = retry
                if !pending.isEmpty { try? await Task.sleep(for: client.retry.backoff(retry: attempt)) }
            }
        }
        guard failures.isEmpty else {
            throw AWSError(
                kind: .partialFailure, service: "Kinesis", operation: "PutRecords", status: 200, code: failures[0].code,
                message: "\(failures.count) of \(records.count) records were not written", resource: "stream \(stream)",
                partialFailures: failures)
        }
        return results.map { $0! }
    }

    /// An iterator at exactly `sequenceNumber` in `shard`.
    public func shardIterator(stream: String, shard: String, atSequenceNumber sequenceNumber: String) async throws(AWSError) -> String {
        struct Input: Encodable {
            var StreamName: String; var ShardId: String; var ShardIteratorType = "AT_SEQUENCE_NUMBER"; var StartingSequenceNumber: String
        }
        struct Output: Decodable { var ShardIterator: String }
        let output: Output = try await client.jsonCall(
            "GetShardIterator", Input(StreamName: stream, ShardId: shard, StartingSequenceNumber: sequenceNumber),
            resource: "stream \(stream) shard \(shard)")
        return output.ShardIterator
    }

    /// One page of records from an iterator, and the iterator of the next page (nil once the shard is closed
    /// and read to its end).
    public func records(iterator: String, limit: Int = 10_000) async throws(AWSError) -> (records: [KinesisStoredRecord], next: String?, millisBehindLatest: Int?) {
        struct Input: Encodable { var ShardIterator: String; var Limit: Int }
        struct Output: Decodable {
            struct Record: Decodable { var SequenceNumber: String; var PartitionKey: String; var Data: Data; var ApproximateArrivalTimestamp: Double? }
            var Records: [Record]
            var NextShardIterator: String?
            var MillisBehindLatest: Int?
        }
        let output: Output = try await client.jsonCall("GetRecords", Input(ShardIterator: iterator, Limit: min(max(limit, 1), 10_000)))
        let records = output.Records.map {
            KinesisStoredRecord(
                sequenceNumber: $0.SequenceNumber, partitionKey: $0.PartitionKey, data: $0.Data,
                approximateArrivalTimestamp: $0.ApproximateArrivalTimestamp ?? 0)
        }
        return (records, output.NextShardIterator, output.MillisBehindLatest)
    }
}
