/// Columnar records (`ParquetNestedColumnValues`, offsets and validity per level) into leaf columns.
///
/// Each leaf is striped on its own, so the leaves of a batch can be encoded side by side: the walk follows the
/// leaf's path from the top-level field down, through group validity and list or map offsets, and hands each
/// entry (repetition level, and the definition level or the leaf slot of a value) to a sink. Nothing is
/// allocated per value: the arrays are read in place through pointers bound for the length of the walk.
enum ColumnarShredding {
    // MARK: Checks

    /// Checks the batch's shape and leaf values against the schema, before anything is written.
    static func check(_ columns: [ParquetNestedColumnValues], schema: ParquetNestedSchema, firstRow: Int) throws(ParquetError) {
        guard columns.count == schema.topLevelNodes.count else {
            throw .batchMismatch("\(columns.count) fields given for a schema of \(schema.topLevelNodes.count)")
        }
        let rows = columns.first?.count ?? 0
        for (node, values) in zip(schema.topLevelNodes, columns) {
            guard values.count == rows else {
                throw .batchMismatch(
                    "field '\(schema.nodes[node].name)' has \(values.count) records, '\(schema.nodes[schema.topLevelNodes[0]].name)' has \(rows)")
            }
            try check(values, node: node, schema: schema, firstRow: firstRow)
        }
    }

    private static func check(
        _ values: ParquetNestedColumnValues, node index: Int, schema: ParquetNestedSchema, firstRow: Int
    ) throws(ParquetError) {
        let node = schema.nodes[index]
        func mismatch(_ detail: String) -> ParquetError { .batchMismatch("field '\(node.name)': \(detail)") }
        func checkValidity(_ validity: [Bool]?, count: Int) throws(ParquetError) {
            guard let validity else { return }
            guard validity.count == count else { throw mismatch("\(validity.count) validity flags for \(count) slots") }
            if !node.isOptional, let slot = validity.firstIndex(of: false) {
                throw .nullInRequiredColumn(column: node.name, row: firstRow + slot)
            }
        }
        func checkOffsets(_ offsets: [Int32], childCount: Int) throws(ParquetError) {
            guard let first = offsets.first, first >= 0 else { throw mismatch("offsets must start at 0 or above") }
            for slot in 1..<offsets.count where offsets[slot] < offsets[slot - 1] {
                throw mismatch("offset \(slot) (\(offsets[slot])) is below the one before it")
            }
            guard Int(offsets[offsets.count - 1]) <= childCount else {
                throw mismatch("offsets end at \(offsets[offsets.count - 1]), the child holds \(childCount) slots")
            }
        }
        switch (node.kind, values) {
        case (.leaf, .primitive(let leafValues)):
            try ValueValidation.check(leafValues, column: schema.leaves[node.firstLeaf].column, firstRow: firstRow)
        case (.group, .group(let fields, let validity)):
            guard fields.count == node.children.count else { throw mismatch("\(fields.count) fields for \(node.children.count)") }
            let count = values.count
            try checkValidity(validity, count: count)
            for (child, field) in zip(node.children, fields) {
                guard field.count == count else { throw mismatch("field '\(schema.nodes[child].name)' has \(field.count) slots, not \(count)") }
                try check(field, node: child, schema: schema, firstRow: firstRow)
            }
        case (.list, .list(let offsets, let element, let validity)):
            try checkOffsets(offsets, childCount: element.count)
            try checkValidity(validity, count: values.count)
            try check(element, node: node.children[0], schema: schema, firstRow: 0)
        case (.map, .map(let offsets, let keys, let mapValues, let validity)):
            guard keys.count == mapValues.count else { throw mismatch("\(keys.count) keys for \(mapValues.count) values") }
            try checkOffsets(offsets, childCount: keys.count)
            try checkValidity(validity, count: values.count)
            try check(.primitive(keys), node: node.children[0], schema: schema, firstRow: 0)
            try check(mapValues, node: node.children[1], schema: schema, firstRow: 0)
        default:
            throw mismatch("expected \(node.kind), found \(values.kindName)")
        }
    }

    // MARK: Walking one leaf

    /// One level of a leaf's path, with its arrays bound for the walk.
    struct Step {
        var kind: LevelNode.Kind
        var absentDefinition: UInt8
        var presentDefinition: UInt8
        var entryRepetition: UInt8
        var validity: UnsafeBufferPointer<Bool>?
        var offsets: UnsafeBufferPointer<Int32>?
    }

    /// A level of the path before binding: the schema node and the arrays at that level.
    private struct PathPart {
        var step: Step
        var validity: [Bool]?
        var offsets: [Int32]?
    }

