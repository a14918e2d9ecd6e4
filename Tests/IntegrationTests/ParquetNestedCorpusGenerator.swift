import Foundation
import Parquet
import TestSupport

/// The nested cases of the reader matrix: designed shapes (empty and null lists, lists of nulls, nulls at every
/// level, deep nesting, maps, the GA4 BigQuery export) and random schemas with random records, from fixed seeds.
enum ParquetNestedMatrixCases {
    static func all() throws -> [ParquetNestedCorpusCase] {
        var cases = [try lists(), try dictionaryFallback(), try recordsAndSimpleMaps(), try nullsAtEveryLevel(), try deepNesting(), try maps(), try ga4Export(columnar: false),
                     try ga4Export(columnar: true)]
        for seed in 0..<6 {
            var generator = NestedValueGenerator(seed: 7_000 + UInt64(seed))
            let schema = try ParquetNestedSchema((0..<Int.random(in: 2...5, using: &generator.random)).map {
                generator.randomField(name: "f\($0)", depth: 0)
            })
            var options = ParquetWriterOptions(compression: seed % 2 == 0 ? .snappy : .zstd())
            options.rowGroupRowLimit = 70
            options.dataPageByteLimit = 256
            let records = (0..<200).map { _ in schema.fields.map { generator.value(for: $0, depth: 0) } }
            cases.append(ParquetNestedCorpusCase(
                name: "nested_random_\(seed)", schema: schema, options: options, records: records, columnar: seed % 2 == 1,
                expectedRowGroupRows: [70, 70, 60]))
        }
        return cases
    }

    /// Null lists, empty lists, lists of nulls, required lists and required elements; pages cut small.
    static func lists() throws -> ParquetNestedCorpusCase {
        let schema = try ParquetNestedSchema([
            .primitive("id", .int64, optional: false),
            .list("tags", of: .primitive("element", .string)),
            .list("scores", optional: false, of: .primitive("element", .int32, optional: false)),
            .list("when", of: .primitive("element", .timestamp(.milliseconds))),
        ])
        var records: [[ParquetNestedValue]] = []
        for row in 0..<400 {
            let tags: ParquetNestedValue = switch row % 5 {
            case 0: .null
            case 1: .list([])
            case 2: .list([.null])
            case 3: .list([.null, .value(.string("a")), .null])
            default: .list((0..<(row % 7)).map { .value(.string("tag-\($0)-\(ParquetCorpusGenerator.multiByteStrings[$0 % 8])")) })
            }
            let scores: ParquetNestedValue = .list((0..<(row % 4)).map { .value(.int32(Int32(row * 3 + $0))) })
            let when: ParquetNestedValue = row % 3 == 0 ? .list([]) : .list([.value(.timestamp(1_735_689_600_000 + Int64(row))), .null])
            records.append([.value(.int64(Int64(row))), tags, scores, when])
        }
        var options = ParquetWriterOptions(compression: .snappy)
        options.dataPageByteLimit = 128
        options.rowGroupRowLimit = 150
        return ParquetNestedCorpusCase(name: "nested_lists", schema: schema, options: options, records: records,
                                       columnar: false, expectedRowGroupRows: [150, 150, 100])
    }

    /// Dictionaries that overflow a small limit in the middle of records: numbers go on PLAIN after the record,
    /// strings close the row group after it (see `ByteArrayColumnWriter`).
    static func dictionaryFallback() throws -> ParquetNestedCorpusCase {
        let schema = try ParquetNestedSchema([
            .list("codes", of: .primitive("element", .int64)),
            .list("points", of: .group("element", [.primitive("x", .double), .primitive("label", .string)])),
        ])
        var records: [[ParquetNestedValue]] = []
        for row in 0..<600 {
            let codes: [ParquetNestedValue] = (0..<(row % 9)).map { .value(.int64(Int64(row * 9 + $0) * 7_919)) }
            var points: [ParquetNestedValue] = []
            for index in 0..<(row % 4) {
                let x = Double(row) + Double(index) / 4
                points.append(.group([.value(.double(x)), .value(.string("label-\(row / 3)-\(index)"))]))
            }
            records.append([.list(codes), row % 10 == 0 ? .null : .list(points)])
        }
        var options = ParquetWriterOptions(compression: .snappy)
        options.dictionaryPageByteLimit = 1024
        options.dataPageByteLimit = 512
        return ParquetNestedCorpusCase(name: "nested_dictionary_fallback", schema: schema, options: options, records: records,
                                       columnar: true, expectedRowGroupRows: nil)
    }

