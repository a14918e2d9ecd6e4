/// A leaf column of a nested schema: where it sits and the levels its entries carry.
public struct ParquetLeafColumn: Sendable, Equatable {
    /// `path_in_schema`: the names from the top-level field down, with `list`/`element` and `key_value`/`key`/
    /// `value` for lists and maps.
    public let path: [String]
    public let type: ParquetType
    /// Whether the leaf itself may be null.
    public let isOptional: Bool
    /// Optional and repeated fields on the path, the leaf included: the definition level of a present value.
    public let maxDefinitionLevel: Int
    /// Repeated fields on the path (one per list or map).
    public let maxRepetitionLevel: Int
    /// The leaf as one column (named by its dotted path) for the column writers and their error messages.
    let column: ParquetColumn

    public var dottedPath: String { path.joined(separator: ".") }
}

/// A schema of nested fields (STRUCT, LIST, MAP around today's leaf types), with each leaf's levels worked out
/// as the Dremel encoding defines them: the definition level counts the optional and repeated fields on the
/// path that are present, the repetition level says at which repeated field on the path a new entry starts.
public struct ParquetNestedSchema: Sendable, Equatable {
    public let fields: [ParquetField]
    /// The leaf columns, depth first: the order of the column chunks in a row group.
    public let leaves: [ParquetLeafColumn]
    /// Every field of the schema depth first, with what shredding needs (see `LevelNode`).
    let nodes: [LevelNode]
    /// Indices in `nodes` of the top-level fields.
    let topLevelNodes: [Int]

    /// Levels are stored in a byte each; no real schema comes near this.
    static let maximumLevel = 255

    public init(_ fields: [ParquetField]) throws(ParquetError) {
        guard !fields.isEmpty else { throw .invalidSchema("a schema needs at least one field") }
        var builder = LevelNodeBuilder()
        try ParquetNestedSchema.checkNames(fields, in: "the schema")
        topLevelNodes = try fields.map { (field) throws(ParquetError) in
            try builder.add(field, path: [], definition: 0, repetition: 0)
        }
        self.fields = fields
        nodes = builder.nodes
        leaves = builder.leaves
    }

    /// The footer's schema elements below the root, depth first.
    var footerElements: [FooterSchemaElement] {
        var elements: [FooterSchemaElement] = []
        for field in fields { Self.appendElements(of: field, path: [], into: &elements) }
        return elements
    }

    private static func appendElements(of field: ParquetField, path: [String], into elements: inout [FooterSchemaElement]) {
        let path = path + [field.name]
        let repetition: FieldRepetition = field.isOptional ? .optional : .required
        switch field.shape {
        case .primitive(let type, let encoding):
            let column = ParquetColumn(path.joined(separator: "."), type, optional: field.isOptional, encoding: encoding)
            elements.append(.leaf(column, name: field.name))
        case .group(let children):
            elements.append(.group(name: field.name, repetition: repetition, childCount: children.count, annotation: nil))
            for child in children { appendElements(of: child, path: path, into: &elements) }
        case .list(let element):
            elements.append(.group(name: field.name, repetition: repetition, childCount: 1, annotation: .list))
            elements.append(.group(name: "list", repetition: .repeated, childCount: 1, annotation: nil))
            appendElements(of: element, path: path + ["list"], into: &elements)
        case .map(let key, let value):
            // Like pyarrow and Spark, no MAP_KEY_VALUE on `key_value`: the spec allows it but readers ignore it.
            elements.append(.group(name: field.name, repetition: repetition, childCount: 1, annotation: .map))
            elements.append(.group(name: "key_value", repetition: .repeated, childCount: 2, annotation: nil))
            appendElements(of: key, path: path + ["key_value"], into: &elements)
            appendElements(of: value, path: path + ["key_value"], into: &elements)
        }
    }

