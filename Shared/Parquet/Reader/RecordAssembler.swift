extension ParquetRowGroup {
    /// The rows as values: one `.group` per row holding each top-level field read. Fields whose columns were
    /// not all projected show only the projected parts. Meant for convenience and tests; the column buffers
    /// are the fast path.
    public func rows() throws(ParquetError) -> [ParquetFieldValue] {
        var assembler = RecordAssembler(schema: schema, columns: columns)
        var rows: [ParquetFieldValue] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            rows.append(try assembler.nextRow(row, rowGroup: index))
        }
        return rows
    }
}

/// Rebuilds records from leaf columns by their definition and repetition levels (the Dremel assembly).
///
/// A node is absent when its first leaf's definition level is below the node's own; then each leaf under it
/// holds exactly one entry for that absence. A repeated node repeats while the next entry's repetition level
/// equals the node's. A column is either one whole buffer or its pages (`ParquetColumnPages`), taken in turn as
/// the entries run out, so a record may span pages.
struct RecordAssembler {
    private final class Cursor {
        var buffer: ParquetColumnBuffer
        let pages: ParquetColumnPages?
        var entry = 0
        var value = 0

        init(buffer: ParquetColumnBuffer, pages: ParquetColumnPages?) {
            self.buffer = buffer
            self.pages = pages
        }

        /// True when an entry is left, taking the next page when this one is used up.
        func available() throws(ParquetError) -> Bool {
            while entry >= buffer.levelCount {
                guard let pages else { return false }
                // Released first, so the page's buffers are reused rather than copied.
                buffer = ParquetColumnBuffer.empty(buffer.leaf)
                guard let next = try pages.next() else { return false }
                buffer = next
                entry = 0
                value = 0
            }
            return true
        }
    }

    private let schema: ParquetFileSchema
    private var cursors: [Int: Cursor] = [:]

    init(schema: ParquetFileSchema, columns: [ParquetColumnBuffer]) {
        self.schema = schema
        for column in columns { cursors[column.leaf.index] = Cursor(buffer: column, pages: nil) }
    }

    init(schema: ParquetFileSchema, pages: [ParquetColumnPages]) {
        self.schema = schema
        for column in pages { cursors[column.leaf.index] = Cursor(buffer: .empty(column.leaf), pages: column) }
    }

    mutating func nextRow(_ row: Int, rowGroup: Int) throws(ParquetError) -> ParquetFieldValue {
        var fields: [ParquetNamedValue] = []
        for field in schema.root.children where firstLeaf(field) != nil {
            fields.append(ParquetNamedValue(name: field.name, value: try child(field, row: row, rowGroup: rowGroup)))
        }
        return .group(fields)
    }

    /// The first column that still has entries after the last row, if any: it holds more rows than declared.
    func leftover() throws(ParquetError) -> String? {
        for (leaf, cursor) in cursors.sorted(by: { $0.key < $1.key }) where try cursor.available() {
            return schema.leaves[leaf].name
        }
        return nil
    }

    private func firstLeaf(_ node: ParquetSchemaNode) -> Int? {
        node.leafRange.first { cursors[$0] != nil }
    }

    private func definition(_ leaf: Int) -> Int {
        let cursor = cursors[leaf]!
        let levels = cursor.buffer.definitionLevels
        return levels.isEmpty ? cursor.buffer.leaf.maxDefinitionLevel : Int(levels[cursor.entry])
    }

    private func repetition(_ leaf: Int) -> Int {
        let cursor = cursors[leaf]!
        let levels = cursor.buffer.repetitionLevels
        return levels.isEmpty ? 0 : Int(levels[cursor.entry])
    }

    private func exhausted(_ leaf: Int) throws(ParquetError) -> Bool {
        try !cursors[leaf]!.available()
    }

    private mutating func skip(_ node: ParquetSchemaNode, row: Int, rowGroup: Int) throws(ParquetError) {
        for leaf in node.leafRange where cursors[leaf] != nil {
            try ensure(leaf, row: row, rowGroup: rowGroup)
            cursors[leaf]!.entry += 1
        }
    }

    private func ensure(_ leaf: Int, row: Int, rowGroup: Int) throws(ParquetError) {
        guard try !exhausted(leaf) else {
            throw .unreadable(.malformedValues, "the levels end before row \(row) is complete", rowGroup: rowGroup,
                              column: schema.leaves[leaf].name)
        }
    }

    /// A child of a present parent: a list of occurrences when the child is repeated.
    private mutating func child(_ node: ParquetSchemaNode, row: Int, rowGroup: Int) throws(ParquetError) -> ParquetFieldValue {
        if node.repetition == .repeated { return .list(try occurrences(node, row: row, rowGroup: rowGroup)) }
        return try instance(node, row: row, rowGroup: rowGroup)
    }

    private mutating func occurrences(_ node: ParquetSchemaNode, row: Int, rowGroup: Int) throws(ParquetError) -> [ParquetFieldValue] {
        guard let first = firstLeaf(node) else { return [] }
        try ensure(first, row: row, rowGroup: rowGroup)
        if definition(first) < node.definitionLevel {
            try skip(node, row: row, rowGroup: rowGroup)
            return []
        }
        var items: [ParquetFieldValue] = []
        repeat {
            items.append(try instance(node, row: row, rowGroup: rowGroup))
        } while try !exhausted(first) && repetition(first) == node.repetitionLevel
        return items
    }

