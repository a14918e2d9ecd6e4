import Foundation
import Parquet

/// A nested Parquet file written by the module plus what it is meant to contain, for the reader matrix
/// (`scripts/parquet_nested_matrix.py` reads the manifest): the field tree and every record as JSON.
struct ParquetNestedCorpusCase {
    var name: String
    var schema: ParquetNestedSchema
    var options: ParquetWriterOptions
    var records: [[ParquetNestedValue]]
    /// Write through the columnar path (Arrow-like offsets and validity) instead of record by record.
    var columnar: Bool
    var expectedRowGroupRows: [Int]?

    func write(to directory: URL) throws {
        let sink = try FileOutputSink(path: directory.appendingPathComponent("\(name).parquet").path)
        try write(into: sink, columnar: columnar)
        try sink.close()

        var manifest: [String: ManifestJSON] = [
            "nested": .bool(true), "file": .string("\(name).parquet"),
            "codec": .string(ParquetCorpusCase.codecName(options.compression)),
            "fields": .array(schema.fields.map(Self.describe)),
            "rows": .array(records.map { record in
                .object(Dictionary(uniqueKeysWithValues: zip(schema.fields, record).map { ($0.name, Self.json($1, $0)) }))
            }),
        ]
        if let expectedRowGroupRows { manifest["row_group_rows"] = .array(expectedRowGroupRows.map { .string(String($0)) }) }
        try JSONEncoder().encode(ManifestJSON.object(manifest)).write(to: directory.appendingPathComponent("\(name).json"))
    }

    /// Writes the records one by one, or as columnar batches of 97 records.
    func write(into sink: any ParquetSink, columnar: Bool) throws {
        let writer = try ParquetNestedWriter(schema: schema, options: options, sink: sink)
        if columnar {
            var start = 0
            while start < records.count {
                let end = min(records.count, start + 97)
                try writer.write(columns: NestedColumnarInput.columns(schema.fields, Array(records[start..<end])))
                start = end
            }
        } else {
            for record in records { try writer.write(record: record) }
        }
        try writer.close()
    }

    static func describe(_ field: ParquetField) -> ManifestJSON {
        var object: [String: ManifestJSON] = ["name": .string(field.name), "optional": .bool(field.isOptional)]
        switch field.shape {
        case .primitive(let type, _):
            object["kind"] = .string("primitive")
            object["type"] = .string(ParquetCorpusCase.typeName(type))
            if case .decimal(let precision, let scale) = type {
                object["precision"] = .number(precision)
                object["scale"] = .number(scale)
            }
        case .group(let fields):
            object["kind"] = .string("group")
            object["fields"] = .array(fields.map(describe))
        case .list(let element):
            object["kind"] = .string("list")
            object["element"] = describe(element)
        case .map(let key, let value):
            object["kind"] = .string("map")
            object["key"] = describe(key)
            object["value"] = describe(value)
        }
        return .object(object)
    }

    /// A value as the manifest holds it: numbers (and double bit patterns) as text, so nothing is rounded.
    static func json(_ value: ParquetNestedValue, _ field: ParquetField) -> ManifestJSON {
        switch (value, field.shape) {
        case (.null, _): return .null
        case (.value(.boolean(let flag)), _): return .bool(flag)
        case (.value(let leaf), _): return .string(ParquetCorpusCase.text(leaf)!)
        case (.group(let values), .group(let fields)):
            return .object(Dictionary(uniqueKeysWithValues: zip(fields, values).map { ($0.name, json($1, $0)) }))
        case (.list(let items), .list(let element)):
            return .array(items.map { json($0, element) })
        case (.map(let entries), .map(let key, let valueField)):
            return .array(entries.map { .array([json(.value($0.key), key), json($0.value, valueField)]) })
        default:
            preconditionFailure("value \(value) does not fit field \(field.name)")
        }
    }
}

/// Just enough JSON for the manifests.
indirect enum ManifestJSON: Encodable {
    case null
    case bool(Bool)
    case number(Int)
    case string(String)
    case array([ManifestJSON])
    case object([String: ManifestJSON])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }
}

/// Records (value trees) turned into the columnar input: offsets and validity per level, as Arrow holds them.
enum NestedColumnarInput {
    static func columns(_ fields: [ParquetField], _ records: [[ParquetNestedValue]]) -> [ParquetNestedColumnValues] {
        fields.enumerated().map { index, field in column(field, records.map { $0[index] }) }
    }

    static func column(_ field: ParquetField, _ values: [ParquetNestedValue]) -> ParquetNestedColumnValues {
        let validity = values.contains(.null) ? values.map { $0 != .null } : nil
        switch field.shape {
        case .primitive(let type, _):
            let leaves = values.map { value -> ParquetValue? in if case .value(let leaf) = value { leaf } else { nil } }
            return .primitive(ParquetCorpusCase.batch(leaves[...], type: type))
        case .group(let children):
            return .group(children.enumerated().map { index, child in
                column(child, values.map { value in
                    if case .group(let members) = value { return members[index] }
                    return filler(child)
                })
            }, validity: validity)
        case .list(let element):
            var offsets: [Int32] = [0]
            var items: [ParquetNestedValue] = []
            for value in values {
                if case .list(let elements) = value { items += elements }
                offsets.append(Int32(items.count))
            }
            return .list(offsets: offsets, element: column(element, items), validity: validity)
        case .map(let key, let valueField):
            var offsets: [Int32] = [0]
            var entries: [ParquetMapEntry] = []
            for value in values {
                if case .map(let members) = value { entries += members }
                offsets.append(Int32(entries.count))
            }
            guard case .primitive(let keyType, _) = key.shape else { preconditionFailure("map key is a primitive") }
            return .map(
                offsets: offsets, keys: ParquetCorpusCase.batch(entries.map { Optional($0.key) }[...], type: keyType),
                values: column(valueField, entries.map(\.value)), validity: validity)
        }
    }

    /// What a required field holds under a null parent (Arrow's arrays have a slot there; it is never read).
    static func filler(_ field: ParquetField) -> ParquetNestedValue {
        guard !field.isOptional else { return .null }
        switch field.shape {
        case .primitive(let type, _):
            switch type {
            case .string: return .value(.string(""))
            case .boolean: return .value(.boolean(false))
            case .int32: return .value(.int32(0))
            case .int64: return .value(.int64(0))
            case .double: return .value(.double(0))
            case .date: return .value(.date(daysSinceEpoch: 0))
            case .timestamp: return .value(.timestamp(0))
            case .decimal: return .value(.decimal(unscaled: 0))
            }
        case .group(let children): return .group(children.map(filler))
        case .list: return .list([])
        case .map: return .map([])
        }
    }
}
