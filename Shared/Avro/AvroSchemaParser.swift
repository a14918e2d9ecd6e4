import JSONText

/// An Avro schema that could not be read, with where in the schema the problem is.
public struct AvroSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A dotted path of field names to the problem ("" at the top).
    public let path: String
    public let reason: String

    public var description: String {
        path.isEmpty ? "Avro schema: \(reason)" : "Avro schema, at \(path): \(reason)"
    }
}

extension AvroSchema {
    /// Parses schema JSON text (the read session's `avro_schema.schema`).
    public init(json text: String) throws(AvroSchemaError) {
        var text = text
        let parsed = text.withUTF8 { (bytes) -> Result<SchemaJSON, JSONSyntaxError> in
            var reader = JSONReader(bytes)
            do throws(JSONSyntaxError) {
                let value = try SchemaJSON.read(&reader, depth: 0)
                try reader.expectEnd("the schema")
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        let tree: SchemaJSON
        switch parsed {
        case .success(let value): tree = value
        case .failure(let error): throw AvroSchemaError(path: "", reason: "not JSON: \(error)")
        }
        var parser = AvroSchemaParser()
        self = try parser.schema(tree, namespace: "", path: "")
    }
}

/// A parsed JSON value, only as deep as a schema needs.
private indirect enum SchemaJSON {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([SchemaJSON])
    case object([(String, SchemaJSON)])

    /// Nesting deeper than this is not a schema anybody writes; it bounds the recursion of hostile text.
    static let maximumDepth = 200

    static func read(_ reader: inout JSONReader, depth: Int) throws(JSONSyntaxError) -> SchemaJSON {
        guard depth < maximumDepth else { throw reader.fail("nested deeper than \(maximumDepth) levels") }
        switch reader.peekKind() {
        case .string: return .string(reader.string(try reader.readString()))
        case .number:
            let range = try reader.readNumber()
            return .number(String(decoding: UnsafeBufferPointer(rebasing: reader.bytes[range]), as: UTF8.self))
        case .bool: return .bool(try reader.readBool())
        case .null:
            _ = try reader.readNullIfPresent()
            return .null
        case .array:
            var cursor = try reader.enterArray()
            var elements: [SchemaJSON] = []
            while try reader.nextElement(&cursor) { elements.append(try read(&reader, depth: depth + 1)) }
            return .array(elements)
        case .object:
            var cursor = try reader.enterObject()
            var members: [(String, SchemaJSON)] = []
            while let key = try reader.nextMember(&cursor) {
                members.append((reader.string(key), try read(&reader, depth: depth + 1)))
            }
            return .object(members)
        case .invalid, nil:
            throw reader.fail("expected a value")
        }
    }

    func member(_ name: String) -> SchemaJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }
}

/// Walks the JSON tree, keeping the enclosing namespace and the named types defined so far.
private struct AvroSchemaParser {
    /// Named types by full name; a record still being defined maps to nil (a reference to it is recursive).
    var named: [String: AvroSchema?] = [:]

    static let primitives: [String: AvroSchema] = [
        "null": .null, "boolean": .boolean, "int": .int(nil), "long": .long(nil), "float": .float, "double": .double,
        "bytes": .bytes(nil), "string": .string(nil),
    ]

    mutating func schema(_ json: SchemaJSON, namespace: String, path: String) throws(AvroSchemaError) -> AvroSchema {
        switch json {
        case .string(let name):
            return try reference(name, namespace: namespace, path: path)
        case .array(let branches):
            var parsed: [AvroSchema] = []
            for branch in branches {
                let schema = try schema(branch, namespace: namespace, path: path)
                if case .union = schema { throw AvroSchemaError(path: path, reason: "a union may not hold a union") }
                if parsed.contains(where: { Self.sameUnionKind($0, schema) }) {
                    throw AvroSchemaError(path: path, reason: "a union holds \(schema.kindName) twice")
                }
                parsed.append(schema)
            }
            guard !parsed.isEmpty else { throw AvroSchemaError(path: path, reason: "a union needs at least one branch") }
            return .union(parsed)
        case .object:
            return try complex(json, namespace: namespace, path: path)
        default:
            throw AvroSchemaError(path: path, reason: "a type must be a name, a union (JSON array) or an object")
        }
    }

