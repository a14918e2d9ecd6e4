import Testing
@testable import Parquet

/// The footer of a nested file, decoded field by field: the schema elements with their LIST and MAP
/// annotations (LogicalType and the ConvertedType older readers use), and the leaf paths of the column chunks.
@Suite struct NestedFooterTests {
    @Test func schemaElementsAndPaths() throws {
        let schema = try ParquetNestedSchema([
            .primitive("id", .int64, optional: false),
            .list("tags", of: .primitive("element", .string)),
            .map("counts", optional: false, key: .string, value: .primitive("value", .int32)),
            .group("device", [.primitive("category", .string)]),
        ])
        let file = try NestedLevelTests.writeRows(schema, [[
            .value(.int64(1)), .list([.value(.string("a"))]), .map([ParquetMapEntry(.string("k"), .value(.int32(2)))]),
            .group([.null]),
        ]])
        let footer = try parquetFooter(file)
        let elements = footer[2]!.list!
        // (name, repetition, children, converted type, logical type member)
        let seen = elements.map { element in
            (element[4]!.string!, element[3]?.int, element[5]?.int, element[6]?.int, element[10]?.fieldIDs.first)
        }
        let expected: [(String, Int64?, Int64?, Int64?, Int16?)] = [
            ("schema", nil, 4, nil, nil),
            ("id", 0, nil, nil, nil),
            ("tags", 1, 1, 3, 3), ("list", 2, 1, nil, nil), ("element", 1, nil, 0, 1),
            ("counts", 0, 1, 1, 2), ("key_value", 2, 2, nil, nil), ("key", 0, nil, 0, 1), ("value", 1, nil, nil, nil),
            ("device", 1, 1, nil, nil), ("category", 1, nil, 0, 1),
        ]
        #expect(seen.count == expected.count)
        for (got, want) in zip(seen, expected) {
            #expect(got.0 == want.0 && got.1 == want.1 && got.2 == want.2 && got.3 == want.3 && got.4 == want.4,
                    "element \(got) expected \(want)")
        }
        let paths = footer[4]!.list![0][1]!.list!.map { chunk in chunk[3]![3]!.list!.map { $0.string! } }
        #expect(paths == [["id"], ["tags", "list", "element"], ["counts", "key_value", "key"], ["counts", "key_value", "value"],
                          ["device", "category"]])
        // One TYPE_ORDER column order per leaf.
        #expect(footer[7]?.list?.count == 5)
    }
}
