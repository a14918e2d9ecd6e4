#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An S3 event notification delivered directly to a function (`Records[].s3`).
public struct S3Event: Codable, Equatable, Sendable {
    public var records: [S3EventRecord]

    public init(records: [S3EventRecord]) {
        self.records = records
    }

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}

/// One notification record: what happened (`eventName`), when, and to which object.
public struct S3EventRecord: Codable, Equatable, Sendable {
    /// `2.1` and later.
    public var eventVersion: String?
    /// `aws:s3`.
    public var eventSource: String
    public var awsRegion: String
    /// When S3 finished the request, from the RFC 3339 `eventTime`.
    public var eventTime: Date
    /// E.g. `ObjectCreated:Put`, `ObjectCreated:CompleteMultipartUpload`, `ObjectRemoved:Delete`.
    public var eventName: String
    public var userIdentity: S3UserIdentity?
    public var requestParameters: S3RequestParameters?
    public var responseElements: S3ResponseElements?
    public var s3: S3Entity

    public init(
        eventVersion: String? = "2.1", eventSource: String = "aws:s3", awsRegion: String, eventTime: Date,
        eventName: String, userIdentity: S3UserIdentity? = nil, requestParameters: S3RequestParameters? = nil,
        responseElements: S3ResponseElements? = nil, s3: S3Entity
    ) {
        self.eventVersion = eventVersion
        self.eventSource = eventSource
        self.awsRegion = awsRegion
        self.eventTime = eventTime
        self.eventName = eventName
        self.userIdentity = userIdentity
        self.requestParameters = requestParameters
        self.responseElements = responseElements
        self.s3 = s3
    }

    enum CodingKeys: String, CodingKey {
        case eventVersion, eventSource, awsRegion, eventTime, eventName, userIdentity, requestParameters
        case responseElements, s3
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        eventVersion = try container.decodeIfPresent(String.self, forKey: .eventVersion)
        eventSource = try container.decode(String.self, forKey: .eventSource)
        awsRegion = try container.decode(String.self, forKey: .awsRegion)
        let timeText = try container.decode(String.self, forKey: .eventTime)
        guard let time = RFC3339Timestamp.parse(timeText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .eventTime, in: container, debugDescription: "\"\(timeText)\" is not an RFC 3339 timestamp")
        }
        eventTime = time
        eventName = try container.decode(String.self, forKey: .eventName)
        userIdentity = try container.decodeIfPresent(S3UserIdentity.self, forKey: .userIdentity)
        requestParameters = try container.decodeIfPresent(S3RequestParameters.self, forKey: .requestParameters)
        responseElements = try container.decodeIfPresent(S3ResponseElements.self, forKey: .responseElements)
        s3 = try container.decode(S3Entity.self, forKey: .s3)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(eventVersion, forKey: .eventVersion)
        try container.encode(eventSource, forKey: .eventSource)
        try container.encode(awsRegion, forKey: .awsRegion)
        try container.encode(RFC3339Timestamp.format(eventTime, milliseconds: true), forKey: .eventTime)
        try container.encode(eventName, forKey: .eventName)
        try container.encodeIfPresent(userIdentity, forKey: .userIdentity)
        try container.encodeIfPresent(requestParameters, forKey: .requestParameters)
        try container.encodeIfPresent(responseElements, forKey: .responseElements)
        try container.encode(s3, forKey: .s3)
    }
}

public struct S3UserIdentity: Codable, Equatable, Sendable {
    public var principalId: String

    public init(principalId: String) {
        self.principalId = principalId
    }
}

public struct S3RequestParameters: Codable, Equatable, Sendable {
    public var sourceIPAddress: String

    public init(sourceIPAddress: String) {
        self.sourceIPAddress = sourceIPAddress
    }
}

/// Request ids that AWS support asks for when tracing a request.
public struct S3ResponseElements: Codable, Equatable, Sendable {
    public var requestId: String?
    public var hostId: String?

    public init(requestId: String? = nil, hostId: String? = nil) {
        self.requestId = requestId
        self.hostId = hostId
    }

    enum CodingKeys: String, CodingKey {
        case requestId = "x-amz-request-id"
        case hostId = "x-amz-id-2"
    }
}

/// The `s3` object of a record: bucket and object.
public struct S3Entity: Codable, Equatable, Sendable {
    public var s3SchemaVersion: String?
    /// The id of the bucket's notification configuration that matched.
    public var configurationId: String?
    public var bucket: S3Bucket
    public var object: S3Object

    public init(s3SchemaVersion: String? = "1.0", configurationId: String? = nil, bucket: S3Bucket, object: S3Object) {
        self.s3SchemaVersion = s3SchemaVersion
        self.configurationId = configurationId
        self.bucket = bucket
        self.object = object
    }
}

public struct S3Bucket: Codable, Equatable, Sendable {
    public var name: String
    public var ownerIdentity: S3UserIdentity?
    public var arn: String?

    public init(name: String, ownerIdentity: S3UserIdentity? = nil, arn: String? = nil) {
        self.name = name
        self.ownerIdentity = ownerIdentity
        self.arn = arn
    }
}

/// The object of a notification. S3 form-encodes the key here (`red flower.jpg` arrives as
/// `red+flower.jpg`, `a+b` as `a%2Bb`); `key` is the real key, `encodedKey` the text as delivered.
public struct S3Object: Codable, Equatable, Sendable {
    /// The object key to use with S3 APIs.
    public var key: String
    /// The key exactly as it arrived in the event.
    public var encodedKey: String
    /// Bytes; absent for deletions.
    public var size: Int64?
    /// Hex MD5 (or multipart ETag) without quotes; absent for deletions.
    public var eTag: String?
    /// Present on versioned buckets.
    public var versionId: String?
    /// Hex string ordering the events of one key: compare after left-padding to equal length.
    public var sequencer: String?

    /// Builds an object from its real key; the delivered form is derived from it.
    public init(key: String, size: Int64? = nil, eTag: String? = nil, versionId: String? = nil, sequencer: String? = nil) {
        self.key = key
        self.encodedKey = FormURLEncoding.encode(key)
        self.size = size
        self.eTag = eTag
        self.versionId = versionId
        self.sequencer = sequencer
    }

    enum CodingKeys: String, CodingKey {
        case key, size, eTag, versionId, sequencer
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        encodedKey = try container.decode(String.self, forKey: .key)
        do {
            key = try FormURLDecoding.decode(encodedKey)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .key, in: container, debugDescription: "S3 object key: \(error)")
        }
        size = try container.decodeIfPresent(Int64.self, forKey: .size)
        eTag = try container.decodeIfPresent(String.self, forKey: .eTag)
        versionId = try container.decodeIfPresent(String.self, forKey: .versionId)
        sequencer = try container.decodeIfPresent(String.self, forKey: .sequencer)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(encodedKey, forKey: .key)
        try container.encodeIfPresent(size, forKey: .size)
        try container.encodeIfPresent(eTag, forKey: .eTag)
        try container.encodeIfPresent(versionId, forKey: .versionId)
        try container.encodeIfPresent(sequencer, forKey: .sequencer)
    }
}
