import Testing
@testable import Parquet

/// Repetition and definition levels on hand-worked examples, read back from the data pages written (row-wise
/// and columnar input must give the same bytes), with the exact sequences expected.
@Suite struct NestedLevelTests {
    /// The levels of every leaf of a file: (repetition, definition) per entry, all pages of all row groups.
    struct LeafLevels: Equatable, CustomStringConvertible {
        var repetition: [Int] = []
        var definition: [Int] = []
        var description: String { "rep \(repetition) def \(definition)" }
    }

    static func levels(of file: [UInt8], schema: ParquetNestedSchema) throws -> [LeafLevels] {
        var result = Array(repeating: LeafLevels(), count: schema.leaves.count)
        for rowGroup in try walkPages(file) {
            for (leafIndex, pages) in rowGroup.enumerated() {
                let leaf = schema.leaves[leafIndex]
                for page in pages where page.type == 0 {
                    var position = 0
                    let count = Int(page.valueCount)
                    func section(maximum: Int) -> [Int] {
                        guard maximum > 0 else { return Array(repeating: 0, count: count) }
                        let length = Int(page.body[position]) | Int(page.body[position + 1]) << 8
                            | Int(page.body[position + 2]) << 16 | Int(page.body[position + 3]) << 24
                        let bytes = Array(page.body[(position + 4)..<(position + 4 + length)])
                        position += 4 + length
                        return decodeHybrid(bytes, bitWidth: RLEHybridEncoder.bitWidth(forMaximum: UInt32(maximum)), count: count)
                    }
                    let repetition = section(maximum: leaf.maxRepetitionLevel)
                    #expect(repetition.first == 0, "page of \(leaf.dottedPath) starts inside a record")
                    result[leafIndex].repetition += repetition
                    result[leafIndex].definition += section(maximum: leaf.maxDefinitionLevel)
                }
            }
        }
        return result
    }

    /// Decodes `count` values of the RLE/bit-packed hybrid (test-side, independent of the encoder).
    static func decodeHybrid(_ bytes: [UInt8], bitWidth: Int, count: Int) -> [Int] {
        var values: [Int] = []
        var position = 0
        while values.count < count && position < bytes.count {
            var header = 0
            var shift = 0
            while true {
                let byte = Int(bytes[position])
                position += 1
                header |= (byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { break }
            }
            if header & 1 == 0 {
                var value = 0
                for index in 0..<((bitWidth + 7) / 8) { value |= Int(bytes[position + index]) << (8 * index) }
                position += (bitWidth + 7) / 8
                values += Array(repeating: value, count: header >> 1)
            } else {
                let total = (header >> 1) * 8
                for index in 0..<total {
                    var value = 0
                    for bit in 0..<bitWidth {
                        let at = index * bitWidth + bit
                        if bytes[position + at / 8] >> (at % 8) & 1 == 1 { value |= 1 << bit }
                    }
                    values.append(value)
                }
                position += (header >> 1) * bitWidth
            }
        }
        return Array(values.prefix(count))
    }

    static func writeRows(_ schema: ParquetNestedSchema, _ records: [[ParquetNestedValue]],
                          options: ParquetWriterOptions = ParquetNestedLevelOptions.plain) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try ParquetNestedWriter(schema: schema, options: options, sink: sink)
        for record in records { try writer.write(record: record) }
        try writer.close()
        return sink.bytes
    }

