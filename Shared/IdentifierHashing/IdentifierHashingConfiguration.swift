import JSONText

/// What to hash and how, read from JSON (an environment variable or the function's settings):
///
///     {
///       "ruleSet": "default",              // default | uid2 | aws-entity-resolution
///       "hashEncoding": "hex",             // hex | base64; optional, the rule set's conventional one
///       "hmac": false,                     // optional; true = HMAC-SHA-256 with a key from Secrets Manager
///       "defaultPhoneRegion": "US",        // region national phone numbers are read in; required with a phone field
///       "fields": [
///         {"column": "user_id_sha256", "kind": "user_id", "from": "user_id"},
///         {"column": "email_sha256", "kind": "email", "from": "event_params", "key": "email"},
///         {"column": "maid_sha256", "kind": "advertising_id", "from": "device.advertising_id"}
///       ]
///     }
///
/// Validation is strict: unknown or repeated members, wrong types and bad values fail with the member's path.
/// Column names match `^[a-z][a-z0-9_]{0,62}$` (Athena and Glue lower-case names; Parquet's rule is the same),
/// are unique and differ from the fixed columns of `HashedIdentifierTable`; keys of `event_params` and
/// `user_properties` match GA4's parameter names `^[A-Za-z][A-Za-z0-9_]{0,39}$`.
public struct IdentifierHashingConfiguration: Sendable, Equatable {
    public let ruleSet: NormalizationRuleSet
    public let hashEncoding: HashEncoding
    public let usesHMAC: Bool
    /// ISO 3166-1 alpha-2, upper case.
    public let defaultPhoneRegion: String
    public let fields: [IdentifierField]

    public static let maximumFieldCount = 64

    public init(
        ruleSet: NormalizationRuleSet, hashEncoding: HashEncoding? = nil, usesHMAC: Bool = false,
        defaultPhoneRegion: String = "US", fields: [IdentifierField]
    ) throws(IdentifierHashingError) {
        self.ruleSet = ruleSet
        self.hashEncoding = hashEncoding ?? ruleSet.conventionalEncoding
        self.usesHMAC = usesHMAC
        self.defaultPhoneRegion = defaultPhoneRegion.uppercased()
        self.fields = fields
        try validate()
    }

    /// Reads and validates the JSON document.
    public init(json: some Collection<UInt8>) throws(IdentifierHashingError) {
        let bytes = Array(json)
        self = try bytes.withUnsafeBufferPointer { (buffer) throws(IdentifierHashingError) in
            do {
                return try ConfigurationDocument.read(buffer)
            } catch let error as IdentifierHashingError {
                throw error
            } catch let error as JSONFieldError {
                throw .configuration(path: error.path, reason: error.reason)
            } catch {
                throw .configuration(path: "", reason: "\(error)")
            }
        }
    }

    private func validate() throws(IdentifierHashingError) {
        guard !fields.isEmpty else { throw .configuration(path: "fields", reason: "at least one field is needed") }
        guard fields.count <= Self.maximumFieldCount else {
            throw .configuration(path: "fields", reason: "at most \(Self.maximumFieldCount) fields")
        }
        var columns = Set(HashedIdentifierTable.fixedColumnNames)
        for (index, field) in fields.enumerated() {
            let path = "fields[\(index)]"
            guard Self.isColumnName(field.column) else {
                throw .configuration(path: "\(path).column", reason: "must match ^[a-z][a-z0-9_]{0,62}$")
            }
            guard columns.insert(field.column).inserted else {
                throw .configuration(
                    path: "\(path).column",
                    reason: HashedIdentifierTable.fixedColumnNames.contains(field.column)
                        ? "'\(field.column)' is a fixed column of the hashed table" : "'\(field.column)' is used twice")
            }
            guard ruleSet.supports(field.kind) else {
                throw .configuration(path: "\(path).kind", reason: "rule set \(ruleSet) has no rule for \(field.kind)")
            }
            switch field.source {
            case .userProperty(let key), .eventParam(let key):
                guard Self.isParameterName(key) else {
                    throw .configuration(path: "\(path).key", reason: "must match ^[A-Za-z][A-Za-z0-9_]{0,39}$ (a GA4 parameter name)")
                }
            case .recordField(let recordPath):
                guard IdentifierSource.recordPaths.contains(recordPath) else {
                    throw .configuration(path: "\(path).from", reason: "not an identifier field of the export")
                }
            case .userID, .userPseudoID: break
            }
        }
        _ = try IdentifierNormalizer(ruleSet: ruleSet, phoneRegion: defaultPhoneRegion)
    }

    static func isColumnName(_ name: String) -> Bool {
        matches(name, maximumLength: 63) { byte, isFirst in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (!isFirst && (ASCII.isDigit(byte) || byte == UInt8(ascii: "_")))
        }
    }

    static func isParameterName(_ name: String) -> Bool {
        matches(name, maximumLength: 40) { byte, isFirst in
            let letter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(ASCII.lowercased(byte))
            return letter || (!isFirst && (ASCII.isDigit(byte) || byte == UInt8(ascii: "_")))
        }
    }

    private static func matches(_ name: String, maximumLength: Int, _ allowed: (UInt8, Bool) -> Bool) -> Bool {
        let bytes = name.utf8
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        return bytes.enumerated().allSatisfy { allowed($1, $0 == 0) }
    }
}

