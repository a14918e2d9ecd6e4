import Clickstream
import Parquet

/// The clickstream table's file schema (the partition columns year, month, day, hour live in the key, not the
/// file) and the encoding of events into one Snappy Parquet file.
enum ClickstreamTable {
    /// Column order and types match the Glue table in template.yaml.
    static let columns: [ParquetColumn] = [
        ParquetColumn("event_id", .string, optional: false, encoding: .plain),
        ParquetColumn("session_id", .string, optional: false),
        ParquetColumn("user_id", .string, optional: false),
        ParquetColumn("event_type", .string, optional: false),
        ParquetColumn("page_url", .string),
        ParquetColumn("referrer", .string),
        ParquetColumn("event_time", .timestamp(.milliseconds), optional: false, encoding: .plain),
        ParquetColumn("device_type", .string),
        ParquetColumn("browser", .string),
        ParquetColumn("os", .string),
        ParquetColumn("country", .string),
        ParquetColumn("duration_ms", .int64),
        ParquetColumn("extra_fields", .string),
        ParquetColumn("shard_id", .string, optional: false),
        ParquetColumn("sequence_number", .string, optional: false, encoding: .plain),
        ParquetColumn("arrival_time", .timestamp(.milliseconds), optional: false, encoding: .plain),
        // Added after the first release: new columns go last so older files still read by position.
        ParquetColumn("sub_sequence_number", .int64),
    ]

    static let schema: ParquetSchema = {
        do { return try ParquetSchema(columns) } catch { preconditionFailure("the clickstream schema is invalid: \(error)") }
    }()

    /// A complete Parquet file holding `events` in the given order.
    static func parquetFile(_ events: [WebEvent], options: ParquetWriterOptions = ParquetWriterOptions()) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        try writer.write(columns: [
            .strings(events.map(\.eventID)),
            .strings(events.map(\.sessionID)),
            .strings(events.map(\.userID)),
            .strings(events.map(\.eventType)),
            .strings(events.map(\.pageURL)),
            .strings(events.map(\.referrer)),
            .timestamps(events.map(\.eventTimeMilliseconds)),
            .strings(events.map(\.deviceType)),
            .strings(events.map(\.browser)),
            .strings(events.map(\.os)),
            .strings(events.map(\.country)),
            .int64s(events.map(\.durationMilliseconds)),
            .strings(events.map(\.extraFields)),
            .strings(events.map(\.shardID)),
            .strings(events.map(\.sequenceNumber)),
            .timestamps(events.map(\.arrivalTimeMilliseconds)),
            .int64s(events.map(\.subSequenceNumber)),
        ])
        try writer.close()
        return sink.bytes
    }
}
