/// An EventBridge rule's schedule firing (`source: aws.events`) or an EventBridge Scheduler schedule
/// (`source: aws.scheduler`): `detail-type` is `Scheduled Event` and `detail` is empty.
public typealias ScheduledEvent = EventBridgeEvent<ScheduledEventDetail>

/// The `{}` detail of a scheduled event. Any members are ignored, but the detail must be an object.
public struct ScheduledEventDetail: Codable, Equatable, Sendable {
    public init() {}

    private struct NoKeys: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: NoKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }
}

extension EventBridgeEvent {
    /// The `detail-type` EventBridge gives schedule firings.
    public static var scheduledEventDetailType: String { "Scheduled Event" }

    /// Whether this event is a schedule firing rather than an event someone sent.
    public var isScheduled: Bool {
        detailType == Self.scheduledEventDetailType && (source == "aws.events" || source == "aws.scheduler")
    }
}