    /// Structs of leaves and maps of leaves: the shapes fastparquet assembles too.
    static func recordsAndSimpleMaps() throws -> ParquetNestedCorpusCase {
        let schema = try ParquetNestedSchema([
            .group("device", [.primitive("category", .string), .primitive("offset", .int64, optional: false),
                              .primitive("mobile", .boolean)]),
            .map("counts", key: .string, value: .primitive("value", .int32)),
            .group("geo", optional: false, [.primitive("country", .string), .primitive("lat", .double)]),
        ])
        var generator = NestedValueGenerator(seed: 31)
        let records = (0..<300).map { _ in schema.fields.map { generator.value(for: $0, depth: 0) } }
        var options = ParquetWriterOptions(compression: .snappy)
        options.rowGroupRowLimit = 100
        return ParquetNestedCorpusCase(name: "nested_records_maps", schema: schema, options: options, records: records,
                                       columnar: true, expectedRowGroupRows: [100, 100, 100])
    }

    /// A null at each level in turn: the struct, the list, the element, the element's struct, the leaf.
    static func nullsAtEveryLevel() throws -> ParquetNestedCorpusCase {
        let schema = try ParquetNestedSchema([
            .group("a", [
                .group("b", [
                    .list("c", of: .group("element", [.group("d", [.primitive("e", .int64), .primitive("f", .string)])])),
                ]),
            ]),
        ])
        let leaf: ParquetNestedValue = .group([.value(.int64(5)), .value(.string("x"))])
        let shapes: [ParquetNestedValue] = [
            .null,
            .group([.null]),
            .group([.group([.null])]),
            .group([.group([.list([])])]),
            .group([.group([.list([.null])])]),
            .group([.group([.list([.group([.null])])])]),
            .group([.group([.list([.group([.group([.null, .null])])])])]),
            .group([.group([.list([.group([leaf]), .null, .group([.group([.null, .value(.string(""))])])])])]),
        ]
        let records = (0..<160).map { [shapes[$0 % shapes.count]] }
        return ParquetNestedCorpusCase(name: "nested_nulls_every_level", schema: schema, options: ParquetWriterOptions(),
                                       records: records, columnar: true, expectedRowGroupRows: [160])
    }

    /// Lists of structs of lists of structs down to a map: repetition level 4, definition level 13.
    static func deepNesting() throws -> ParquetNestedCorpusCase {
        let schema = try ParquetNestedSchema([
            .list("l1", of: .group("element", [
                .primitive("n", .int32),
                .list("l2", of: .group("element", [
                    .group("s", [
                        .list("l3", of: .group("element", [
                            .primitive("leaf", .double),
                            .map("m", key: .string, value: .primitive("value", .date)),
                        ])),
                    ]),
                ])),
            ])),
        ])
        precondition(schema.leaves.map(\.maxRepetitionLevel) == [1, 3, 4, 4])
        var generator = NestedValueGenerator(seed: 515)
        let records = (0..<150).map { _ in schema.fields.map { generator.value(for: $0, depth: 0) } }
        var options = ParquetWriterOptions(compression: .gzip())
        options.dataPageByteLimit = 200
        return ParquetNestedCorpusCase(name: "nested_deep", schema: schema, options: options, records: records,
                                       columnar: true, expectedRowGroupRows: [150])
    }

    static func maps() throws -> ParquetNestedCorpusCase {
        let schema = try ParquetNestedSchema([
            .map("counts", key: .string, value: .primitive("value", .int64)),
            .map("by_id", optional: false, key: .int32, value: .group("value", [.primitive("name", .string), .primitive("ok", .boolean)])),
            .map("lists", key: .string, value: .list("value", of: .primitive("element", .decimal(precision: 20, scale: 3)))),
        ])
        var generator = NestedValueGenerator(seed: 99)
        let records = (0..<250).map { _ in schema.fields.map { generator.value(for: $0, depth: 0) } }
        return ParquetNestedCorpusCase(name: "nested_maps", schema: schema, options: ParquetWriterOptions(), records: records,
                                       columnar: false, expectedRowGroupRows: [250])
    }

