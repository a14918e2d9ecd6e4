import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AWSService {
    public static let eventBridge = AWSService(
        id: "EventBridge", signingName: "events", endpointPrefix: "events", wireProtocol: .json(version: "1.1", targetPrefix: "AWSEvents"))
}

/// One event for PutEvents. `detail` is a JSON object's text.
public struct EventBridgeEntry: Sendable, Equatable {
    public var source: String
    public var detailType: String
    public var detail: String
    public var eventBusName: String?
    public var resources: [String]

    public init(source: String, detailType: String, detail: String, eventBusName: String? = nil, resources: [String] = []) {
        self.source = source
        self.detailType = detailType
        self.detail = detail
        self.eventBusName = eventBusName
        self.resources = resources
    }
}

/// Amazon EventBridge (JSON 1.1): PutEvents.
public struct EventBridgeClient: Sendable {
    public let client: AWSClient

    public init(configuration: AWSConfiguration, http: HTTPClient) {
        client = AWSClient(service: .eventBridge, configuration: configuration, http: http)
    }

    /// Puts up to 10 events and returns their ids; an entry EventBridge rejects is an error naming its code.
    public func putEvents(_ entries: [EventBridgeEntry]) async throws(AWSError) -> [String] {
        struct Entry: Encodable {
            var Source: String
            var DetailType: String
            var Detail: String
            var EventBusName: String?
            var Resources: [String]?
        }
        struct Input: Encodable { var Entries: [Entry] }
        struct ResultEntry: Decodable { var EventId: String?; var ErrorCode: String?; var ErrorMessage: String? }
        struct Output: Decodable { var FailedEntryCount: Int?; var Entries: [ResultEntry]? }
        guard (1...10).contains(entries.count) else {
            throw AWSError(kind: .invalidRequest, service: "EventBridge", operation: "PutEvents", code: "InvalidParameter",
                           message: "PutEvents takes 1 to 10 entries, got \(entries.count)", resource: nil)
        }
        let input = Input(Entries: entries.map {
            Entry(Source: $0.source, DetailType: $0.detailType, Detail: $0.detail, EventBusName: $0.eventBusName,
                  Resources: $0.resources.isEmpty ? nil : $0.resources)
        })
        let output: Output = try await client.jsonCall("PutEvents", input, resource: entries[0].eventBusName ?? "default")
        let results = output.Entries ?? []
        if (output.FailedEntryCount ?? 0) > 0, let failed = results.first(where: { $0.ErrorCode != nil }) {
            throw AWSError(kind: .service, service: "EventBridge", operation: "PutEvents", code: failed.ErrorCode ?? "FailedEntry",
                           message: failed.ErrorMessage ?? "an entry was rejected", resource: entries[0].eventBusName ?? "default")
        }
        return results.compactMap(\.EventId)
    }
}
