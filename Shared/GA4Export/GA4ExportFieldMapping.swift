import Avro

/// How the fields a read session delivers map onto the lake's fixed table, by name.
///
/// The table never changes shape with the session (Athena needs one struct layout for every partition): a lake
/// field the session lacks is NULL in every row (`missingFields`); a field the session adds that the table does not
/// know is read past and reported (`unknownFields`), so the caller can log it and the table can be extended on
/// purpose. A field whose type differs from the table's is an error: it would silently lose data.
public struct GA4ExportFieldMapping: Sendable, Equatable {
    /// Dotted paths of the session's fields the table does not have (skipped).
    public let unknownFields: [String]
    /// Dotted paths of the table's fields the session does not deliver (NULL); a missing record's children are not
    /// listed separately.
    public let missingFields: [String]
}

/// A session field whose Avro type does not fit the table's column.
public struct GA4ExportSchemaMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    public let fieldPath: String
    public let sessionType: String
    public let tableType: String

    public var description: String {
        "field \(fieldPath): the read session delivers \(sessionType), the table holds \(tableType)"
    }
}

/// Builds the column builders for a session's Avro schema: the compiled form of the mapping.
struct GA4ExportColumnPlan {
    let root: RecordColumnBuilder
    let mapping: GA4ExportFieldMapping

    init(sessionSchema: AvroSchema) throws(GA4ExportSchemaMismatch) {
        guard case .record(let record) = sessionSchema.unwrappingNullable else {
            throw GA4ExportSchemaMismatch(fieldPath: "(row)", sessionType: sessionSchema.kindName, tableType: "record")
        }
        var unknown: [String] = []
        var missing: [String] = []
        root = try Self.record(
            GA4ExportSchema.exportFields, session: record, source: AvroSource(nullIndex: nil, path: ""),
            unknown: &unknown, missing: &missing)
        mapping = GA4ExportFieldMapping(unknownFields: unknown, missingFields: missing)
    }

    private static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private static func record(
        _ fields: [GA4ExportField], session: AvroRecordSchema?, source: AvroSource,
        unknown: inout [String], missing: inout [String]
    ) throws(GA4ExportSchemaMismatch) -> RecordColumnBuilder {
        var children: [any AvroColumnBuilder] = []
        var absent: [Int] = []
        for (index, field) in fields.enumerated() {
            let path = join(source.path, field.name)
            if let sessionField = session?.field(named: field.name) {
                children.append(try builder(field, session: sessionField.type, path: path, unknown: &unknown, missing: &missing))
            } else {
                if session != nil { missing.append(path) }
                children.append(try builder(field, session: nil, path: path, unknown: &unknown, missing: &missing))
                absent.append(index)
            }
        }
        var steps: [RecordColumnBuilder.Step] = []
        for sessionField in session?.fields ?? [] {
            if let index = fields.firstIndex(where: { $0.name == sessionField.name }) {
                steps.append(.child(index))
            } else {
                let path = join(source.path, sessionField.name)
                unknown.append(path)
                steps.append(.skip(sessionField.type, path: path))
            }
        }
        return RecordColumnBuilder(source: source, children: children, names: fields.map(\.name), steps: steps, absentChildren: absent)
    }

    /// The builder of one field; `session` is nil when the session lacks it (the builder then only gets NULLs).
    private static func builder(
        _ field: GA4ExportField, session: AvroSchema?, path: String, unknown: inout [String], missing: inout [String]
    ) throws(GA4ExportSchemaMismatch) -> any AvroColumnBuilder {
        var source = AvroSource(nullIndex: nil, path: path)
        var type = session
        if let session, case .union = session {
            guard let (nullIndex, value) = session.nullableBranches else {
                throw GA4ExportSchemaMismatch(fieldPath: path, sessionType: session.kindName, tableType: tableType(field.kind))
            }
            source.nullIndex = nullIndex
            type = value
        }
        func mismatch() -> GA4ExportSchemaMismatch {
            GA4ExportSchemaMismatch(fieldPath: path, sessionType: session?.kindName ?? "nothing", tableType: tableType(field.kind))
        }
        switch (field.kind, type) {
        case (.string, .string?), (.string, nil):
            return StringColumnBuilder(source: source)
        case (.integer, .long?), (.integer, nil):
            return Int64ColumnBuilder(source: source, narrowSource: false)
        case (.integer, .int?):
            return Int64ColumnBuilder(source: source, narrowSource: true)
        case (.float, .double?), (.float, nil):
            return DoubleColumnBuilder(source: source, narrowSource: false)
        case (.float, .float?):
            return DoubleColumnBuilder(source: source, narrowSource: true)
        case (.boolean, .boolean?), (.boolean, nil):
            return BooleanColumnBuilder(source: source)
        case (.record(let children), .record(let record)?):
            return try Self.record(children, session: record, source: source, unknown: &unknown, missing: &missing)
        case (.record(let children), nil):
            return try Self.record(children, session: nil, source: source, unknown: &unknown, missing: &missing)
        case (.repeatedRecord(let children), .array(let items)?):
            guard case .record(let record) = items else { throw mismatch() }
            let element = try Self.record(
                children, session: record, source: AvroSource(nullIndex: nil, path: path), unknown: &unknown, missing: &missing)
            return ListColumnBuilder(source: source, element: element, elementsTakeBytes: items.alwaysTakesBytes)
        case (.repeatedRecord(let children), nil):
            let element = try Self.record(
                children, session: nil, source: AvroSource(nullIndex: nil, path: path), unknown: &unknown, missing: &missing)
            return ListColumnBuilder(source: source, element: element, elementsTakeBytes: true)
        default:
            throw mismatch()
        }
    }

    private static func tableType(_ kind: GA4ExportField.Kind) -> String {
        switch kind {
        case .string: "STRING"
        case .integer: "INT64"
        case .float: "FLOAT64"
        case .boolean: "BOOL"
        case .record: "RECORD"
        case .repeatedRecord: "REPEATED RECORD"
        }
    }
}
