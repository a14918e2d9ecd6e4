#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Which kind of event an invocation payload is, told from its shape alone, for functions that accept
/// more than one trigger.
public enum LambdaEventKind: Equatable, Sendable {
    /// `Records[].eventSource == "aws:kinesis"`.
    case kinesis
    /// `Records[].eventSource == "aws:s3"`: an S3 notification sent straight to the function.
    case s3Notification
    /// `Records[].eventSource == "aws:sqs"`.
    case sqs
    /// `source == "aws.s3"` on EventBridge, e.g. detail type `Object Created`.
    case s3ViaEventBridge(detailType: String)
    /// `detail-type == "Scheduled Event"` from `aws.events` or `aws.scheduler`.
    case scheduled
    /// Any other EventBridge event.
    case eventBridge(source: String, detailType: String)
    /// A `Records` batch from another source, named by its `eventSource`.
    case otherRecords(eventSource: String)

    /// Classifies a payload. Throws when it is not a JSON object of a known shape.
    public static func detect(_ payload: Data) throws(LambdaEventDecodingError) -> LambdaEventKind {
        let probe: EventShapeProbe
        do {
            probe = try LambdaEventDecoder.decode(EventShapeProbe.self, from: payload)
        } catch {
            throw LambdaEventDecodingError(eventType: "event", path: error.path, reason: error.reason)
        }
        if let eventSource = probe.firstRecordSource {
            switch eventSource {
            case "aws:kinesis": return .kinesis
            case "aws:s3": return .s3Notification
            case "aws:sqs": return .sqs
            default: return .otherRecords(eventSource: eventSource)
            }
        }
        if let source = probe.source, let detailType = probe.detailType {
            if source == "aws.s3" { return .s3ViaEventBridge(detailType: detailType) }
            if detailType == "Scheduled Event", source == "aws.events" || source == "aws.scheduler" { return .scheduled }
            return .eventBridge(source: source, detailType: detailType)
        }
        throw LambdaEventDecodingError(
            eventType: "event", path: "",
            reason: "neither a Records batch nor an EventBridge event (no Records, or no source and detail-type)")
    }

    public static func detect(_ payload: [UInt8]) throws(LambdaEventDecodingError) -> LambdaEventKind {
        try detect(Data(payload))
    }
}

/// Reads only the fields that tell event shapes apart; for a `Records` batch only the first record.
private struct EventShapeProbe: Decodable {
    var firstRecordSource: String?
    var source: String?
    var detailType: String?

    enum CodingKeys: String, CodingKey {
        case records = "Records"
        case source
        case detailType = "detail-type"
    }

    enum RecordKeys: String, CodingKey {
        case eventSource
        // SNS spells it with a capital E.
        case snsEventSource = "EventSource"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.records) {
            var records = try container.nestedUnkeyedContainer(forKey: .records)
            guard !records.isAtEnd else {
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: container.codingPath + [CodingKeys.records], debugDescription: "Records is empty"))
            }
            let first = try records.nestedContainer(keyedBy: RecordKeys.self)
            guard let eventSource = try first.decodeIfPresent(String.self, forKey: .eventSource)
                ?? first.decodeIfPresent(String.self, forKey: .snsEventSource)
            else {
                throw DecodingError.keyNotFound(
                    RecordKeys.eventSource,
                    DecodingError.Context(codingPath: first.codingPath, debugDescription: "record has no eventSource"))
            }
            firstRecordSource = eventSource
        } else {
            source = try container.decodeIfPresent(String.self, forKey: .source)
            detailType = try container.decodeIfPresent(String.self, forKey: .detailType)
        }
    }
}