    static func writeColumns(_ schema: ParquetNestedSchema, _ columns: [ParquetNestedColumnValues],
                             options: ParquetWriterOptions = ParquetNestedLevelOptions.plain) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try ParquetNestedWriter(schema: schema, options: options, sink: sink)
        try writer.write(columns: columns)
        try writer.close()
        return sink.bytes
    }

    // MARK: The Dremel paper's Document example

    /// `repeated` fields of the paper are required lists of required elements here: the same levels.
    static let documentSchema: ParquetNestedSchema = try! ParquetNestedSchema([
        .primitive("docid", .int64, optional: false),
        .group("links", [
            .list("backward", optional: false, of: .primitive("element", .int64, optional: false)),
            .list("forward", optional: false, of: .primitive("element", .int64, optional: false)),
        ]),
        .list("name", optional: false, of: .group("element", optional: false, [
            .list("language", optional: false, of: .group("element", optional: false, [
                .primitive("code", .string, optional: false),
                .primitive("country", .string),
            ])),
            .primitive("url", .string),
        ])),
    ])

    static func language(_ code: String, _ country: String?) -> ParquetNestedValue {
        .group([.value(.string(code)), country.map { .value(.string($0)) } ?? .null])
    }

    static let documents: [[ParquetNestedValue]] = [
        [
            .value(.int64(10)),
            .group([.list([]), .list([.value(.int64(20)), .value(.int64(40)), .value(.int64(60))])]),
            .list([
                .group([.list([language("en-us", "us"), language("en", nil)]), .value(.string("http://A"))]),
                .group([.list([]), .value(.string("http://B"))]),
                .group([.list([language("en-gb", "gb")]), .null]),
            ]),
        ],
        [
            .value(.int64(20)),
            .group([.list([.value(.int64(10)), .value(.int64(30))]), .list([.value(.int64(80))])]),
            .list([.group([.list([]), .value(.string("http://C"))])]),
        ],
    ]

    @Test func dremelDocumentLevels() throws {
        let schema = Self.documentSchema
        #expect(schema.leaves.map(\.dottedPath) == [
            "docid", "links.backward.list.element", "links.forward.list.element",
            "name.list.element.language.list.element.code", "name.list.element.language.list.element.country",
            "name.list.element.url",
        ])
        #expect(schema.leaves.map(\.maxRepetitionLevel) == [0, 1, 1, 2, 2, 1])
        #expect(schema.leaves.map(\.maxDefinitionLevel) == [0, 2, 2, 2, 3, 2])
        let file = try Self.writeRows(schema, Self.documents)
        let levels = try Self.levels(of: file, schema: schema)
        // The paper's Figure 3, column by column.
        #expect(levels[0] == LeafLevels(repetition: [0, 0], definition: [0, 0]))
        #expect(levels[1] == LeafLevels(repetition: [0, 0, 1], definition: [1, 2, 2]))
        #expect(levels[2] == LeafLevels(repetition: [0, 1, 1, 0], definition: [2, 2, 2, 2]))
        #expect(levels[3] == LeafLevels(repetition: [0, 2, 1, 1, 0], definition: [2, 2, 1, 2, 1]))
        #expect(levels[4] == LeafLevels(repetition: [0, 2, 1, 1, 0], definition: [3, 2, 1, 3, 1]))
        #expect(levels[5] == LeafLevels(repetition: [0, 1, 1, 0], definition: [2, 2, 1, 2]))
    }

    @Test func dremelDocumentColumnarGivesTheSameBytes() throws {
        let columns: [ParquetNestedColumnValues] = [
            .primitive(.int64s([10, 20])),
            .group([
                .list(offsets: [0, 0, 2], element: .primitive(.int64s([10, 30])), validity: nil),
                .list(offsets: [0, 3, 4], element: .primitive(.int64s([20, 40, 60, 80])), validity: nil),
            ], validity: nil),
            .list(offsets: [0, 3, 4], element: .group([
                .list(offsets: [0, 2, 2, 3, 3], element: .group([
                    .primitive(.strings(["en-us", "en", "en-gb"])),
                    .primitive(.strings(["us", nil, "gb"])),
                ], validity: nil), validity: nil),
                .primitive(.strings(["http://A", "http://B", nil, "http://C"])),
            ], validity: nil), validity: nil),
        ]
        let rows = try Self.writeRows(Self.documentSchema, Self.documents)
        let columnar = try Self.writeColumns(Self.documentSchema, columns)
        #expect(rows == columnar)
    }

    // MARK: GA4's event_params and a record (levels measured on a pyarrow-written file)

    static let ga4Schema: ParquetNestedSchema = try! ParquetNestedSchema([
        .list("event_params", of: .group("element", [
            .primitive("key", .string),
            .group("value", [
                .primitive("string_value", .string), .primitive("int_value", .int64),
                .primitive("float_value", .double), .primitive("double_value", .double),
            ]),
        ])),
        .group("device", [.group("web_info", [.primitive("hostname", .string)])]),
    ])

    @Test func ga4EventParamsAndRecordLevels() throws {
        let schema = Self.ga4Schema
        #expect(schema.leaves.map(\.maxDefinitionLevel) == [4, 5, 5, 5, 5, 3])
        #expect(schema.leaves.map(\.maxRepetitionLevel) == [1, 1, 1, 1, 1, 0])
        func param(_ key: String, string: String? = nil, int: Int64? = nil) -> ParquetNestedValue {
            .group([.value(.string(key)), .group([
                string.map { .value(.string($0)) } ?? .null, int.map { .value(.int64($0)) } ?? .null, .null, .null,
            ])])
        }
        let records: [[ParquetNestedValue]] = [
            [.list([param("a", int: 1), param("b", string: "x")]), .group([.group([.value(.string("example.com"))])])],
            [.list([param("c")]), .null],
            [.null, .group([.null])],
        ]
        let levels = try Self.levels(of: Self.writeRows(schema, records), schema: schema)
        #expect(levels[0] == LeafLevels(repetition: [0, 1, 0, 0], definition: [4, 4, 4, 0]))
        #expect(levels[1] == LeafLevels(repetition: [0, 1, 0, 0], definition: [4, 5, 4, 0]))  // string_value
        #expect(levels[2] == LeafLevels(repetition: [0, 1, 0, 0], definition: [5, 4, 4, 0]))  // int_value
        #expect(levels[5] == LeafLevels(repetition: [0, 0, 0], definition: [3, 0, 1]))  // device.web_info.hostname
    }

    // MARK: Lists and maps: empty, null, lists of nulls

    @Test func emptyNullAndNullElementLists() throws {
        let schema = try ParquetNestedSchema([.list("tags", of: .primitive("element", .string))])
        // null list, empty list, [null], ["a", null, "b"]
        let records: [[ParquetNestedValue]] = [
            [.null], [.list([])], [.list([.null])], [.list([.value(.string("a")), .null, .value(.string("b"))])],
        ]
        let file = try Self.writeRows(schema, records)
        #expect(try Self.levels(of: file, schema: schema)[0]
            == LeafLevels(repetition: [0, 0, 0, 0, 1, 1], definition: [0, 1, 2, 3, 2, 3]))
        let columnar = try Self.writeColumns(schema, [
            .list(offsets: [0, 0, 0, 1, 4], element: .primitive(.strings([nil, "a", nil, "b"])),
                  validity: [false, true, true, true]),
        ])
        #expect(file == columnar)
    }

    @Test func mapLevels() throws {
        let schema = try ParquetNestedSchema([.map("attributes", key: .string, value: .primitive("value", .int32))])
        #expect(schema.leaves.map(\.path) == [["attributes", "key_value", "key"], ["attributes", "key_value", "value"]])
        let records: [[ParquetNestedValue]] = [
            [.map([ParquetMapEntry(.string("a"), .value(.int32(1))), ParquetMapEntry(.string("b"), .null)])],
            [.map([])], [.null],
        ]
        let file = try Self.writeRows(schema, records)
        let levels = try Self.levels(of: file, schema: schema)
        #expect(levels[0] == LeafLevels(repetition: [0, 1, 0, 0], definition: [2, 2, 1, 0]))
        #expect(levels[1] == LeafLevels(repetition: [0, 1, 0, 0], definition: [3, 2, 1, 0]))
        let columnar = try Self.writeColumns(schema, [
            .map(offsets: [0, 2, 2, 2], keys: .strings(["a", "b"]), values: .primitive(.int32s([1, nil])),
                 validity: [true, true, false]),
        ])
        #expect(file == columnar)
    }

    // MARK: Pages and statistics

    @Test func pagesStartAtRecordsAndCountEntries() throws {
        let schema = try ParquetNestedSchema([.list("numbers", of: .primitive("element", .int64, encoding: .plain))])
        var options = ParquetNestedLevelOptions.plain
        options.dataPageByteLimit = 64
        var records: [[ParquetNestedValue]] = []
        for row in 0..<300 {
            records.append([row % 7 == 0 ? .null : .list((0..<(row % 5)).map { .value(.int64(Int64(row * 10 + $0))) })])
        }
        let file = try Self.writeRows(schema, records, options: options)
        let pages = try walkPages(file)[0][0].filter { $0.type == 0 }
        #expect(pages.count > 3)
        let levels = try Self.levels(of: file, schema: schema)  // checks each page starts at repetition 0
        let entries = records.reduce(0) { count, record in
            if case .list(let items) = record[0] { return count + max(items.count, 1) }
            return count + 1
        }
        #expect(levels[0].repetition.count == entries)
        #expect(pages.reduce(0) { $0 + Int($1.valueCount) } == entries)
        // Statistics: null_count counts entries below the maximum definition level (null and empty lists).
        let footer = try parquetFooter(file)
        let statistics = footer[4]!.list![0][1]!.list![0][3]![12]!
        #expect(statistics[3]?.int == Int64(levels[0].definition.filter { $0 < 3 }.count))
    }

    @Test func dictionaryFallbackWaitsForTheRecordBoundary() throws {
        // Long lists of distinct numbers overflow a small dictionary in the middle of a record: the dictionary
        // pages end before the next record, PLAIN pages follow, and every page starts a record.
        let schema = try ParquetNestedSchema([.list("codes", of: .primitive("element", .int64))])
        var options = ParquetNestedLevelOptions.plain
        options.dictionaryPageByteLimit = 256
        let records: [[ParquetNestedValue]] = (0..<40).map { row in
            [.list((0..<25).map { .value(.int64(Int64(row * 25 + $0))) })]
        }
        let file = try Self.writeRows(schema, records, options: options)
        let pages = try walkPages(file)[0][0]
        #expect(pages.first?.type == 2, "a dictionary page")
        let dataPages = pages.filter { $0.type == 0 }
        #expect(Set(dataPages.map(\.encoding)) == [0, 8], "RLE_DICTIONARY pages, then PLAIN ones")
        let levels = try Self.levels(of: file, schema: schema)
        #expect(levels[0].repetition.count == 1000)
        #expect(levels[0].repetition.enumerated().allSatisfy { $0.element == ($0.offset % 25 == 0 ? 0 : 1) })
        let columnar = try Self.writeColumns(schema, [
            .list(offsets: (0...40).map { Int32($0 * 25) }, element: .primitive(.int64s((0..<1000).map { Int64($0) })), validity: nil),
        ], options: options)
        #expect(file == columnar)
    }

    @Test func rejectsBadRecordsWithoutWritingThem() throws {
        let schema = try ParquetNestedSchema([
            .primitive("id", .int64, optional: false),
            .list("items", of: .group("element", [.primitive("name", .string, optional: false)])),
        ])
        let sink = MemorySink()
        let writer = try ParquetNestedWriter(schema: schema, options: ParquetNestedLevelOptions.plain, sink: sink)
        #expect(throws: ParquetError.nullInRequiredColumn(column: "items.list.element.name", row: 0)) {
            try writer.write(record: [.value(.int64(1)), .list([.group([.null])])])
        }
        #expect(throws: ParquetError.typeMismatch(column: "items", row: 0, expected: "a list", found: "a group of 1 fields")) {
            try writer.write(record: [.value(.int64(1)), .group([.null])])
        }
        #expect(throws: ParquetError.self) {
            try writer.write(columns: [.primitive(.int64s([1])),
                                       .list(offsets: [0, 2], element: .group([.primitive(.strings(["a"]))], validity: nil), validity: nil)])
        }
        try writer.write(record: [.value(.int64(2)), .list([])])
        try writer.close()
        #expect(try parquetFooter(sink.bytes)[3]?.int == 1)
    }

    @Test func schemaChecks() {
        #expect(throws: ParquetError.self) { try ParquetNestedSchema([.group("empty", [])]) }
        #expect(throws: ParquetError.self) {
            try ParquetNestedSchema([.group("g", [.primitive("a", .int32), .primitive("a", .int32)])])
        }
        #expect(throws: ParquetError.self) {
            try ParquetNestedSchema([ParquetField("m", shape: .map(key: .primitive("key", .string), value: .primitive("value", .int32)))])
        }
        #expect(throws: ParquetError.self) { try ParquetNestedSchema([.primitive("Bad", .int32)]) }
    }
}

enum ParquetNestedLevelOptions {
    /// Uncompressed and PLAIN-free of dictionaries where it matters little: pages are read as written.
    static var plain: ParquetWriterOptions {
        var options = ParquetWriterOptions(compression: .uncompressed)
        options.encodingThreads = 1
        return options
    }
}