    /// One instance of `node` whose parent is present.
    private mutating func instance(_ node: ParquetSchemaNode, row: Int, rowGroup: Int) throws(ParquetError) -> ParquetFieldValue {
        guard let first = firstLeaf(node) else { return .null }
        try ensure(first, row: row, rowGroup: rowGroup)
        if node.repetition == .optional && definition(first) < node.definitionLevel {
            try skip(node, row: row, rowGroup: rowGroup)
            return .null
        }
        if node.isLeaf {
            let cursor = cursors[first]!
            let value = try LeafValue.make(cursor.buffer, at: cursor.value)
            cursor.value += 1
            cursor.entry += 1
            return value
        }
        var fields: [ParquetNamedValue] = []
        for childNode in node.children where firstLeaf(childNode) != nil {
            fields.append(ParquetNamedValue(name: childNode.name, value: try child(childNode, row: row, rowGroup: rowGroup)))
        }
        return Self.annotate(node, fields)
    }

    /// LIST and MAP groups as lists and maps, by the backward-compatibility rules of LogicalTypes.md.
    private static func annotate(_ node: ParquetSchemaNode, _ fields: [ParquetNamedValue]) -> ParquetFieldValue {
        guard node.children.count == 1, let repeated = node.children.first, repeated.repetition == .repeated,
            fields.count == 1, case .list(let items) = fields[0].value
        else { return .group(fields) }
        switch node.logicalType {
        case .list?:
            // Three-level lists wrap each element in a one-field group; legacy two-level ones do not.
            let threeLevel = !repeated.isLeaf && repeated.children.count == 1 && repeated.name != "array"
                && repeated.name != node.name + "_tuple"
            guard threeLevel else { return .list(items) }
            return .list(items.map { item in
                if case .group(let inner) = item, inner.count == 1 { return inner[0].value }
                return item
            })
        case .map?, .mapKeyValue?:
            return .map(items.map { item in
                ParquetFieldMapEntry(key: item["key"] ?? .null, value: item["value"] ?? .null)
            })
        default:
            return .group(fields)
        }
    }
}

/// One stored value with its leaf's logical type applied.
enum LeafValue {
    static func make(_ buffer: ParquetColumnBuffer, at index: Int) throws(ParquetError) -> ParquetFieldValue {
        let logical = buffer.leaf.logicalType
        guard index < buffer.values.count else {
            throw .unreadable(.malformedValues, "fewer values than the definition levels promise", column: buffer.leaf.name)
        }
        switch buffer.values {
        case .boolean(let values):
            return .boolean(values[index])
        case .int32(let values):
            let value = values[index]
            switch logical {
            case .date?: return .date(value)
            case .decimal(let precision, let scale)?:
                return .decimal(ParquetDecimal(unscaled: Int128(value), precision: precision, scale: scale))
            case .time(let unit, let utc)?: return .time(Int64(value), unit, isAdjustedToUTC: utc)
            case .integer(32, false)?: return .int64(Int64(UInt32(bitPattern: value)))
            case .integer(16, false)?: return .int32(Int32(UInt16(truncatingIfNeeded: value)))
            case .integer(8, false)?: return .int32(Int32(UInt8(truncatingIfNeeded: value)))
            default: return .int32(value)
            }
        case .int64(let values):
            let value = values[index]
            switch logical {
            case .timestamp(let unit, let utc)?: return .timestamp(value, unit, isAdjustedToUTC: utc)
            case .time(let unit, let utc)?: return .time(value, unit, isAdjustedToUTC: utc)
            case .decimal(let precision, let scale)?:
                return .decimal(ParquetDecimal(unscaled: Int128(value), precision: precision, scale: scale))
            case .integer(64, false)?: return .uint64(UInt64(bitPattern: value))
            default: return .int64(value)
            }
        case .int96(let values):
            return .timestamp(values[index].nanosecondsSinceEpoch, .nanoseconds, isAdjustedToUTC: false)
        case .float(let values):
            return .float(values[index])
        case .double(let values):
            return .double(values[index])
        case .byteArray(let values):
            return bytes(Array(values[index]), logical)
        case .fixedLenByteArray(let values):
            return bytes(Array(values[index]), logical)
        }
    }

    private static func bytes(_ bytes: [UInt8], _ logical: ParquetLogicalType?) -> ParquetFieldValue {
        switch logical {
        case .string?, .enumeration?, .json?: return .string(bytes)
        case .decimal(let precision, let scale)? where bytes.count <= 16:
            return .decimal(ParquetDecimal(unscaled: bigEndianSigned(bytes), precision: precision, scale: scale))
        default: return .bytes(bytes)
        }
    }

    /// Big-endian two's complement, sign-extended from its first byte.
    static func bigEndianSigned(_ bytes: [UInt8]) -> Int128 {
        guard let first = bytes.first else { return 0 }
        var value: Int128 = first & 0x80 != 0 ? -1 : 0
        for byte in bytes { value = value << 8 | Int128(byte) }
        return value
    }
}
