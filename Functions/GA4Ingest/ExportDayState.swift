import GA4

/// What the last completed run of an export day wrote, kept beside the lake so the next schedule skips a day
/// whose table has not changed (same `lastModifiedTime`).
struct ExportDayState: StoredDocument, Sendable, Equatable {
    static let documentName = "export state"
    static let recovery = "delete it to read the day again"

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
}
