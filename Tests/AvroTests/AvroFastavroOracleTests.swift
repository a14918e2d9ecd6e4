import Avro
import Foundation
import JSONText
import Testing
import TestSupport

/// Generated GA4 export days (scripts/bigquery/generate_export_day.py, written by fastavro) decoded here and
/// compared, row by row and value by value, with fastavro's own decoding (scripts/bigquery/avro_oracle.py).
@Suite("Avro decoding against fastavro", .serialized)
struct AvroFastavroOracleTests {
    @Test(arguments: [
        ["--events", "400", "--seed", "3", "--rows-per-block", "73"],
        // bqemulator's shape (REPEATED as ["null", array]), a session without some columns and with unknown ones.
        ["--events", "200", "--seed", "4", "--nullable-repeated", "--omit", "device.web_info,publisher", "--extra-field"],
    ])
    func generatedDaysDecodeAsFastavroDecodesThem(arguments: [String]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("avro-oracle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try PythonScript.run("scripts/bigquery/generate_export_day.py", [directory.path, "--no-rows-json"] + arguments)
        let schema = try AvroSchema(json: String(decoding: try Data(contentsOf: directory.appendingPathComponent("avro_schema.json")), as: UTF8.self))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("manifest.json"))) as! [String: Any]
        var lines = ""
        var rows = 0
        for block in manifest["blocks"] as! [[String: Any]] {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(block["file"] as! String))
            let count = block["rows"] as! Int
            let decoded = try bytes.withUnsafeBytes { try AvroValueDecoder.decodeRows($0, rowCount: count, schema: schema) }
            for row in decoded {
                CanonicalJSON.append(row, schema: schema, to: &lines)
                lines += "\n"
            }
            rows += count
        }
        #expect(rows == manifest["rows"] as! Int)
        let swiftRows = directory.appendingPathComponent("swift-rows.jsonl")
        try lines.write(to: swiftRows, atomically: true, encoding: .utf8)
        let report = String(decoding: try PythonScript.run("scripts/bigquery/avro_oracle.py", [directory.path, swiftRows.path]), as: UTF8.self)
        #expect(report.contains("OK \(rows) rows"), "\(report)")
    }
}

/// The oracle's canonical JSON (see scripts/bigquery/avro_oracle.py).
enum CanonicalJSON {
    static func append(_ value: AvroValue, schema: AvroSchema, to out: inout String) {
        switch (schema, value) {
        case (.union(let branches), _):
            // The decoded value does not say its branch; the first branch whose kind fits is the one fastavro picks too.
            let branch = branches.first { fits(value, $0) } ?? branches[0]
            append(value, schema: branch, to: &out)
        case (_, .null): out += "null"
        case (_, .boolean(let flag)): out += flag ? "true" : "false"
        case (_, .int(let number)): out += "{\"i\": \"\(number)\"}"
        case (_, .long(let number)): out += "{\"i\": \"\(number)\"}"
        case (_, .float(let number)): out += "{\"d\": \"\(hex(Double(number).bitPattern))\"}"
        case (_, .double(let number)): out += "{\"d\": \"\(hex(number.bitPattern))\"}"
        case (_, .string(let text)): out += "{\"s\": "; JSONString.append(text, to: &out); out += "}"
        case (_, .bytes(let bytes)), (_, .fixed(let bytes)): out += "{\"b\": \"\(bytes.map { hex($0) }.joined())\"}"
        case (_, .enumeration(_, let symbol)): out += "{\"e\": \"\(symbol)\"}"
        case (.record(let record), .record(let fields)):
            out += "{"
            for (index, (field, fieldValue)) in zip(record.fields, fields).enumerated() {
                if index > 0 { out += ", " }
                JSONString.append(field.name, to: &out)
                out += ": "
                append(fieldValue, schema: field.type, to: &out)
            }
            out += "}"
        case (.array(let items), .array(let elements)):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += ", " }
                append(element, schema: items, to: &out)
            }
            out += "]"
        case (.map(let values), .map(let entries)):
            out += "["
            for (index, (key, entry)) in entries.enumerated() {
                if index > 0 { out += ", " }
                out += "["
                JSONString.append(key, to: &out)
                out += ", "
                append(entry, schema: values, to: &out)
                out += "]"
            }
            out += "]"
        default:
            out += "\"unexpected \(value) for \(schema.kindName)\""
        }
    }

    static func fits(_ value: AvroValue, _ schema: AvroSchema) -> Bool {
        switch (value, schema) {
        case (.null, .null), (.boolean, .boolean), (.int, .int), (.long, .long), (.float, .float), (.double, .double),
             (.bytes, .bytes), (.string, .string), (.record, .record), (.enumeration, .enumeration), (.array, .array),
             (.map, .map), (.fixed, .fixed): true
        default: false
        }
    }

    static func hex<T: FixedWidthInteger>(_ value: T) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: MemoryLayout<T>.size * 2 - digits.count) + digits
    }
}
