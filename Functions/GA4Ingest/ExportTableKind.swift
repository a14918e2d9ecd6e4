/// Which export table of a day is read: the daily `events_YYYYMMDD` (complete, updated for about 72 hours) or the
/// Streaming export's `events_intraday_YYYYMMDD` (filled continuously, deleted by GA4 once the daily table is
/// complete).
enum ExportTableKind: String, Codable, Sendable {
    case daily
    case intraday

    var tablePrefix: String {
        switch self {
        case .daily: "events_"
        case .intraday: "events_intraday_"
        }
    }
}
