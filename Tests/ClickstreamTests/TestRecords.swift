import CZlib
import Foundation
import Clickstream
import LambdaEvents
import Testing

/// Builds Kinesis records the way Lambda delivers them.
enum TestRecords {
    /// 2024-01-15T13:05:15Z, the arrival time of the sample batches.
    static let arrival: Double = 1_705_323_915.0

    static func record(
        _ payload: [UInt8], sequence: String = "49648253425186254392563617043231590617634201624871904839",
        shard: String = "shardId-000000000000", arrival: Double = arrival
    ) -> KinesisEventRecord {
        record(base64: Data(payload).base64EncodedString(), sequence: sequence, shard: shard, arrival: arrival)
    }

    static func record(json: String, sequence: String = "49648253425186254392563617043231590617634201624871904839",
                       shard: String = "shardId-000000000000") -> KinesisEventRecord {
        record(Array(json.utf8), sequence: sequence, shard: shard)
    }

    static func record(base64: String, sequence: String = "1", shard: String = "shardId-000000000000", arrival: Double = arrival)
        -> KinesisEventRecord
    {
        KinesisEventRecord(
            kinesis: KinesisRecord(partitionKey: "p", sequenceNumber: sequence, data: base64, approximateArrivalTimestamp: arrival),
            shardId: shard, awsRegion: "us-east-1", eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/clickstream")
    }

    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: czlib_gzip_bound(bytes.count))
        var error = [CChar](repeating: 0, count: 256)
        let count = czlib_gzip_compress(bytes, bytes.count, &output, output.count, 6, &error, error.count)
        precondition(count > 0, "gzip failed")
        return Array(output.prefix(count))
    }
}

extension ClickstreamRecordDecoder {
    /// The one outcome of a plain (not aggregated) record.
    func plain(_ record: KinesisEventRecord) -> Result<WebEvent, RejectedRecord> {
        switch decode(record) {
        case .event(let event): return .success(event)
        case .rejected(let rejected): return .failure(rejected)
        case .aggregate(let outcomes):
            Issue.record("a plain record decoded as an aggregate of \(outcomes.count)")
            return outcomes[0]
        }
    }
}
