import Avro
import Foundation
import GA4
import GA4Export
import IdentifierHashing
import Parquet
import Testing
import TestSupport

@testable import GA4Ingest

/// The hashed identifiers are read from the rows the events writer decoded (one Avro decode for both tables). On a
/// generated export day (nested params with duplicate and NULL keys, several values set, NULL records, unicode values), the rows they give are
/// the ones a separate decode of every block into Avro values gives, value for value.
@Suite("Hashed identifiers from the events writer's decoded rows")
struct HashedIdentifierExtractorTests {
    static let configuration = #"""
        {"ruleSet": "default", "fields": [
          {"column": "user_id_sha256", "kind": "user_id", "from": "user_id"},
          {"column": "user_pseudo_id_sha256", "kind": "user_id", "from": "user_pseudo_id"},
          {"column": "gclid_sha256", "kind": "click_id", "from": "collected_traffic_source.gclid"},
          {"column": "link_sha256", "kind": "user_id", "from": "event_params", "key": "link_url"},
          {"column": "custom_sha256", "kind": "user_id", "from": "user_properties", "key": "custom_a"},
          {"column": "scrolled_sha256", "kind": "user_id", "from": "event_params", "key": "percent_scrolled"}]}
        """#

    @Test func theRowsAreTheOnesASeparateDecodeGives() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hashed-extractor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try PythonScript.run("scripts/bigquery/generate_export_day.py", [
            directory.path, "--events", "600", "--seed", "31", "--rows-per-block", "150", "--no-rows-json",
        ])
        let schemaJSON = try String(contentsOf: directory.appendingPathComponent("avro_schema.json"), encoding: .utf8)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("manifest.json"))) as? [String: Any])
        let blocks = try #require(manifest["blocks"] as? [[String: Any]])
        let hasher = try IdentifierHasher(configuration: try IdentifierHashingConfiguration(json: Array(Self.configuration.utf8)))

        let writer = try GA4ExportParquetWriter(avroSchemaJSON: schemaJSON, sink: MemorySink())
        var extractor = HashedIdentifierExtractor(hasher: hasher)
        let schema = try AvroSchema(json: schemaJSON)
        var written = 0
        for block in blocks {
            let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(try #require(block["file"] as? String))))
            let count = try #require(block["rows"] as? Int)
            var fromWriter: [[ParquetValue?]] = []
            var keys: [String] = []
            try writer.write(rows: bytes, rowCount: count) { decoded in
                fromWriter = try extractor.rows(decoded)
                keys = decoded.rows.map { decoded.eventKey(row: $0) }
            }
            let values = try bytes.withUnsafeBytes { try AvroValueDecoder.decodeRows($0, rowCount: count, schema: schema) }
            let separately = try Self.oracleRows(values, schema: schema, hasher: hasher, eventKeys: keys)
            #expect(fromWriter == separately)
            written += fromWriter.count
        }
        #expect(written > 100, "the day has events with identifiers")
        let tally = extractor.tally.fields
        #expect(tally.first { $0.column == "link_sha256" }.map { $0.hashed > 0 } == true, "\(tally)")
        #expect(tally.first { $0.column == "custom_sha256" }.map { $0.hashed > 0 } == true, "\(tally)")
    }

    /// The hashed rows from Avro values: each source looked up by name in the decoded row, the first element of a
    /// key/value list with the key, its `value.string_value`.
    static func oracleRows(_ rows: [AvroValue], schema: AvroSchema, hasher: IdentifierHasher, eventKeys: [String]) throws -> [[ParquetValue?]] {
        guard case .record(let root) = schema.unwrappingNullable else { throw Failure("not a record") }
        func field(_ name: String, _ record: AvroRecordSchema, _ values: [AvroValue]) -> (AvroSchema, AvroValue)? {
            guard let index = record.fields.firstIndex(where: { $0.name == name }), index < values.count else { return nil }
            return (record.fields[index].type, values[index])
        }
        func string(_ name: String, _ record: AvroRecordSchema, _ values: [AvroValue]) -> String? {
            guard case .string(let text)? = field(name, record, values)?.1 else { return nil }
            return text
        }
        func parameter(_ key: String, list: String, _ values: [AvroValue]) -> String? {
            guard let (type, value) = field(list, root, values), case .array(let elementType) = type.unwrappingNullable,
                case .record(let element) = elementType.unwrappingNullable, case .array(let elements) = value
            else { return nil }
            for case .record(let parts) in elements {
                guard let name = string("key", element, parts), Array(name.utf8) == Array(key.utf8) else { continue }
                guard let (valueType, valueValue) = field("value", element, parts), case .record(let valueRecord) = valueType.unwrappingNullable,
                    case .record(let slots) = valueValue
                else { return nil }
                return string("string_value", valueRecord, slots)
            }
            return nil
        }
        var tally = hasher.makeTally()
        var hashed = hasher.makeRow()
        var out: [[ParquetValue?]] = []
        for (index, row) in rows.enumerated() {
            guard case .record(let values) = row else { continue }
            let sources = hasher.fields.map { (identifier) -> String? in
                switch identifier.source {
                case .userID: return string("user_id", root, values)
                case .userPseudoID: return string("user_pseudo_id", root, values)
                case .userProperty(let key): return parameter(key, list: "user_properties", values)
                case .eventParam(let key): return parameter(key, list: "event_params", values)
                case .recordField(let path):
                    let parts = path.split(separator: ".").map(String.init)
                    guard let (type, value) = field(parts[0], root, values), case .record(let record) = type.unwrappingNullable,
                        case .record(let inner) = value
                    else { return nil }
                    return string(parts[1], record, inner)
                }
            }
            hasher.hashRow(sources, into: &hashed, tally: &tally)
            guard hashed.values.contains(where: { $0 != nil }) else { continue }
            guard case .long(let micros)? = field("event_timestamp", root, values)?.1,
                let date = string("event_date", root, values).flatMap({ CivilDate(compactString: $0) }).map({ Int32($0.daysSinceEpoch) })
            else { throw Failure("row \(index) has no date or timestamp") }
            let millis = micros >= 0 ? micros / 1000 : (micros + 1) / 1000 - 1
            out.append([.date(daysSinceEpoch: date), .string(eventKeys[index]), .timestamp(millis)] + hashed.values.map { $0.map(ParquetValue.string) })
        }
        return out
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