    /// Unions may not hold two schemas of the same type, except named types of different names.
    static func sameUnionKind(_ a: AvroSchema, _ b: AvroSchema) -> Bool {
        switch (a, b) {
        case (.record(let x), .record(let y)): x.fullName == y.fullName
        case (.enumeration(let x), .enumeration(let y)): x.fullName == y.fullName
        case (.fixed(let x), .fixed(let y)): x.fullName == y.fullName
        case (.record, _), (.enumeration, _), (.fixed, _), (_, .record), (_, .enumeration), (_, .fixed): false
        case (.int, .int), (.long, .long), (.bytes, .bytes), (.string, .string), (.array, .array), (.map, .map): true
        default: a == b
        }
    }

    mutating func reference(_ name: String, namespace: String, path: String) throws(AvroSchemaError) -> AvroSchema {
        if let primitive = Self.primitives[name] { return primitive }
        let candidates = name.contains(".") || namespace.isEmpty ? [name] : ["\(namespace).\(name)", name]
        for candidate in candidates {
            if let entry = named[candidate] {
                guard let schema = entry else {
                    throw AvroSchemaError(path: path, reason: "recursive type \(candidate) is not supported")
                }
                return schema
            }
        }
        throw AvroSchemaError(path: path, reason: "unknown type name '\(name)'")
    }

    mutating func complex(_ json: SchemaJSON, namespace: String, path: String) throws(AvroSchemaError) -> AvroSchema {
        guard let typeJSON = json.member("type") else { throw AvroSchemaError(path: path, reason: "an object type needs \"type\"") }
        guard let type = typeJSON.stringValue else {
            // {"type": {...}} or {"type": [...]}: the object only wraps another schema.
            return try schema(typeJSON, namespace: namespace, path: path)
        }
        let logical = try logicalType(json, path: path)
        switch type {
        case "record", "error":
            let (fullName, space) = try name(json, namespace: namespace, path: path)
            named[fullName] = .some(nil)
            guard case .array(let fieldsJSON)? = json.member("fields") else {
                throw AvroSchemaError(path: path, reason: "record \(fullName) needs a \"fields\" array")
            }
            var fields: [AvroField] = []
            for fieldJSON in fieldsJSON {
                guard let fieldName = fieldJSON.member("name")?.stringValue, Self.isValidName(fieldName) else {
                    throw AvroSchemaError(path: path, reason: "record \(fullName) has a field without a valid name")
                }
                let fieldPath = path.isEmpty ? fieldName : "\(path).\(fieldName)"
                guard !fields.contains(where: { $0.name == fieldName }) else {
                    throw AvroSchemaError(path: fieldPath, reason: "field name appears twice in record \(fullName)")
                }
                guard let fieldType = fieldJSON.member("type") else {
                    throw AvroSchemaError(path: fieldPath, reason: "a field needs \"type\"")
                }
                fields.append(AvroField(name: fieldName, type: try schema(fieldType, namespace: space, path: fieldPath)))
            }
            let record = AvroSchema.record(AvroRecordSchema(fullName: fullName, fields: fields))
            named[fullName] = .some(record)
            return record
        case "enum":
            let (fullName, _) = try name(json, namespace: namespace, path: path)
            guard case .array(let symbolsJSON)? = json.member("symbols") else {
                throw AvroSchemaError(path: path, reason: "enum \(fullName) needs a \"symbols\" array")
            }
            var symbols: [String] = []
            for symbol in symbolsJSON {
                guard let text = symbol.stringValue, Self.isValidName(text), !symbols.contains(text) else {
                    throw AvroSchemaError(path: path, reason: "enum \(fullName) has an invalid or repeated symbol")
                }
                symbols.append(text)
            }
            let schema = AvroSchema.enumeration(AvroEnumSchema(fullName: fullName, symbols: symbols))
            try define(fullName, schema, path: path)
            return schema
        case "fixed":
            let (fullName, _) = try name(json, namespace: namespace, path: path)
            guard let size = json.member("size")?.intValue, size >= 0 else {
                throw AvroSchemaError(path: path, reason: "fixed \(fullName) needs a non-negative \"size\"")
            }
            var fixedLogical: AvroLogicalType? = nil
            if case .decimal = logical { fixedLogical = logical }
            let schema = AvroSchema.fixed(AvroFixedSchema(fullName: fullName, size: size, logicalType: fixedLogical))
            try define(fullName, schema, path: path)
            return schema
        case "array":
            guard let items = json.member("items") else { throw AvroSchemaError(path: path, reason: "an array needs \"items\"") }
            return .array(items: try schema(items, namespace: namespace, path: path))
        case "map":
            guard let values = json.member("values") else { throw AvroSchemaError(path: path, reason: "a map needs \"values\"") }
            return .map(values: try schema(values, namespace: namespace, path: path))
        // A logical type on a base type it does not fit is ignored too (specification, "Logical Types").
        case "int": return .int([.date, .timeMillis].contains(logical) ? logical : nil)
        case "long":
            let fits: [AvroLogicalType?] = [.timeMicros, .timestampMillis, .timestampMicros, .localTimestampMillis, .localTimestampMicros]
            return .long(fits.contains(logical) ? logical : nil)
        case "bytes":
            if case .decimal = logical { return .bytes(logical) }
            return .bytes(nil)
        case "string": return .string(logical == .uuid ? logical : nil)
        default:
            // {"type": "double"} and friends, or a named type given by reference.
            return try reference(type, namespace: namespace, path: path)
        }
    }

