#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GA4

/// What the last completed run of an export day wrote, kept beside the lake so the next schedule skips a day
/// whose table has not changed (same `lastModifiedTime`).
struct ExportDayState: Codable, Sendable, Equatable {
    var property: String
    var date: CivilDate
    /// `project.dataset.events_YYYYMMDD`.
    var table: String
    /// The table's `lastModifiedTime` (ms since the epoch) the run read: the run's name.
    var lastModifiedTime: Int64
    var rows: Int64
    /// `s3://bucket/<events>property_id=…/dt=…/run=…/`, where the catalog's partition points.
    var location: String
    var hashedLocation: String?
    var files: Int
    var completedAt: String

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    static func decode(_ data: Data, source: String) throws(GA4IngestError) -> ExportDayState {
        do {
            return try JSONDecoder().decode(ExportDayState.self, from: data)
        } catch {
            throw GA4IngestError(.storage, "export state \(source) is not a state document: \(error); delete it to read the day again")
        }
    }
}
