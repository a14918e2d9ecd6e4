/// One field of a nested schema: a leaf of today's types, a group (STRUCT), a LIST or a MAP, each required or
/// optional, nested to any depth.
///
/// Lists and maps are written in parquet-format's standard three-level form (LogicalTypes.md, "Nested Types"):
///
///     <optional|required> group <name> (LIST) { repeated group list { <optional|required> <element> } }
///     <optional|required> group <name> (MAP) { repeated group key_value { required <key>; <optional|required> <value> } }
///
/// so the element is always named `element`, and a map's entries `key` and `value`, whatever the field given.
public struct ParquetField: Sendable, Equatable {
    public indirect enum Shape: Sendable, Equatable {
        case primitive(ParquetType, ColumnEncoding)
        /// A STRUCT: an unannotated group of fields, in order.
        case group([ParquetField])
        case list(element: ParquetField)
        case map(key: ParquetField, value: ParquetField)
    }

    public let name: String
    public let isOptional: Bool
    public let shape: Shape

    public init(_ name: String, optional: Bool = true, shape: Shape) {
        self.name = name
        self.isOptional = optional
        switch shape {
        case .primitive(let type, let encoding):
            self.shape = .primitive(type, type == .boolean ? .plain : encoding)
        case .group:
            self.shape = shape
        case .list(let element):
            self.shape = .list(element: element.renamed("element"))
        case .map(let key, let value):
            self.shape = .map(key: key.renamed("key"), value: value.renamed("value"))
        }
    }

    /// A leaf of one of today's types.
    public static func primitive(
        _ name: String, _ type: ParquetType, optional: Bool = true, encoding: ColumnEncoding = .dictionary
    ) -> ParquetField {
        ParquetField(name, optional: optional, shape: .primitive(type, encoding))
    }

    /// A STRUCT.
    public static func group(_ name: String, optional: Bool = true, _ fields: [ParquetField]) -> ParquetField {
        ParquetField(name, optional: optional, shape: .group(fields))
    }

    /// A LIST whose elements are `element` (its name is replaced by `element`).
    public static func list(_ name: String, optional: Bool = true, of element: ParquetField) -> ParquetField {
        ParquetField(name, optional: optional, shape: .list(element: element))
    }

    /// A MAP from a required primitive key to `value` (optional or required).
    public static func map(_ name: String, optional: Bool = true, key: ParquetType, value: ParquetField) -> ParquetField {
        ParquetField(name, optional: optional, shape: .map(key: .primitive("key", key, optional: false), value: value))
    }

    /// The same field under another name.
    func renamed(_ newName: String) -> ParquetField {
        ParquetField(newName, optional: isOptional, shape: shape)
    }
}
