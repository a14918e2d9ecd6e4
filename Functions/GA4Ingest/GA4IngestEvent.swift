#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GA4
import LambdaEvents

/// What an invocation asks for: the daily schedule (pull the lookback window before the event's time), or a
/// backfill of named properties over a date range. A backfill arrives as an EventBridge event with
/// `detail-type` `GA4 Backfill`, or as its detail alone (a direct invoke). The BigQuery export source takes
/// `{"export": {...}}` directly or an EventBridge event with `detail-type` `GA4 Export` (see `ExportRequest`).
enum GA4IngestEvent: Decodable, Sendable, Equatable {
    case scheduled(time: Date)
    case backfill(BackfillRequest)
    case export(ExportRequest)

    static let backfillDetailType = "GA4 Backfill"

    private enum Keys: String, CodingKey {
        case detailType = "detail-type"
        case export
    }

    /// The detail of a scheduled event carries nothing the function needs.
    private struct ScheduledDetail: Decodable, Sendable {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        guard let detailType = try container.decodeIfPresent(String.self, forKey: .detailType) else {
            if container.contains(.export) {
                self = .export(try container.decode(ExportRequest.self, forKey: .export))
                return
            }
            self = .backfill(try BackfillRequest(from: decoder))
            return
        }
        switch detailType {
        case "Scheduled Event":
            self = .scheduled(time: try EventBridgeEvent<ScheduledDetail>(from: decoder).time)
        case Self.backfillDetailType:
            self = .backfill(try EventBridgeEvent<BackfillRequest>(from: decoder).detail)
        case ExportRequest.detailType:
            self = .export(try EventBridgeEvent<ExportRequest>(from: decoder).detail)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .detailType, in: container,
                debugDescription: "\"\(detailType)\" is not \"Scheduled Event\", \"\(Self.backfillDetailType)\" or \"\(ExportRequest.detailType)\"")
        }
    }
}

/// `{"properties": ["123456789"], "startDate": "2025-01-01", "endDate": "2025-01-31", "reports": ["pages"]}`:
/// the days are pulled oldest first; `reports` (optional) picks some of the configured reports.
struct BackfillRequest: Codable, Sendable, Equatable {
    var properties: [PropertyID]
    var startDate: CivilDate
    var endDate: CivilDate
    var reports: [String]?

    init(properties: [PropertyID], startDate: CivilDate, endDate: CivilDate, reports: [String]? = nil) {
        self.properties = properties
        self.startDate = startDate
        self.endDate = endDate
        self.reports = reports
    }

    private enum CodingKeys: String, CodingKey {
        case properties, startDate, endDate, reports
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        properties = try container.decode([PropertyID].self, forKey: .properties)
        startDate = try container.decode(CivilDate.self, forKey: .startDate)
        endDate = try container.decode(CivilDate.self, forKey: .endDate)
        reports = try container.decodeIfPresent([String].self, forKey: .reports)
        guard !properties.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .properties, in: container, debugDescription: "names no property")
        }
        guard startDate <= endDate else {
            throw DecodingError.dataCorruptedError(
                forKey: .endDate, in: container, debugDescription: "\(endDate) is before startDate \(startDate)")
        }
    }
}