    private static func checkNames(_ fields: [ParquetField], in place: String) throws(ParquetError) {
        var seen = Set<String>()
        for field in fields {
            try ParquetColumn.validate(name: field.name)
            guard seen.insert(field.name).inserted else {
                throw .invalidSchema("field name '\(field.name)' appears twice in \(place)")
            }
        }
    }

    /// Walks the fields depth first, numbering nodes and leaves and counting levels.
    private struct LevelNodeBuilder {
        var nodes: [LevelNode] = []
        var leaves: [ParquetLeafColumn] = []

        /// Adds `field` (and everything under it) whose parent is present at `definition`; returns its node index.
        mutating func add(_ field: ParquetField, path: [String], definition: Int, repetition: Int) throws(ParquetError) -> Int {
            let path = path + [field.name]
            let dotted = path.joined(separator: ".")
            let present = definition + (field.isOptional ? 1 : 0)
            let index = nodes.count
            nodes.append(LevelNode(
                kind: .leaf, name: dotted, isOptional: field.isOptional, absentDefinition: definition,
                presentDefinition: present, repetition: repetition, firstLeaf: leaves.count, leafEnd: leaves.count, children: []))
            var children: [Int] = []
            switch field.shape {
            case .primitive(let type, let encoding):
                try type.validate(column: dotted)
                guard present <= ParquetNestedSchema.maximumLevel else {
                    throw .invalidSchema("field '\(dotted)' is nested deeper than \(ParquetNestedSchema.maximumLevel) levels")
                }
                leaves.append(ParquetLeafColumn(
                    path: path, type: type, isOptional: field.isOptional, maxDefinitionLevel: present,
                    maxRepetitionLevel: repetition,
                    column: ParquetColumn(dotted, type, optional: field.isOptional, encoding: encoding)))
            case .group(let fields):
                guard !fields.isEmpty else { throw .invalidSchema("group '\(dotted)' has no fields") }
                try ParquetNestedSchema.checkNames(fields, in: "group '\(dotted)'")
                nodes[index].kind = .group
                for child in fields {
                    children.append(try add(child, path: path, definition: present, repetition: repetition))
                }
            case .list(let element):
                // The repeated `list` group adds a definition level (the list has an entry) and a repetition level.
                nodes[index].kind = .list
                children.append(try add(element, path: path + ["list"], definition: present + 1, repetition: repetition + 1))
            case .map(let key, let value):
                guard case .primitive = key.shape, !key.isOptional else {
                    throw .invalidSchema("map '\(dotted)': the key must be a required primitive")
                }
                nodes[index].kind = .map
                children.append(try add(key, path: path + ["key_value"], definition: present + 1, repetition: repetition + 1))
                children.append(try add(value, path: path + ["key_value"], definition: present + 1, repetition: repetition + 1))
            }
            nodes[index].children = children
            nodes[index].leafEnd = leaves.count
            if case .list = field.shape { nodes[index].entryRepetition = repetition + 1 }
            if case .map = field.shape { nodes[index].entryRepetition = repetition + 1 }
            return index
        }
    }
}

/// One field of a nested schema as shredding sees it.
struct LevelNode: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case leaf, group, list, map }

    var kind: Kind
    /// The dotted path, for error messages.
    var name: String
    var isOptional: Bool
    /// The definition level of the entries written when this field is null: its parent's level.
    var absentDefinition: Int
    /// The definition level when this field is present (a list or map: present, possibly empty).
    var presentDefinition: Int
    /// The repetition level of this field's first entry in a repeated parent's later entries; for a list or
    /// map, `entryRepetition` is the level of its own second and later entries.
    var repetition: Int
    var entryRepetition: Int = 0
    /// The leaves under this field: `firstLeaf..<leafEnd` in `ParquetNestedSchema.leaves`.
    var firstLeaf: Int
    var leafEnd: Int
    /// Node indices: a group's fields; a list's element; a map's key and value.
    var children: [Int]
}
