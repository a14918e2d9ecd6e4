/// Row-wise records into leaf columns: checks a record against the schema, then writes each leaf's entries
/// with their repetition and definition levels (the Dremel "column striping").
enum RecordShredding {
    /// Checks `record` (one value per top-level field) without writing anything.
    static func check(_ record: [ParquetNestedValue], schema: ParquetNestedSchema, row: Int) throws(ParquetError) {
        guard record.count == schema.topLevelNodes.count else {
            throw .rowWidthMismatch(row: row, expected: schema.topLevelNodes.count, found: record.count)
        }
        for (node, value) in zip(schema.topLevelNodes, record) {
            try check(value, node: node, schema: schema, row: row)
        }
    }

    private static func check(_ value: ParquetNestedValue, node index: Int, schema: ParquetNestedSchema, row: Int) throws(ParquetError) {
        let node = schema.nodes[index]
        switch (node.kind, value) {
        case (_, .null):
            if !node.isOptional { throw .nullInRequiredColumn(column: node.name, row: row) }
        case (.leaf, .value(let leafValue)):
            try ValueValidation.check(leafValue, column: schema.leaves[node.firstLeaf].column, row: row)
        case (.group, .group(let fields)):
            guard fields.count == node.children.count else {
                throw .typeMismatch(column: node.name, row: row, expected: "a group of \(node.children.count) fields",
                                    found: value.kindName)
            }
            for (child, field) in zip(node.children, fields) { try check(field, node: child, schema: schema, row: row) }
        case (.list, .list(let elements)):
            for element in elements { try check(element, node: node.children[0], schema: schema, row: row) }
        case (.map, .map(let entries)):
            let keyColumn = schema.leaves[schema.nodes[node.children[0]].firstLeaf].column
            for entry in entries {
                try ValueValidation.check(entry.key, column: keyColumn, row: row)
                try check(entry.value, node: node.children[1], schema: schema, row: row)
            }
        default:
            throw .typeMismatch(column: node.name, row: row, expected: expectedName(node), found: value.kindName)
        }
    }

    private static func expectedName(_ node: LevelNode) -> String {
        switch node.kind {
        case .leaf: "a value"
        case .group: "a group"
        case .list: "a list"
        case .map: "a map"
        }
    }

    /// Writes a checked record's entries into the leaf columns.
    static func write(_ record: [ParquetNestedValue], schema: ParquetNestedSchema, slots: [ColumnSlot]) throws(ParquetError) {
        for (node, value) in zip(schema.topLevelNodes, record) {
            try write(value, node: node, repetition: 0, schema: schema, slots: slots)
        }
    }

    private static func write(
        _ value: ParquetNestedValue, node index: Int, repetition: UInt8, schema: ParquetNestedSchema, slots: [ColumnSlot]
    ) throws(ParquetError) {
        let node = schema.nodes[index]
        switch value {
        case .null:
            try writeAbsent(node, repetition: repetition, definition: node.absentDefinition, slots: slots)
        case .value(let leafValue):
            let slot = slots[node.firstLeaf]
            try slot.writer.appendPresentLevels(repetition: repetition)
            try slot.appendPresent(leafValue)
        case .group(let fields):
            for (child, field) in zip(node.children, fields) {
                try write(field, node: child, repetition: repetition, schema: schema, slots: slots)
            }
        case .list(let elements):
            guard !elements.isEmpty else {
                try writeAbsent(node, repetition: repetition, definition: node.presentDefinition, slots: slots)
                return
            }
            for (position, element) in elements.enumerated() {
                let level = position == 0 ? repetition : UInt8(node.entryRepetition)
                try write(element, node: node.children[0], repetition: level, schema: schema, slots: slots)
            }
        case .map(let entries):
            guard !entries.isEmpty else {
                try writeAbsent(node, repetition: repetition, definition: node.presentDefinition, slots: slots)
                return
            }
            for (position, entry) in entries.enumerated() {
                let level = position == 0 ? repetition : UInt8(node.entryRepetition)
                try write(.value(entry.key), node: node.children[0], repetition: level, schema: schema, slots: slots)
                try write(entry.value, node: node.children[1], repetition: level, schema: schema, slots: slots)
            }
        }
    }

    /// One entry without a value in every leaf under `node`.
    private static func writeAbsent(_ node: LevelNode, repetition: UInt8, definition: Int, slots: [ColumnSlot]) throws(ParquetError) {
        for leaf in node.firstLeaf..<node.leafEnd {
            try slots[leaf].writer.appendAbsent(repetition: repetition, definition: UInt8(definition))
        }
    }
}
