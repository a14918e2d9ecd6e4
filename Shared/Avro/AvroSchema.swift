/// An Avro schema (Avro 1.11 specification, "Schema Declaration"), as a read session of the BigQuery Storage Read
/// API hands it out: records, unions, arrays, maps, enums, fixed and the primitives, with the logical types
/// BigQuery emits. Named types are resolved when the schema is parsed: a reference is the definition itself.
public indirect enum AvroSchema: Sendable, Equatable {
    case null
    case boolean
    case int(AvroLogicalType?)
    case long(AvroLogicalType?)
    case float
    case double
    case bytes(AvroLogicalType?)
    case string(AvroLogicalType?)
    case record(AvroRecordSchema)
    case enumeration(AvroEnumSchema)
    case array(items: AvroSchema)
    case map(values: AvroSchema)
    /// The branches, in order: the binary form writes the branch index first.
    case union([AvroSchema])
    case fixed(AvroFixedSchema)

    /// For a union of null and one other type (BigQuery's NULLABLE): the null branch's index and the other type.
    public var nullableBranches: (nullIndex: Int, value: AvroSchema)? {
        guard case .union(let branches) = self, branches.count == 2 else { return nil }
        if branches[0] == .null, branches[1] != .null { return (0, branches[1]) }
        if branches[1] == .null, branches[0] != .null { return (1, branches[0]) }
        return nil
    }

    /// The type without a nullable union around it.
    public var unwrappingNullable: AvroSchema { nullableBranches?.value ?? self }

    /// A short name for messages: `string`, `record event_params`, `array`, `union`.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .int: "int"
        case .long: "long"
        case .float: "float"
        case .double: "double"
        case .bytes: "bytes"
        case .string: "string"
        case .record(let record): "record \(record.fullName)"
        case .enumeration(let enumeration): "enum \(enumeration.fullName)"
        case .array: "array"
        case .map: "map"
        case .union(let branches): "union of \(branches.map(\.kindName).joined(separator: ", "))"
        case .fixed(let fixed): "fixed \(fixed.fullName)"
        }
    }

    /// Whether every value of this type takes at least one byte. Arrays of types that may take none (null, an
    /// empty record) get their item counts capped instead of checked against the bytes left.
    public var alwaysTakesBytes: Bool {
        switch self {
        case .null: false
        case .record(let record): record.fields.contains { $0.type.alwaysTakesBytes }
        case .fixed(let fixed): fixed.size > 0
        default: true
        }
    }
}

/// Logical types (Avro specification, "Logical Types"); an unknown one is ignored, as the specification asks.
public enum AvroLogicalType: Sendable, Equatable {
    case date
    case timeMillis
    case timeMicros
    case timestampMillis
    case timestampMicros
    case localTimestampMillis
    case localTimestampMicros
    case uuid
    /// An unscaled two's-complement big-endian integer in `bytes` or `fixed`, times 10^-scale.
    case decimal(precision: Int, scale: Int)
}

public struct AvroField: Sendable, Equatable {
    public let name: String
    public let type: AvroSchema

    public init(name: String, type: AvroSchema) {
        self.name = name
        self.type = type
    }
}

public struct AvroRecordSchema: Sendable, Equatable {
    /// The full name: namespace and name, dotted.
    public let fullName: String
    public let fields: [AvroField]

    public init(fullName: String, fields: [AvroField]) {
        self.fullName = fullName
        self.fields = fields
    }

    public func field(named name: String) -> AvroField? { fields.first { $0.name == name } }
}

public struct AvroEnumSchema: Sendable, Equatable {
    public let fullName: String
    public let symbols: [String]
}

public struct AvroFixedSchema: Sendable, Equatable {
    public let fullName: String
    public let size: Int
    public let logicalType: AvroLogicalType?
}