    mutating func define(_ fullName: String, _ schema: AvroSchema, path: String) throws(AvroSchemaError) {
        guard named[fullName] == nil else { throw AvroSchemaError(path: path, reason: "type \(fullName) is defined twice") }
        named[fullName] = .some(schema)
    }

    /// The full name of a named type and the namespace its children inherit.
    func name(_ json: SchemaJSON, namespace: String, path: String) throws(AvroSchemaError) -> (String, String) {
        guard let name = json.member("name")?.stringValue, !name.isEmpty else {
            throw AvroSchemaError(path: path, reason: "a named type needs \"name\"")
        }
        let fullName: String
        if name.contains(".") {
            fullName = name
        } else if let space = json.member("namespace")?.stringValue {
            fullName = space.isEmpty ? name : "\(space).\(name)"
        } else {
            fullName = namespace.isEmpty ? name : "\(namespace).\(name)"
        }
        guard fullName.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ Self.isValidName(String($0)) }) else {
            throw AvroSchemaError(path: path, reason: "'\(fullName)' is not a valid Avro name")
        }
        guard named[fullName] == nil else { throw AvroSchemaError(path: path, reason: "type \(fullName) is defined twice") }
        let space = fullName.split(separator: ".").dropLast().joined(separator: ".")
        return (fullName, space)
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z") else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z"))
        }
    }

    func logicalType(_ json: SchemaJSON, path: String) throws(AvroSchemaError) -> AvroLogicalType? {
        guard let name = json.member("logicalType")?.stringValue else { return nil }
        switch name {
        case "date": return .date
        case "time-millis": return .timeMillis
        case "time-micros": return .timeMicros
        case "timestamp-millis": return .timestampMillis
        case "timestamp-micros": return .timestampMicros
        case "local-timestamp-millis": return .localTimestampMillis
        case "local-timestamp-micros": return .localTimestampMicros
        case "uuid": return .uuid
        case "decimal":
            guard let precision = json.member("precision")?.intValue, precision > 0 else {
                throw AvroSchemaError(path: path, reason: "a decimal needs a positive \"precision\"")
            }
            let scale = json.member("scale")?.intValue ?? 0
            guard (0...precision).contains(scale) else {
                throw AvroSchemaError(path: path, reason: "decimal scale \(scale) is outside 0...\(precision)")
            }
            return .decimal(precision: precision, scale: scale)
        default:
            return nil  // unknown logical types are ignored (specification, "Logical Types")
        }
    }
}
