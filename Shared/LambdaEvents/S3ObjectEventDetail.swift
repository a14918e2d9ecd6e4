/// An S3 object event routed through EventBridge (bucket setting "Send notifications to EventBridge"):
/// `source: aws.s3`, `detail-type: Object Created` (or `Object Deleted`, …).
public typealias S3ObjectCreatedEvent = EventBridgeEvent<S3ObjectEventDetail>

/// The `detail` of an S3 event on EventBridge. Field names differ from the direct notification:
/// kebab-case (`version-id`, `request-id`), lowercase `etag`, and a `reason` such as `PutObject`.
public struct S3ObjectEventDetail: Codable, Equatable, Sendable {
    public var version: String?
    public var bucket: Bucket
    public var object: Object
    public var requestId: String?
    /// Account id or service principal that made the request.
    public var requester: String?
    public var sourceIPAddress: String?
    /// `PutObject`, `POST Object`, `CopyObject`, `CompleteMultipartUpload`, `DeleteObject`, …
    public var reason: String?
    /// `Permanently Deleted` or `Delete Marker Created` on `Object Deleted` events.
    public var deletionType: String?

    public init(
        version: String? = "0", bucket: Bucket, object: Object, requestId: String? = nil, requester: String? = nil,
        sourceIPAddress: String? = nil, reason: String? = nil, deletionType: String? = nil
    ) {
        self.version = version
        self.bucket = bucket
        self.object = object
        self.requestId = requestId
        self.requester = requester
        self.sourceIPAddress = sourceIPAddress
        self.reason = reason
        self.deletionType = deletionType
    }

    enum CodingKeys: String, CodingKey {
        case version, bucket, object
        case requestId = "request-id"
        case requester
        case sourceIPAddress = "source-ip-address"
        case reason
        case deletionType = "deletion-type"
    }

    public struct Bucket: Codable, Equatable, Sendable {
        public var name: String

        public init(name: String) {
            self.name = name
        }
    }

    /// The object. AWS documents no form-encoding for `key` on EventBridge, unlike the direct
    /// notification, so `key` is kept exactly as delivered; `formDecodedKey()` is there for callers that
    /// want to try the other reading when the delivered key is not found.
    public struct Object: Codable, Equatable, Sendable {
        public var key: String
        /// Bytes; absent for deletions.
        public var size: Int64?
        public var etag: String?
        public var versionId: String?
        public var sequencer: String?

        public init(key: String, size: Int64? = nil, etag: String? = nil, versionId: String? = nil, sequencer: String? = nil) {
            self.key = key
            self.size = size
            self.etag = etag
            self.versionId = versionId
            self.sequencer = sequencer
        }

        enum CodingKeys: String, CodingKey {
            case key, size, etag
            case versionId = "version-id"
            case sequencer
        }

        /// `key` read as form-encoded text (`+` a space, `%XX` escapes).
        public func formDecodedKey() throws(FormURLDecodingError) -> String {
            try FormURLDecoding.decode(key)
        }
    }
}

extension EventBridgeEvent where Detail == S3ObjectEventDetail {
    /// The `detail-type` of a new object.
    public static var objectCreatedDetailType: String { "Object Created" }
}
