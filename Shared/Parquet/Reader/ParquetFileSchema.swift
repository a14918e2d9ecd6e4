/// Physical storage type of a leaf column (parquet.thrift `Type`).
public enum ParquetPhysicalType: Sendable, Equatable, CustomStringConvertible {
    case boolean, int32, int64, int96, float, double, byteArray
    case fixedLenByteArray(width: Int)

    public var description: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .int32: "INT32"
        case .int64: "INT64"
        case .int96: "INT96"
        case .float: "FLOAT"
        case .double: "DOUBLE"
        case .byteArray: "BYTE_ARRAY"
        case .fixedLenByteArray(let width): "FIXED_LEN_BYTE_ARRAY(\(width))"
        }
    }
}

public enum ParquetRepetition: Sendable, Equatable {
    case required, optional, repeated
}

public enum ParquetTimeUnit: Sendable, Equatable {
    case milliseconds, microseconds, nanoseconds
}

/// What a node means beyond its physical type: the LogicalType annotation, or the legacy ConvertedType when a
/// writer (parquet-mr 1.x, Redshift, older Hive) wrote only that.
public enum ParquetLogicalType: Sendable, Equatable {
    case string, enumeration, json, bson, uuid, float16, date, interval
    /// The NullType annotation: every value is null.
    case unknown
    case time(ParquetTimeUnit, isAdjustedToUTC: Bool)
    case timestamp(ParquetTimeUnit, isAdjustedToUTC: Bool)
    case decimal(precision: Int, scale: Int)
    case integer(bitWidth: Int, isSigned: Bool)
    case list
    case map
    /// The legacy MAP_KEY_VALUE annotation on a map's repeated group.
    case mapKeyValue
    /// An annotation this reader does not interpret (VARIANT, GEOMETRY, ...): the raw union field id.
    case other(Int)
}

/// One node of a file's schema: a group (with children) or a leaf (with a physical type).
public struct ParquetSchemaNode: Sendable, Equatable {
    public var name: String
    public var repetition: ParquetRepetition
    public var logicalType: ParquetLogicalType?
    /// Nil for groups.
    public var physicalType: ParquetPhysicalType?
    public var fieldID: Int32?
    public var children: [ParquetSchemaNode]
    /// Names from the root's child down to this node.
    public var path: [String]
    /// Definition and repetition levels a value of this node has when it is present.
    public var definitionLevel: Int
    public var repetitionLevel: Int
    /// Leaf columns under this node (this node's own index when it is a leaf), in file order.
    public var leafRange: Range<Int>

    public var isLeaf: Bool { physicalType != nil }
}

/// A leaf column: what its pages hold and how to assemble its values into records.
public struct ParquetFileLeaf: Sendable, Equatable {
    /// Position among the file's leaf columns (the column chunk index in every row group).
    public var index: Int
    public var path: [String]
    public var physicalType: ParquetPhysicalType
    public var logicalType: ParquetLogicalType?
    public var repetition: ParquetRepetition
    public var maxDefinitionLevel: Int
    public var maxRepetitionLevel: Int

    /// The path joined with dots, as parquet tools print it.
    public var name: String { path.joined(separator: ".") }
}

/// A file's schema as a tree, built from the footer's flattened SchemaElement list.
public struct ParquetFileSchema: Sendable, Equatable {
    public var root: ParquetSchemaNode
    public var leaves: [ParquetFileLeaf]

    /// Deeper nesting than any engine writes; bounds recursion and keeps levels within a byte.
    static let maximumDepth = 100

    /// The leaf columns under the top-level field `name`, or the leaf whose dotted path is `name`.
    public func leafIndices(for name: String) -> Range<Int>? {
        if let field = root.children.first(where: { $0.name == name }) { return field.leafRange }
        if let leaf = leaves.first(where: { $0.name == name }) { return leaf.index..<leaf.index + 1 }
        return nil
    }

