/// A table's schema as `tables.get` returns it (`TableSchema.fields`, recursively).
public struct BigQueryTableSchema: Sendable, Equatable, Codable {
    public var fields: [BigQueryField]

    public init(fields: [BigQueryField]) { self.fields = fields }

    /// The schema narrowed to `paths` (`a`, `a.b.c`) in table order, as `selectedFields` narrows rows: a
    /// RECORD named alone keeps all its fields. Throws naming a path that matches no field.
    public func selecting(_ paths: [String]) throws(BigQuerySchemaError) -> BigQueryTableSchema {
        guard !paths.isEmpty else { return self }
        let split = paths.map { $0.split(separator: ".").map(String.init) }
        for path in split where !Self.exists(path, in: fields) {
            throw BigQuerySchemaError(field: path.joined(separator: "."), reason: "is not a field of the table")
        }
        return BigQueryTableSchema(fields: Self.select(split, from: fields))
    }

    private static func exists(_ path: [String], in fields: [BigQueryField]) -> Bool {
        guard let head = path.first, let field = fields.first(where: { $0.name.lowercased() == head.lowercased() }) else { return false }
        return path.count == 1 || exists(Array(path.dropFirst()), in: field.fields ?? [])
    }

    private static func select(_ paths: [[String]], from fields: [BigQueryField]) -> [BigQueryField] {
        fields.compactMap { field in
            let matching = paths.filter { $0.first?.lowercased() == field.name.lowercased() }
            if matching.isEmpty { return nil }
            if matching.contains(where: { $0.count == 1 }) { return field }
            var narrowed = field
            narrowed.fields = select(matching.map { Array($0.dropFirst()) }, from: field.fields ?? [])
            return narrowed
        }
    }
}

/// One column (`TableFieldSchema`).
public struct BigQueryField: Sendable, Equatable, Codable {
    public var name: String
    /// `STRING`, `INTEGER`/`INT64`, `FLOAT`/`FLOAT64`, `BOOLEAN`/`BOOL`, `RECORD`/`STRUCT`, `TIMESTAMP`, …
    public var type: String
    /// `NULLABLE` (the default when absent), `REQUIRED` or `REPEATED`.
    public var mode: String?
    public var fields: [BigQueryField]?

    public init(name: String, type: String, mode: String? = nil, fields: [BigQueryField]? = nil) {
        self.name = name
        self.type = type
        self.mode = mode
        self.fields = fields
    }

    public var isRepeated: Bool { mode?.uppercased() == "REPEATED" }
    public var isRequired: Bool { mode?.uppercased() == "REQUIRED" }
    public var isRecord: Bool { ["RECORD", "STRUCT"].contains(type.uppercased()) }
}

/// A schema that cannot be used as asked, naming the field.
public struct BigQuerySchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let reason: String
    public var description: String { "field \(field) \(reason)" }
}