    /// The GA4 BigQuery export schema, one record per event.
    static func ga4Export(columnar: Bool) throws -> ParquetNestedCorpusCase {
        let schema = try GA4ExportFixture.schema()
        var generator = NestedValueGenerator(seed: columnar ? 4_404 : 4_004)
        let records = (0..<300).map { row in GA4ExportFixture.event(row: row, using: &generator) }
        var options = ParquetWriterOptions(compression: .snappy)
        options.rowGroupRowLimit = 128
        return ParquetNestedCorpusCase(name: columnar ? "ga4_export_columnar" : "ga4_export", schema: schema, options: options,
                                       records: records, columnar: columnar, expectedRowGroupRows: [128, 128, 44])
    }
}

/// Random nested fields and values from a fixed seed.
struct NestedValueGenerator {
    var random: SplitMix64
    private var leaves: ParquetCorpusGenerator

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        leaves = ParquetCorpusGenerator(seed: seed ^ 0x5EED)
    }

    static let leafTypes: [ParquetType] = [
        .string, .boolean, .int32, .int64, .double, .date, .timestamp(.milliseconds), .timestamp(.microseconds),
        .decimal(precision: 9, scale: 2), .decimal(precision: 18, scale: 4), .decimal(precision: 30, scale: 5),
    ]

    mutating func randomField(name: String, depth: Int) -> ParquetField {
        let optional = Int.random(in: 0..<4, using: &random) != 0
        let choice = depth >= 3 ? 0 : Int.random(in: 0..<6, using: &random)
        switch choice {
        case 1, 2:
            let count = Int.random(in: 1...3, using: &random)
            return .group(name, optional: optional, (0..<count).map { randomField(name: "\(name)_\($0)", depth: depth + 1) })
        case 3, 4:
            return .list(name, optional: optional, of: randomField(name: "element", depth: depth + 1))
        case 5:
            return .map(name, optional: optional, key: [.string, .int32, .int64][Int.random(in: 0..<3, using: &random)],
                        value: randomField(name: "value", depth: depth + 1))
        default:
            let type = Self.leafTypes[Int.random(in: 0..<Self.leafTypes.count, using: &random)]
            return .primitive(name, type, optional: optional, encoding: Bool.random(using: &random) ? .dictionary : .plain)
        }
    }

    mutating func value(for field: ParquetField, depth: Int) -> ParquetNestedValue {
        if field.isOptional && Int.random(in: 0..<6, using: &random) == 0 { return .null }
        switch field.shape {
        case .primitive(let type, _):
            return .value(leaf(type))
        case .group(let fields):
            return .group(fields.map { value(for: $0, depth: depth + 1) })
        case .list(let element):
            let count = Int.random(in: 0..<5, using: &random)
            return .list((0..<count).map { _ in value(for: element, depth: depth + 1) })
        case .map(let key, let valueField):
            guard case .primitive(let keyType, _) = key.shape else { return .map([]) }
            let count = Int.random(in: 0..<4, using: &random)
            var seen = Set<String>()
            var entries: [ParquetMapEntry] = []
            for _ in 0..<count {
                let keyValue = leaf(keyType)
                // A MAP holds each key once.
                guard seen.insert(ParquetCorpusCase.text(keyValue)!).inserted else { continue }
                entries.append(ParquetMapEntry(keyValue, value(for: valueField, depth: depth + 1)))
            }
            return .map(entries)
        }
    }

    /// A leaf value inside the ranges every reader converts exactly (the flat matrix covers the extremes).
    mutating func leaf(_ type: ParquetType) -> ParquetValue {
        switch type {
        case .date: return .date(daysSinceEpoch: Int32.random(in: 0...25_000, using: &random))
        case .timestamp(.milliseconds): return .timestamp(Int64.random(in: 0...1_900_000_000_000, using: &random))
        case .timestamp(.microseconds): return .timestamp(Int64.random(in: 0...1_900_000_000_000_000, using: &random))
        case .double:
            return .double(Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 64)
        default:
            return leaves.value(for: type, index: Int.random(in: 0..<1000, using: &random), distinct: nil)
        }
    }
}