    init(elements: [ThriftValue]) throws(ParquetError) {
        guard let rootElement = elements.first else { throw .unreadable(.malformedSchema, "the schema list is empty") }
        var leaves: [ParquetFileLeaf] = []
        var next = 1
        var root = try Self.node(
            rootElement, index: 0, isRoot: true, path: [], definition: 0, repetition: 0, depth: 0,
            elements: elements, next: &next, leaves: &leaves)
        guard next == elements.count else {
            throw .unreadable(.malformedSchema, "\(elements.count - next) schema elements are not reachable from the root")
        }
        root.repetition = .required
        self.root = root
        self.leaves = leaves
    }

    private static func node(
        _ element: ThriftValue, index: Int, isRoot: Bool, path: [String], definition: Int, repetition: Int, depth: Int,
        elements: [ThriftValue], next: inout Int, leaves: inout [ParquetFileLeaf]
    ) throws(ParquetError) -> ParquetSchemaNode {
        guard depth <= maximumDepth else { throw .unreadable(.malformedSchema, "schema nested deeper than \(maximumDepth)") }
        guard element.isStructure, let name = element[4]?.string else {
            throw .unreadable(.malformedSchema, "schema element \(index) has no name")
        }
        let nodePath = isRoot ? [] : path + [name]
        let repetitionKind: ParquetRepetition
        switch element[3]?.int {
        case nil, 0: repetitionKind = .required
        case 1: repetitionKind = .optional
        case 2: repetitionKind = .repeated
        case let other?: throw .unreadable(.malformedSchema, "field '\(name)' has repetition type \(other)")
        }
        var definitionLevel = definition
        var repetitionLevel = repetition
        if !isRoot {
            if repetitionKind != .required { definitionLevel += 1 }
            if repetitionKind == .repeated { repetitionLevel += 1 }
        }
        let logical = try logicalType(element, name: name)
        let fieldID = element[9]?.int.flatMap { Int32(exactly: $0) }
        let childCount = element[5]?.int ?? 0
        let physicalRaw = element[1]?.int
        if isRoot || (childCount > 0) || physicalRaw == nil {
            guard childCount >= 0, childCount <= elements.count - next else {
                throw .unreadable(.malformedSchema, "group '\(name)' claims \(childCount) children; the schema has \(elements.count - next) more elements")
            }
            guard isRoot || childCount > 0 else { throw .unreadable(.malformedSchema, "field '\(name)' has neither a type nor children") }
            let first = leaves.count
            var children: [ParquetSchemaNode] = []
            for child in 0..<Int(childCount) {
                // Each child's own subtree consumes elements too, so the count is checked element by element.
                guard next < elements.count else {
                    throw .unreadable(.malformedSchema, "group '\(name)' claims \(childCount) children; the schema ends after \(child)")
                }
                let childIndex = next
                next += 1
                children.append(try node(
                    elements[childIndex], index: childIndex, isRoot: false, path: nodePath, definition: definitionLevel,
                    repetition: repetitionLevel, depth: depth + 1, elements: elements, next: &next, leaves: &leaves))
            }
            return ParquetSchemaNode(
                name: name, repetition: repetitionKind, logicalType: logical, physicalType: nil, fieldID: fieldID,
                children: children, path: nodePath, definitionLevel: definitionLevel, repetitionLevel: repetitionLevel,
                leafRange: first..<leaves.count)
        }
        let physical: ParquetPhysicalType
        switch physicalRaw! {
        case 0: physical = .boolean
        case 1: physical = .int32
        case 2: physical = .int64
        case 3: physical = .int96
        case 4: physical = .float
        case 5: physical = .double
        case 6: physical = .byteArray
        case 7:
            guard let width = element[2]?.int, width > 0, width <= 1 << 20 else {
                throw .unreadable(.malformedSchema, "FIXED_LEN_BYTE_ARRAY field '\(name)' has no valid type_length")
            }
            physical = .fixedLenByteArray(width: Int(width))
        case let other: throw .unreadable(.malformedSchema, "field '\(name)' has physical type \(other)")
        }
        let leafIndex = leaves.count
        leaves.append(ParquetFileLeaf(
            index: leafIndex, path: nodePath, physicalType: physical, logicalType: logical, repetition: repetitionKind,
            maxDefinitionLevel: definitionLevel, maxRepetitionLevel: repetitionLevel))
        return ParquetSchemaNode(
            name: name, repetition: repetitionKind, logicalType: logical, physicalType: physical, fieldID: fieldID,
            children: [], path: nodePath, definitionLevel: definitionLevel, repetitionLevel: repetitionLevel,
            leafRange: leafIndex..<leafIndex + 1)
    }

