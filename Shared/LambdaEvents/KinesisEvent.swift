#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The batch a Kinesis event source mapping hands to the function.
///
/// Record payloads stay base64 text until asked for: a batch of 10,000 records decodes without copying
/// every payload twice, and one record that is not base64 fails on its own instead of failing the batch.
public struct KinesisEvent: Codable, Equatable, Sendable {
    public var records: [KinesisEventRecord]

    public init(records: [KinesisEventRecord]) {
        self.records = records
    }

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}

/// One record of a Kinesis batch: the Kinesis payload and where it came from.
public struct KinesisEventRecord: Codable, Equatable, Sendable {
    public var kinesis: KinesisRecord
    /// `aws:kinesis`.
    public var eventSource: String
    public var eventVersion: String?
    /// `<shard id>:<sequence number>`, e.g. `shardId-000000000000:4956…`.
    public var eventID: String
    /// `aws:kinesis:record`.
    public var eventName: String?
    public var invokeIdentityArn: String?
    public var awsRegion: String
    public var eventSourceARN: String

    public init(
        kinesis: KinesisRecord, eventSource: String = "aws:kinesis", eventVersion: String? = "1.0",
        shardId: String, eventName: String? = "aws:kinesis:record", invokeIdentityArn: String? = nil,
        awsRegion: String, eventSourceARN: String
    ) {
        self.kinesis = kinesis
        self.eventSource = eventSource
        self.eventVersion = eventVersion
        self.eventID = "\(shardId):\(kinesis.sequenceNumber)"
        self.eventName = eventName
        self.invokeIdentityArn = invokeIdentityArn
        self.awsRegion = awsRegion
        self.eventSourceARN = eventSourceARN
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kinesis = try container.decode(KinesisRecord.self, forKey: .kinesis)
        eventSource = try container.decode(String.self, forKey: .eventSource)
        eventVersion = try container.decodeIfPresent(String.self, forKey: .eventVersion)
        eventID = try container.decode(String.self, forKey: .eventID)
        eventName = try container.decodeIfPresent(String.self, forKey: .eventName)
        invokeIdentityArn = try container.decodeIfPresent(String.self, forKey: .invokeIdentityArn)
        awsRegion = try container.decode(String.self, forKey: .awsRegion)
        eventSourceARN = try container.decode(String.self, forKey: .eventSourceARN)
        guard Self.shardSeparator(in: eventID) != nil else {
            throw DecodingError.dataCorruptedError(forKey: .eventID, in: container, debugDescription: Self.malformedEventID(eventID))
        }
    }

    /// A record as read from an event, `eventID` as delivered.
    init(
        kinesis: KinesisRecord, eventSource: String, eventVersion: String?, eventID: String, eventName: String?,
        invokeIdentityArn: String?, awsRegion: String, eventSourceARN: String
    ) {
        self.kinesis = kinesis
        self.eventSource = eventSource
        self.eventVersion = eventVersion
        self.eventID = eventID
        self.eventName = eventName
        self.invokeIdentityArn = invokeIdentityArn
        self.awsRegion = awsRegion
        self.eventSourceARN = eventSourceARN
    }

    /// The shard id is only carried inside eventID, before its first colon; nil when there is none to read.
    static func shardSeparator(in eventID: String) -> String.Index? {
        guard let colon = eventID.utf8.firstIndex(of: UInt8(ascii: ":")), colon != eventID.startIndex else { return nil }
        return colon
    }

    static func malformedEventID(_ eventID: String) -> String {
        "\"\(eventID)\" is not of the form <shard id>:<sequence number>"
    }

    /// The shard the record was read from, e.g. `shardId-000000000000`.
    public var shardId: String {
        String(eventID[..<(eventID.utf8.firstIndex(of: UInt8(ascii: ":")) ?? eventID.endIndex)])
    }

    /// The record's sequence number: the identifier to report in a partial batch failure.
    public var sequenceNumber: String { kinesis.sequenceNumber }

    /// When Kinesis accepted the record.
    public var approximateArrivalTime: Date {
        Date(timeIntervalSince1970: kinesis.approximateArrivalTimestamp)
    }

    /// The record's bytes, decoded from base64.
    public func decodedData() throws(KinesisRecordDataError) -> Data {
        guard let data = Data(base64Encoded: kinesis.data) else {
            throw KinesisRecordDataError(
                sequenceNumber: kinesis.sequenceNumber, shardId: shardId, base64Length: kinesis.data.utf8.count)
        }
        return data
    }
}

/// The `kinesis` object of a record.
public struct KinesisRecord: Codable, Equatable, Sendable {
    public var kinesisSchemaVersion: String?
    public var partitionKey: String
    /// Decimal string of up to 128 digits; compare and store it as text.
    public var sequenceNumber: String
    /// The record bytes, base64-encoded.
    public var data: String
    /// Seconds since 1970 with a fraction (milliseconds in practice).
    public var approximateArrivalTimestamp: Double
    /// `KMS` for server-side encrypted streams (Lambda receives the decrypted bytes).
    public var encryptionType: String?
    /// Not part of AWS's event: set by `pipeline-ops resubmit-failed` on a user record that was rejected out of a
    /// KPL aggregate, so that, re-submitted alone, it keeps the index (and row identity) it had in the aggregate.
    public var subSequenceNumber: Int64?

    public init(
        kinesisSchemaVersion: String? = "1.0", partitionKey: String, sequenceNumber: String, data: String,
        approximateArrivalTimestamp: Double, encryptionType: String? = nil, subSequenceNumber: Int64? = nil
    ) {
        self.kinesisSchemaVersion = kinesisSchemaVersion
        self.partitionKey = partitionKey
        self.sequenceNumber = sequenceNumber
        self.data = data
        self.approximateArrivalTimestamp = approximateArrivalTimestamp
        self.encryptionType = encryptionType
        self.subSequenceNumber = subSequenceNumber
    }
}

/// A record whose `data` is not valid base64; names the record, never its content.
public struct KinesisRecordDataError: Error, Equatable, Sendable, CustomStringConvertible {
    public let sequenceNumber: String
    public let shardId: String
    public let base64Length: Int

    public var description: String {
        "Kinesis record \(sequenceNumber) on \(shardId): data is not valid base64 (\(base64Length) characters)"
    }
}
