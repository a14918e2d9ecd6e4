#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// News of S3 objects, however it arrived: as a direct S3 notification or through EventBridge. For
/// functions triggered either way (e.g. partition registration), so they handle one list of objects.
public enum S3ObjectNotification: Equatable, Sendable {
    case direct(S3Event)
    case eventBridge(S3ObjectCreatedEvent)

    /// Recognises the payload's shape and decodes it; any other event kind is an error naming the kind.
    public static func decode(from payload: Data) throws(LambdaEventDecodingError) -> S3ObjectNotification {
        switch try LambdaEventKind.detect(payload) {
        case .s3Notification:
            return .direct(try LambdaEventDecoder.decode(S3Event.self, from: payload))
        case .s3ViaEventBridge:
            return .eventBridge(try LambdaEventDecoder.decode(S3ObjectCreatedEvent.self, from: payload))
        case let other:
            throw LambdaEventDecodingError(
                eventType: "S3ObjectNotification", path: "",
                reason: "expected an S3 notification or an S3 event from EventBridge, got \(other)")
        }
    }

    public static func decode(from payload: [UInt8]) throws(LambdaEventDecodingError) -> S3ObjectNotification {
        try decode(from: Data(payload))
    }

    /// The objects named, in event order.
    public var objects: [S3ObjectReference] {
        switch self {
        case .direct(let event):
            event.records.enumerated().map { index, record in
                S3ObjectReference(
                    bucket: record.s3.bucket.name, key: record.s3.object.key, deliveredKey: record.s3.object.encodedKey,
                    size: record.s3.object.size, eTag: record.s3.object.eTag, versionId: record.s3.object.versionId,
                    sequencer: record.s3.object.sequencer, eventName: record.eventName, eventTime: record.eventTime,
                    location: "Records[\(index)].s3.object.key")
            }
        case .eventBridge(let event):
            [S3ObjectReference(
                bucket: event.detail.bucket.name, key: event.detail.object.key, deliveredKey: event.detail.object.key,
                size: event.detail.object.size, eTag: event.detail.object.etag, versionId: event.detail.object.versionId,
                sequencer: event.detail.object.sequencer, eventName: event.detailType, eventTime: event.time,
                location: "detail.object.key")]
        }
    }
}

/// One object from an S3 notification, in the same form whichever way it arrived.
public struct S3ObjectReference: Equatable, Sendable {
    public var bucket: String
    /// The object key to use with S3 APIs.
    public var key: String
    /// The key exactly as it appeared in the event (form-encoded in direct notifications).
    public var deliveredKey: String
    public var size: Int64?
    public var eTag: String?
    public var versionId: String?
    public var sequencer: String?
    /// `ObjectCreated:Put` and the like for direct notifications, the detail type (`Object Created`)
    /// for EventBridge.
    public var eventName: String
    public var eventTime: Date
    /// Where in the event the key came from, for error messages.
    public var location: String

    public init(
        bucket: String, key: String, deliveredKey: String, size: Int64?, eTag: String?, versionId: String?,
        sequencer: String?, eventName: String, eventTime: Date, location: String
    ) {
        self.bucket = bucket
        self.key = key
        self.deliveredKey = deliveredKey
        self.size = size
        self.eTag = eTag
        self.versionId = versionId
        self.sequencer = sequencer
        self.eventName = eventName
        self.eventTime = eventTime
        self.location = location
    }

    /// Whether the event reports a new or overwritten object (as opposed to a deletion or restore).
    public var isObjectCreated: Bool {
        eventName.hasPrefix("ObjectCreated:") || eventName == "Object Created"
    }
}