    /// The LogicalType union (field 10) when present, else the ConvertedType (6) with scale (7) and precision (8).
    private static func logicalType(_ element: ThriftValue, name: String) throws(ParquetError) -> ParquetLogicalType? {
        if let logical = element[10], let member = logical.fieldIDs.first, let body = logical[member] {
            func unit(_ value: ThriftValue?) -> ParquetTimeUnit? {
                switch value?.fieldIDs.first {
                case 1: .milliseconds
                case 2: .microseconds
                case 3: .nanoseconds
                default: nil
                }
            }
            switch member {
            case 1: return .string
            case 2: return .map
            case 3: return .list
            case 4: return .enumeration
            case 5:
                guard let scale = body[1]?.int, let precision = body[2]?.int, precision > 0, precision <= 1000,
                    scale >= 0, scale <= precision
                else { throw .unreadable(.malformedSchema, "field '\(name)' has an invalid DECIMAL annotation") }
                return .decimal(precision: Int(precision), scale: Int(scale))
            case 6: return .date
            case 7, 8:
                guard let timeUnit = unit(body[2]) else {
                    throw .unreadable(.malformedSchema, "field '\(name)' has a time annotation without a unit")
                }
                let utc = body[1]?.bool ?? false
                return member == 7 ? .time(timeUnit, isAdjustedToUTC: utc) : .timestamp(timeUnit, isAdjustedToUTC: utc)
            case 10:
                guard let width = body[1]?.int, [8, 16, 32, 64].contains(width) else {
                    throw .unreadable(.malformedSchema, "field '\(name)' has an invalid INTEGER annotation")
                }
                return .integer(bitWidth: Int(width), isSigned: body[2]?.bool ?? true)
            case 11: return .unknown
            case 12: return .json
            case 13: return .bson
            case 14: return .uuid
            case 15: return .float16
            default: return .other(Int(member))
            }
        }
        guard let converted = element[6]?.int else { return nil }
        switch converted {
        case 0: return .string
        case 1: return .map
        case 2: return .mapKeyValue
        case 3: return .list
        case 4: return .enumeration
        case 5:
            guard let precision = element[8]?.int, precision > 0, precision <= 1000 else {
                throw .unreadable(.malformedSchema, "DECIMAL field '\(name)' has no valid precision")
            }
            let scale = element[7]?.int ?? 0
            guard scale >= 0 && scale <= precision else {
                throw .unreadable(.malformedSchema, "DECIMAL field '\(name)' has scale \(scale) for precision \(precision)")
            }
            return .decimal(precision: Int(precision), scale: Int(scale))
        case 6: return .date
        // Converted time types are defined as UTC-adjusted (LogicalTypes.md, "backward compatibility").
        case 7: return .time(.milliseconds, isAdjustedToUTC: true)
        case 8: return .time(.microseconds, isAdjustedToUTC: true)
        case 9: return .timestamp(.milliseconds, isAdjustedToUTC: true)
        case 10: return .timestamp(.microseconds, isAdjustedToUTC: true)
        case 11: return .integer(bitWidth: 8, isSigned: false)
        case 12: return .integer(bitWidth: 16, isSigned: false)
        case 13: return .integer(bitWidth: 32, isSigned: false)
        case 14: return .integer(bitWidth: 64, isSigned: false)
        case 15: return .integer(bitWidth: 8, isSigned: true)
        case 16: return .integer(bitWidth: 16, isSigned: true)
        case 17: return .integer(bitWidth: 32, isSigned: true)
        case 18: return .integer(bitWidth: 64, isSigned: true)
        case 19: return .json
        case 20: return .bson
        case 21: return .interval
        default: return nil
        }
    }
}
