#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The EventBridge envelope, generic over the `detail` it carries.
///
/// `detail` usually arrives as a JSON object, but EventBridge Scheduler and callers that build events by
/// hand send it as a string holding JSON (`"detail": "{}"`); both decode to the same `Detail`.
public struct EventBridgeEvent<Detail: Sendable>: Sendable {
    /// `0` for every event today.
    public var version: String
    public var id: String
    /// `detail-type`, e.g. `Scheduled Event`, `Object Created`, `RegisterDataFlow`.
    public var detailType: String
    /// `aws.events`, `aws.scheduler`, `aws.s3`, or a custom source.
    public var source: String
    public var account: String
    public var time: Date
    public var region: String
    public var resources: [String]
    public var detail: Detail
    /// Set when the event is replayed from an archive.
    public var replayName: String?

    public init(
        version: String = "0", id: String, detailType: String, source: String, account: String, time: Date,
        region: String, resources: [String] = [], detail: Detail, replayName: String? = nil
    ) {
        self.version = version
        self.id = id
        self.detailType = detailType
        self.source = source
        self.account = account
        self.time = time
        self.region = region
        self.resources = resources
        self.detail = detail
        self.replayName = replayName
    }

    enum CodingKeys: String, CodingKey {
        case version, id
        case detailType = "detail-type"
        case source, account, time, region, resources, detail
        case replayName = "replay-name"
    }
}

extension EventBridgeEvent: Equatable where Detail: Equatable {}

extension EventBridgeEvent: Decodable where Detail: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Hand-built events sometimes omit the version; EventBridge always sends "0".
        version = try container.decodeIfPresent(String.self, forKey: .version) ?? "0"
        id = try container.decode(String.self, forKey: .id)
        detailType = try container.decode(String.self, forKey: .detailType)
        source = try container.decode(String.self, forKey: .source)
        account = try container.decode(String.self, forKey: .account)
        let timeText = try container.decode(String.self, forKey: .time)
        guard let parsedTime = RFC3339Timestamp.parse(timeText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .time, in: container, debugDescription: "\"\(timeText)\" is not an RFC 3339 timestamp")
        }
        time = parsedTime
        region = try container.decode(String.self, forKey: .region)
        resources = try container.decodeIfPresent([String].self, forKey: .resources) ?? []
        replayName = try container.decodeIfPresent(String.self, forKey: .replayName)
        detail = try Self.decodeDetail(from: container)
    }

    private static func decodeDetail(from container: KeyedDecodingContainer<CodingKeys>) throws -> Detail {
        // A detail type that is itself a string never needs unwrapping.
        guard Detail.self != String.self, let text = try? container.decode(String.self, forKey: .detail) else {
            return try container.decode(Detail.self, forKey: .detail)
        }
        do {
            return try JSONDecoder().decode(Detail.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw error.nested(under: container.codingPath + [CodingKeys.detail], detailText: text)
        }
    }
}

extension EventBridgeEvent: Encodable where Detail: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(id, forKey: .id)
        try container.encode(detailType, forKey: .detailType)
        try container.encode(source, forKey: .source)
        try container.encode(account, forKey: .account)
        try container.encode(RFC3339Timestamp.format(time), forKey: .time)
        try container.encode(region, forKey: .region)
        try container.encode(resources, forKey: .resources)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(replayName, forKey: .replayName)
    }
}

extension DecodingError {
    /// Re-roots an error raised while decoding the JSON held in a string field, so its path starts at
    /// that field (`detail.bucket.name`) rather than at the inner document.
    fileprivate func nested(under prefix: [any CodingKey], detailText: String) -> DecodingError {
        switch self {
        case .keyNotFound(let key, let context):
            return .keyNotFound(key, context.rerooted(under: prefix))
        case .valueNotFound(let type, let context):
            return .valueNotFound(type, context.rerooted(under: prefix))
        case .typeMismatch(let type, let context):
            return .typeMismatch(type, context.rerooted(under: prefix))
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .dataCorrupted(Context(
                    codingPath: prefix,
                    debugDescription: "a string that is not JSON (\(detailText.utf8.count) characters)"))
            }
            return .dataCorrupted(context.rerooted(under: prefix))
        @unknown default:
            return self
        }
    }
}

extension DecodingError.Context {
    fileprivate func rerooted(under prefix: [any CodingKey]) -> DecodingError.Context {
        DecodingError.Context(
            codingPath: prefix + codingPath, debugDescription: debugDescription, underlyingError: underlyingError)
    }
}
