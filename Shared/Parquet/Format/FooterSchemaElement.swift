/// One `SchemaElement` of the footer below the root: a leaf column or a group (STRUCT, LIST, MAP, or the
/// repeated group inside a LIST or MAP). The footer lists them depth first; a group gives its child count.
enum FooterSchemaElement: Equatable {
    /// What a group is annotated with, as a LogicalType and the ConvertedType older readers look for.
    enum GroupAnnotation: Equatable {
        case list, map
    }

    /// A leaf: `column` gives the type, the encoding and whether it is optional; `name` is the last path part.
    case leaf(ParquetColumn, name: String)
    case group(name: String, repetition: FieldRepetition, childCount: Int, annotation: GroupAnnotation?)

    var isLeaf: Bool {
        if case .leaf = self { return true }
        return false
    }

    /// The elements of a flat schema: one leaf per column.
    static func flat(_ schema: ParquetSchema) -> [FooterSchemaElement] {
        schema.columns.map { .leaf($0, name: $0.name) }
    }

    /// How many elements hang directly under the root (the root's `num_children`).
    static func topLevelCount(_ elements: [FooterSchemaElement]) -> Int {
        var count = 0
        var index = 0
        while index < elements.count {
            count += 1
            index = end(of: index, in: elements)
        }
        return count
    }

    /// The index after the subtree that starts at `index`.
    private static func end(of index: Int, in elements: [FooterSchemaElement]) -> Int {
        guard case .group(_, _, let childCount, _) = elements[index] else { return index + 1 }
        var next = index + 1
        for _ in 0..<childCount { next = end(of: next, in: elements) }
        return next
    }

    func encode(into writer: inout ThriftCompactWriter) {
        switch self {
        case .leaf(let column, let name):
            Self.encodeLeaf(column, name: name, into: &writer)
        case .group(let name, let repetition, let childCount, let annotation):
            writer.beginListStruct()
            writer.writeI32(3, repetition.rawValue)
            writer.writeString(4, name)
            writer.writeI32(5, Int32(childCount))
            if let annotation {
                writer.writeI32(6, (annotation == .list ? ConvertedType.list : .map).rawValue)
                writer.beginStruct(10)
                writer.writeEmptyStruct((annotation == .list ? LogicalTypeMember.list : .map).rawValue)
                writer.endStruct()
            }
            writer.endStruct()
        }
    }

    private static func encodeLeaf(_ column: ParquetColumn, name: String, into writer: inout ThriftCompactWriter) {
        writer.beginListStruct()
        writer.writeI32(1, column.type.physicalType.rawValue)
        if case .decimal(let precision, _) = column.type, column.type.physicalType == .fixedLenByteArray {
            writer.writeI32(2, Int32(ParquetType.decimalByteWidth(precision: precision)))
        }
        writer.writeI32(3, (column.isOptional ? FieldRepetition.optional : .required).rawValue)
        writer.writeString(4, name)
        switch column.type {
        case .string:
            writer.writeI32(6, ConvertedType.utf8.rawValue)
            writer.beginStruct(10)
            writer.writeEmptyStruct(LogicalTypeMember.string.rawValue)
            writer.endStruct()
        case .date:
            writer.writeI32(6, ConvertedType.date.rawValue)
            writer.beginStruct(10)
            writer.writeEmptyStruct(LogicalTypeMember.date.rawValue)
            writer.endStruct()
        case .timestamp(let unit):
            writer.writeI32(6, (unit == .milliseconds ? ConvertedType.timestampMillis : .timestampMicros).rawValue)
            writer.beginStruct(10)
            writer.beginStruct(LogicalTypeMember.timestamp.rawValue)
            writer.writeBool(1, true)  // isAdjustedToUTC
            writer.beginStruct(2)  // TimeUnit union
            writer.writeEmptyStruct(unit == .milliseconds ? 1 : 2)
            writer.endStruct()
            writer.endStruct()
            writer.endStruct()
        case .decimal(let precision, let scale):
            writer.writeI32(6, ConvertedType.decimal.rawValue)
            writer.writeI32(7, Int32(scale))
            writer.writeI32(8, Int32(precision))
            writer.beginStruct(10)
            writer.beginStruct(LogicalTypeMember.decimal.rawValue)
            writer.writeI32(1, Int32(scale))
            writer.writeI32(2, Int32(precision))
            writer.endStruct()
            writer.endStruct()
        case .boolean, .int32, .int64, .double:
            break
        }
        writer.endStruct()
    }
}
