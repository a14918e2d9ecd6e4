import Testing
@testable import Parquet

/// Records rebuilt from levels, on the GA4 `event_params` example whose levels were decoded from a pyarrow file
/// (reference notes, bigquery §3.2): two params, one param, a NULL list, and an empty list.
@Suite struct ReaderRecordAssemblyTests {
    static func element(
        _ name: String, repetition: Int64, type: Int64? = nil, children: Int64? = nil, converted: Int64? = nil
    ) -> ThriftValue {
        var fields: [Int16: ThriftValue] = [3: .int(repetition), 4: .binary(Array(name.utf8))]
        if let type { fields[1] = .int(type) }
        if let children { fields[5] = .int(children) }
        if let converted { fields[6] = .int(converted) }
        return .structure(fields)
    }

    static let schema = try! ParquetFileSchema(elements: [
        .structure([4: .binary(Array("schema".utf8)), 5: .int(1)]),
        element("event_params", repetition: 1, children: 1, converted: 3),
        element("list", repetition: 2, children: 1),
        element("element", repetition: 1, children: 2),
        element("key", repetition: 1, type: 6, converted: 0),
        element("value", repetition: 1, children: 2),
        element("int_value", repetition: 1, type: 2),
        element("string_value", repetition: 1, type: 6, converted: 0),
    ])

    static func strings(_ values: [String]) -> ParquetLeafValues {
        var offsets = [0]
        var data: [UInt8] = []
        for value in values {
            data += Array(value.utf8)
            offsets.append(data.count)
        }
        return .byteArray(ParquetByteArrayValues(data: data, offsets: offsets))
    }

    @Test func levelsMatchTheReferenceExample() {
        let leaves = Self.schema.leaves
        #expect(leaves.map(\.name) == ["event_params.list.element.key", "event_params.list.element.value.int_value",
                                       "event_params.list.element.value.string_value"])
        #expect(leaves.map(\.maxDefinitionLevel) == [4, 5, 5])
        #expect(leaves.map(\.maxRepetitionLevel) == [1, 1, 1])
        #expect(Self.schema.root.children[0].logicalType == .list)
    }

    @Test func rowsFollowTheLevels() throws {
        let leaves = Self.schema.leaves
        let repetition: [UInt8] = [0, 1, 0, 0, 0]
        let columns = [
            ParquetColumnBuffer(leaf: leaves[0], values: Self.strings(["a", "b", "c"]), definitionLevels: [4, 4, 4, 0, 1],
                                repetitionLevels: repetition, levelCount: 5),
            ParquetColumnBuffer(leaf: leaves[1], values: .int64([7]), definitionLevels: [5, 4, 4, 0, 1],
                                repetitionLevels: repetition, levelCount: 5),
            ParquetColumnBuffer(leaf: leaves[2], values: Self.strings(["x"]), definitionLevels: [4, 5, 4, 0, 1],
                                repetitionLevels: repetition, levelCount: 5),
        ]
        let rows = try ParquetRowGroup(index: 0, rowCount: 4, schema: Self.schema, columns: columns).rows()
        func param(_ key: String, _ int: ParquetFieldValue, _ text: ParquetFieldValue) -> ParquetFieldValue {
            .group([
                ParquetNamedValue(name: "key", value: .string(Array(key.utf8))),
                ParquetNamedValue(name: "value", value: .group([
                    ParquetNamedValue(name: "int_value", value: int), ParquetNamedValue(name: "string_value", value: text),
                ])),
            ])
        }
        let expected: [ParquetFieldValue] = [
            .list([param("a", .int64(7), .null), param("b", .null, .string(Array("x".utf8)))]),
            .list([param("c", .null, .null)]),
            .null,
            .list([]),
        ]
        #expect(rows.count == 4)
        for (row, want) in zip(rows, expected) {
            #expect(row["event_params"] == want)
        }
    }

    @Test func projectionKeepsOnlyTheChosenLeaves() throws {
        let leaves = Self.schema.leaves
        let keys = ParquetColumnBuffer(leaf: leaves[0], values: Self.strings(["a", "b", "c"]), definitionLevels: [4, 4, 4, 0, 1],
                                       repetitionLevels: [0, 1, 0, 0, 0], levelCount: 5)
        let rows = try ParquetRowGroup(index: 0, rowCount: 4, schema: Self.schema, columns: [keys]).rows()
        #expect(rows[0]["event_params"] == .list([
            .group([ParquetNamedValue(name: "key", value: .string([0x61]))]),
            .group([ParquetNamedValue(name: "key", value: .string([0x62]))]),
        ]))
        #expect(rows[2]["event_params"] == .null)
    }

    @Test func levelsThatEndEarlyAreAnError() throws {
        let leaves = Self.schema.leaves
        let keys = ParquetColumnBuffer(leaf: leaves[0], values: Self.strings(["a"]), definitionLevels: [4],
                                       repetitionLevels: [0], levelCount: 1)
        #expect(throws: ParquetError.self) {
            _ = try ParquetRowGroup(index: 0, rowCount: 2, schema: Self.schema, columns: [keys]).rows()
        }
    }
}
