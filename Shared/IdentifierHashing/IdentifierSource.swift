/// Where an identifier field's value sits in a GA4 BigQuery export event (export schema: `user_id`,
/// `user_pseudo_id`, the repeated `user_properties` and `event_params` records with `key` and `value.string_value`,
/// and a few fixed record fields).
public enum IdentifierSource: Sendable, Equatable, Hashable, CustomStringConvertible {
    case userID
    case userPseudoID
    /// `user_properties[key = …].value.string_value`.
    case userProperty(key: String)
    /// `event_params[key = …].value.string_value`.
    case eventParam(key: String)
    /// A record field of the export, one of `recordPaths`.
    case recordField(path: String)

    /// Record fields that can carry identifiers (device ids, click ids).
    public static let recordPaths = [
        "device.advertising_id", "device.vendor_id",
        "collected_traffic_source.gclid", "collected_traffic_source.dclid", "collected_traffic_source.srsltid",
    ]

    public var description: String {
        switch self {
        case .userID: "user_id"
        case .userPseudoID: "user_pseudo_id"
        case .userProperty(let key): "user_properties[key=\(key)]"
        case .eventParam(let key): "event_params[key=\(key)]"
        case .recordField(let path): path
        }
    }
}

/// One identifier to hash: where it comes from, what kind it is, and the hashed table's column for it.
public struct IdentifierField: Sendable, Equatable {
    public let column: String
    public let kind: IdentifierKind
    public let source: IdentifierSource

    public init(column: String, kind: IdentifierKind, source: IdentifierSource) {
        self.column = column
        self.kind = kind
        self.source = source
    }
}
