#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a Kinesis event source mapping sends to its on-failure destination (SQS or SNS) when it gives up on a
/// batch: which invocation failed and why, and the shard and sequence-number range of the batch. The records
/// themselves are not in it; they stay on the stream for its retention period.
public struct KinesisFailureDestinationRecord: Codable, Equatable, Sendable {
    public struct RequestContext: Codable, Equatable, Sendable {
        public var requestId: String?
        public var functionArn: String?
        /// `RetryAttemptsExhausted`, `RecordAgeExceeded`, …
        public var condition: String?
        public var approximateInvokeCount: Int?
    }

    public struct ResponseContext: Codable, Equatable, Sendable {
        public var statusCode: Int?
        public var executedVersion: String?
        public var functionError: String?
    }

    public struct BatchInfo: Codable, Equatable, Sendable {
        public var shardId: String
        public var startSequenceNumber: String
        public var endSequenceNumber: String
        public var approximateArrivalOfFirstRecord: String?
        public var approximateArrivalOfLastRecord: String?
        public var batchSize: Int?
        public var streamArn: String

        public init(
            shardId: String, startSequenceNumber: String, endSequenceNumber: String, approximateArrivalOfFirstRecord: String? = nil,
            approximateArrivalOfLastRecord: String? = nil, batchSize: Int? = nil, streamArn: String
        ) {
            self.shardId = shardId
            self.startSequenceNumber = startSequenceNumber
            self.endSequenceNumber = endSequenceNumber
            self.approximateArrivalOfFirstRecord = approximateArrivalOfFirstRecord
            self.approximateArrivalOfLastRecord = approximateArrivalOfLastRecord
            self.batchSize = batchSize
            self.streamArn = streamArn
        }

        /// The stream's name, the last segment of `arn:aws:kinesis:<region>:<account>:stream/<name>`.
        public var streamName: String? {
            let parts = streamArn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[5].hasPrefix("stream/"), parts[5].count > "stream/".count else { return nil }
            return String(parts[5].dropFirst("stream/".count))
        }

        /// The region of the stream, from its ARN.
        public var region: String? {
            let parts = streamArn.split(separator: ":", omittingEmptySubsequences: false)
            return parts.count > 3 && !parts[3].isEmpty ? String(parts[3]) : nil
        }
    }

    public var requestContext: RequestContext?
    public var responseContext: ResponseContext?
    public var version: String?
    public var timestamp: String?
    public var batchInfo: BatchInfo

    public init(batchInfo: BatchInfo, requestContext: RequestContext? = nil, responseContext: ResponseContext? = nil) {
        self.batchInfo = batchInfo
        self.requestContext = requestContext
        self.responseContext = responseContext
    }

    enum CodingKeys: String, CodingKey {
        case requestContext, responseContext, version, timestamp
        case batchInfo = "KinesisBatchInfo"
    }
}
