/// The golden Avro row of the BigQuery reference notes (§5.3, made with fastavro): event_name `page_view`,
/// event_params [{key `ga_session_id`, value.int_value 1704067200}], with BigQuery's nullable unions and a plain array.
public enum AvroGoldenRow {
    /// The session schema of the row: the two export columns it holds.
    public static let schemaFields = """
          {"name": "event_name", "type": ["null", "string"]},
          {"name": "event_params", "type": {"type": "array", "items": {"type": "record", "name": "event_params", "fields": [
            {"name": "key", "type": ["null", "string"]},
            {"name": "value", "type": ["null", {"type": "record", "name": "value", "fields": [
              {"name": "string_value", "type": ["null", "string"]}, {"name": "int_value", "type": ["null", "long"]},
              {"name": "float_value", "type": ["null", "double"]}, {"name": "double_value", "type": ["null", "double"]}]}]}]}}}
        """
    public static let schemaJSON = "{\"type\": \"record\", \"name\": \"__root__\", \"fields\": [\n\(schemaFields)\n]}"
    public static let bytes = hex("0212706167655f7669657702021a67615f73657373696f6e5f6964020002808290d90c000000")

    public static func hex(_ text: String) -> [UInt8] {
        stride(from: 0, to: text.count, by: 2).map { offset in
            let start = text.index(text.startIndex, offsetBy: offset)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
        }
    }
}
