import Avro
import GA4
import IdentifierHashing
import Parquet

/// Turns export rows (Avro, as the read session delivers them) into rows of the hashed identifiers table
/// (`HashedIdentifierTable`): the event's date, `event_key` and timestamp, and each configured identifier
/// normalized and hashed. Raw values live only inside `rows(...)`; nothing here logs or reports them, and a
/// refused value is counted by reason in the tally, never quoted.
struct HashedIdentifierExtractor {
    let hasher: IdentifierHasher
    private let schema: AvroSchema
    private let root: AvroRecordSchema
    private(set) var tally: IdentifierHashingTally

    init(hasher: IdentifierHasher, avroSchemaJSON: String) throws {
        self.hasher = hasher
        schema = try AvroSchema(json: avroSchemaJSON)
        guard case .record(let record) = schema.unwrappingNullable else {
            throw GA4IngestError(.data, "the read session's Avro schema is not a record")
        }
        root = record
        tally = hasher.makeTally()
    }

    /// The table's rows for one block (`eventKeys` from the events writer, one per row): events without any
    /// identifier are left out, as the table holds only events that can be joined on.
    mutating func rows(block: [UInt8], rowCount: Int, eventKeys: [String]) throws -> [[ParquetValue?]] {
        let decoded = try block.withUnsafeBytes { try AvroValueDecoder.decodeRows($0, rowCount: rowCount, schema: schema) }
        var out: [[ParquetValue?]] = []
        var hashed = hasher.makeRow()
        for (index, row) in decoded.enumerated() {
            guard case .record(let fields) = row else { continue }
            let values = hasher.fields.map { value(of: $0.source, in: fields) }
            hasher.hashRow(values, into: &hashed, tally: &tally)
            guard hashed.values.contains(where: { $0 != nil }) else { continue }
            let date = string("event_date", in: fields).flatMap { CivilDate(compactString: $0) }
            let micros = long("event_timestamp", in: fields)
            guard let date, let micros else {
                throw GA4IngestError(.data, "export row \(index) of a block has no event_date or event_timestamp; the hashed table needs both")
            }
            let millis = micros >= 0 ? micros / 1000 : (micros + 1) / 1000 - 1
            out.append([
                .date(daysSinceEpoch: Int32(date.daysSinceEpoch)), .string(eventKeys[index]), .timestamp(millis),
            ] + hashed.values.map { $0.map(ParquetValue.string) })
        }
        return out
    }

    // MARK: reading fields by name

    private func field(_ name: String, of record: AvroRecordSchema, in values: [AvroValue]) -> (AvroSchema, AvroValue)? {
        guard let index = record.fields.firstIndex(where: { $0.name == name }), index < values.count else { return nil }
        return (record.fields[index].type, values[index])
    }

    private func string(_ name: String, in values: [AvroValue]) -> String? {
        guard case .string(let text)? = field(name, of: root, in: values)?.1 else { return nil }
        return text
    }

    private func long(_ name: String, in values: [AvroValue]) -> Int64? {
        guard case .long(let number)? = field(name, of: root, in: values)?.1 else { return nil }
        return number
    }

    private func value(of source: IdentifierSource, in values: [AvroValue]) -> String? {
        switch source {
        case .userID: return string("user_id", in: values)
        case .userPseudoID: return string("user_pseudo_id", in: values)
        case .userProperty(let key): return parameter(key, list: "user_properties", in: values)
        case .eventParam(let key): return parameter(key, list: "event_params", in: values)
        case .recordField(let path):
            let parts = path.split(separator: ".").map(String.init)
            guard parts.count == 2, let (type, value) = field(parts[0], of: root, in: values),
                case .record(let record) = type.unwrappingNullable, case .record(let inner) = value,
                case .string(let text)? = field(parts[1], of: record, in: inner)?.1
            else { return nil }
            return text
        }
    }

    /// `list[key = key].value.string_value`, the first element with the key.
    private func parameter(_ key: String, list: String, in values: [AvroValue]) -> String? {
        guard let (type, value) = field(list, of: root, in: values), case .array(let elementType) = type.unwrappingNullable,
            case .record(let element) = elementType.unwrappingNullable, case .array(let elements) = value
        else { return nil }
        for case .record(let parts) in elements {
            guard case .string(let name)? = field("key", of: element, in: parts)?.1, name == key else { continue }
            guard let (valueType, valueValue) = field("value", of: element, in: parts),
                case .record(let valueRecord) = valueType.unwrappingNullable, case .record(let slots) = valueValue,
                case .string(let text)? = field("string_value", of: valueRecord, in: slots)?.1
            else { return nil }
            return text
        }
        return nil
    }
}
