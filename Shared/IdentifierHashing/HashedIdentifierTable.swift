import Parquet

/// The flat table of hashed identifiers Clean Rooms reads (its analysis rules take flat columns): one row per
/// export event that has at least one identifier, partitioned by event date like the events table.
///
/// | Column | Type | |
/// |---|---|---|
/// | `event_date` | DATE, required | the export's `event_date` (property time zone) |
/// | `event_key` | STRING, required | the key the events table gives the same event, to join back |
/// | `event_timestamp` | TIMESTAMP(MILLIS, UTC), required | the export's `event_timestamp` (microseconds) cut to milliseconds, as the project's Athena tables hold |
/// | one per configured field | STRING, optional | the hash (hex or Base64), null when empty or refused |
public enum HashedIdentifierTable {
    public static let eventDateColumn = ParquetColumn("event_date", .date, optional: false)
    public static let eventKeyColumn = ParquetColumn("event_key", .string, optional: false, encoding: .plain)
    public static let eventTimestampColumn = ParquetColumn("event_timestamp", .timestamp(.milliseconds), optional: false, encoding: .plain)

    static let fixedColumnNames = [eventDateColumn.name, eventKeyColumn.name, eventTimestampColumn.name]

    /// The fixed columns, then one optional STRING column per configured field in order. Hashes are unique
    /// per person, so their columns are PLAIN (a dictionary would be abandoned anyway).
    public static func schema(for configuration: IdentifierHashingConfiguration) throws(IdentifierHashingError) -> ParquetSchema {
        let hashed = configuration.fields.map { ParquetColumn($0.column, .string, optional: true, encoding: .plain) }
        do {
            return try ParquetSchema([eventDateColumn, eventKeyColumn, eventTimestampColumn] + hashed)
        } catch {
            throw .configuration(path: "fields", reason: "\(error)")
        }
    }
}