/// The JSON reading of `IdentifierHashingConfiguration`, member by member.
private enum ConfigurationDocument {
    static func read(_ buffer: UnsafeBufferPointer<UInt8>) throws -> IdentifierHashingConfiguration {
        var reader = JSONFieldReader(buffer, documentName: "the identifier hashing configuration")
        var ruleSet: NormalizationRuleSet?
        var encoding: HashEncoding?
        var usesHMAC: Bool?
        var region: String?
        var fields: [IdentifierField]?
        var cursor = try reader.object(at: "")
        var seen = Set<String>()
        while let name = try reader.nextMember(&cursor) {
            let member = reader.reader.string(name)
            guard seen.insert(member).inserted else { throw IdentifierHashingError.configuration(path: member, reason: "appears twice") }
            switch member {
            case "ruleSet": ruleSet = try choice(&reader, at: member, NormalizationRuleSet.self)
            case "hashEncoding": encoding = try choice(&reader, at: member, HashEncoding.self)
            case "hmac": usesHMAC = try bool(&reader, at: member)
            case "defaultPhoneRegion":
                let value = try reader.string(at: member)
                guard value.utf8.count == 2, value.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(ASCII.lowercased($0)) }) else {
                    throw IdentifierHashingError.configuration(path: member, reason: "must be an ISO 3166-1 alpha-2 region such as \"US\"")
                }
                region = value
            case "fields": fields = try readFields(&reader)
            default: throw IdentifierHashingError.configuration(path: member, reason: "unknown member")
            }
        }
        try reader.end()
        guard let ruleSet else { throw IdentifierHashingError.configuration(path: "ruleSet", reason: "required field is missing") }
        guard let fields else { throw IdentifierHashingError.configuration(path: "fields", reason: "required field is missing") }
        if region == nil, fields.contains(where: { $0.kind == .phone }) {
            throw IdentifierHashingError.configuration(path: "defaultPhoneRegion", reason: "required when a field has kind phone")
        }
        return try IdentifierHashingConfiguration(
            ruleSet: ruleSet, hashEncoding: encoding, usesHMAC: usesHMAC ?? false, defaultPhoneRegion: region ?? "US", fields: fields)
    }

    private static func readFields(_ reader: inout JSONFieldReader) throws -> [IdentifierField] {
        var fields: [IdentifierField] = []
        var array = try reader.array(at: "fields")
        while try reader.nextElement(&array) {
            let path = "fields[\(fields.count)]"
            var column: String?
            var kind: IdentifierKind?
            var from: String?
            var key: String?
            var seen = Set<String>()
            var object = try reader.object(at: path)
            while let name = try reader.nextMember(&object) {
                let member = reader.reader.string(name)
                let memberPath = "\(path).\(member)"
                guard seen.insert(member).inserted else { throw IdentifierHashingError.configuration(path: memberPath, reason: "appears twice") }
                switch member {
                case "column": column = try reader.string(at: memberPath)
                case "kind": kind = try choice(&reader, at: memberPath, IdentifierKind.self)
                case "from": from = try reader.string(at: memberPath)
                case "key": key = try reader.string(at: memberPath)
                default: throw IdentifierHashingError.configuration(path: memberPath, reason: "unknown member")
                }
            }
            guard let column else { throw IdentifierHashingError.configuration(path: "\(path).column", reason: "required field is missing") }
            guard let kind else { throw IdentifierHashingError.configuration(path: "\(path).kind", reason: "required field is missing") }
            guard let from else { throw IdentifierHashingError.configuration(path: "\(path).from", reason: "required field is missing") }
            fields.append(IdentifierField(column: column, kind: kind, source: try source(from: from, key: key, at: path)))
        }
        return fields
    }

    private static func source(from: String, key: String?, at path: String) throws -> IdentifierSource {
        let keyed = from == "event_params" || from == "user_properties"
        if keyed, key == nil {
            throw IdentifierHashingError.configuration(path: "\(path).key", reason: "required when from is \(from)")
        }
        if !keyed, key != nil {
            throw IdentifierHashingError.configuration(path: "\(path).key", reason: "only event_params and user_properties take a key")
        }
        switch from {
        case "user_id": return .userID
        case "user_pseudo_id": return .userPseudoID
        case "event_params": return .eventParam(key: key!)
        case "user_properties": return .userProperty(key: key!)
        default:
            guard IdentifierSource.recordPaths.contains(from) else {
                throw IdentifierHashingError.configuration(
                    path: "\(path).from",
                    reason: "must be one of user_id, user_pseudo_id, event_params, user_properties, \(IdentifierSource.recordPaths.joined(separator: ", "))")
            }
            return .recordField(path: from)
        }
    }

    private static func choice<T: RawRepresentable & CaseIterable>(
        _ reader: inout JSONFieldReader, at path: String, _: T.Type
    ) throws -> T where T.RawValue == String {
        let value = try reader.string(at: path)
        guard let choice = T(rawValue: value) else {
            throw IdentifierHashingError.configuration(
                path: path, reason: "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return choice
    }

    private static func bool(_ reader: inout JSONFieldReader, at path: String) throws -> Bool {
        guard reader.reader.peekKind() == .bool else { throw IdentifierHashingError.configuration(path: path, reason: "expected true or false") }
        return try reader.reader.readBool()
    }
}