    /// The path from a top-level field to `leaf`, and the leaf's values.
    private static func path(
        to leaf: Int, in columns: [ParquetNestedColumnValues], schema: ParquetNestedSchema
    ) -> (parts: [PathPart], values: ParquetColumnValues) {
        var parts: [PathPart] = []
        let top = schema.topLevelNodes.firstIndex { schema.nodes[$0].leafEnd > leaf }!
        var nodeIndex = schema.topLevelNodes[top]
        var values = columns[top]
        while true {
            let node = schema.nodes[nodeIndex]
            var step = Step(
                kind: node.kind, absentDefinition: UInt8(node.absentDefinition),
                presentDefinition: UInt8(node.presentDefinition), entryRepetition: UInt8(node.entryRepetition))
            let next = node.children.firstIndex { schema.nodes[$0].firstLeaf <= leaf && leaf < schema.nodes[$0].leafEnd }
            switch values {
            case .primitive(let leafValues):
                parts.append(PathPart(step: step, validity: nil, offsets: nil))
                return (parts, leafValues)
            case .group(let fields, let validity):
                parts.append(PathPart(step: step, validity: validity, offsets: nil))
                values = fields[next!]
            case .list(let offsets, let element, let validity):
                parts.append(PathPart(step: step, validity: validity, offsets: offsets))
                values = element
            case .map(let offsets, let keys, let mapValues, let validity):
                step.kind = .map
                parts.append(PathPart(step: step, validity: validity, offsets: offsets))
                values = next == 0 ? .primitive(keys) : mapValues
            }
            nodeIndex = node.children[next!]
        }
    }

    /// The values of `leaf` in a batch.
    static func leafValues(_ leaf: Int, of columns: [ParquetNestedColumnValues], schema: ParquetNestedSchema) -> ParquetColumnValues {
        path(to: leaf, in: columns, schema: schema).values
    }

    /// Walks `records` of a checked batch for one leaf, handing every entry to `sink`.
    static func walk<Sink: LeafEntrySink>(
        leaf: Int, of columns: [ParquetNestedColumnValues], schema: ParquetNestedSchema, records: Range<Int>,
        into sink: inout Sink
    ) throws(ParquetError) {
        let parts = path(to: leaf, in: columns, schema: schema).parts
        let steps = UnsafeMutableBufferPointer<Step>.allocate(capacity: parts.count)
        defer { steps.deallocate() }
        _ = steps.initialize(from: parts.map(\.step))
        try bind(parts, from: 0, into: steps) { () throws(ParquetError) in
            let bound = UnsafeBufferPointer(steps)
            for record in records { try descend(bound, 0, record, 0, &sink) }
        }
    }

    /// Binds the validity and offsets pointers of `parts[index...]` into `steps`, then runs `body`.
    private static func bind(
        _ parts: [PathPart], from index: Int, into steps: UnsafeMutableBufferPointer<Step>,
        _ body: () throws(ParquetError) -> Void
    ) throws(ParquetError) {
        guard index < parts.count else { return try body() }
        try withBuffer(parts[index].validity) { (validity) throws(ParquetError) in
            steps[index].validity = validity
            try withBuffer(parts[index].offsets) { (offsets) throws(ParquetError) in
                steps[index].offsets = offsets
                try bind(parts, from: index + 1, into: steps, body)
            }
        }
    }

    private static func withBuffer<Element>(
        _ array: [Element]?, _ body: (UnsafeBufferPointer<Element>?) throws(ParquetError) -> Void
    ) throws(ParquetError) {
        guard let array else { return try body(nil) }
        try array.withUnsafeBufferPointer { (buffer) throws(ParquetError) in try body(buffer) }
    }

    private static func descend<Sink: LeafEntrySink>(
        _ steps: UnsafeBufferPointer<Step>, _ depth: Int, _ slot: Int, _ repetition: UInt8, _ sink: inout Sink
    ) throws(ParquetError) {
        let step = steps[depth]
        if let validity = step.validity, !validity[slot] {
            return try sink.absent(repetition: repetition, definition: step.absentDefinition)
        }
        switch step.kind {
        case .leaf:
            try sink.present(repetition: repetition, slot: slot)
        case .group:
            try descend(steps, depth + 1, slot, repetition, &sink)
        case .list, .map:
            let offsets = step.offsets.unsafelyUnwrapped
            let start = Int(offsets[slot])
            let end = Int(offsets[slot + 1])
            guard start < end else {
                return try sink.absent(repetition: repetition, definition: step.presentDefinition)
            }
            try descend(steps, depth + 1, start, repetition, &sink)
            var child = start + 1
            while child < end {
                try descend(steps, depth + 1, child, step.entryRepetition, &sink)
                child += 1
            }
        }
    }
}

/// Where a leaf's entries go during a columnar walk.
protocol LeafEntrySink {
    /// An entry without a value: a null or an empty list or map on the way, at `definition`.
    mutating func absent(repetition: UInt8, definition: UInt8) throws(ParquetError)
    /// An entry that reached the leaf at `slot` of its values (which may still hold a null there).
    mutating func present(repetition: UInt8, slot: Int) throws(ParquetError)
}
