import Parquet

/// Typed columns for the event parameters nearly every GA4 query UNNESTs, computed while the rows are decoded, so
/// Athena reads a plain column instead of unnesting `event_params` per row. NULL when the key is absent; when a key
/// appears more than once (the export has such rows), the first occurrence counts, so a duplicate never fails a
/// query the way BigQuery's scalar `(SELECT value.x FROM UNNEST(event_params) WHERE key = 'k')` idiom does.
public enum PromotedColumn: String, CaseIterable, Sendable {
    /// `value.int_value` of these keys.
    case gaSessionID = "ga_session_id"
    case gaSessionNumber = "ga_session_number"
    case engagementTimeMsec = "engagement_time_msec"
    /// `value.string_value` of these keys.
    case pageLocation = "page_location"
    case pageReferrer = "page_referrer"
    case pageTitle = "page_title"
    case source
    case medium
    case campaign
    /// 1 or 0: `value.int_value` when set, else `value.string_value` "1" or "0" (GA4 sends both); NULL otherwise.
    case sessionEngaged = "session_engaged"
    /// `event_timestamp` (microseconds) as a TIMESTAMP in milliseconds, rounded down.
    case eventTimestamp = "event_ts"
    /// A hash of the duplicate-defining fields (`EventKey`): equal for events that are duplicates of each other.
    case eventKey = "event_key"

    public var columnName: String { rawValue }

    /// The parameter key this column is taken from (nil for the columns computed otherwise).
    var parameterKey: String? {
        switch self {
        case .eventTimestamp, .eventKey: nil
        default: rawValue
        }
    }

    var parquetField: ParquetField {
        switch self {
        case .gaSessionID, .gaSessionNumber, .engagementTimeMsec: .primitive(rawValue, .int64)
        case .pageLocation, .pageReferrer, .pageTitle, .source, .medium, .campaign: .primitive(rawValue, .string)
        case .sessionEngaged: .primitive(rawValue, .int32)
        case .eventTimestamp: .primitive(rawValue, .timestamp(.milliseconds), encoding: .plain)
        case .eventKey: .primitive(rawValue, .string, encoding: .plain)
        }
    }
}
