/// Normalizes and hashes the identifier fields of one event at a time, for the export writer: it finds each
/// configured field's raw value in the event (`IdentifierField.source`) and hands them over in field order or by
/// column; it gets back the hashed column values (nil with a reason code where a value does not normalize) and
/// keeps counts per field. Raw values never leave this type: not in errors, results or descriptions.
///
/// `Sendable` and immutable: share one across threads; each thread keeps its own row and tally.
public struct IdentifierHasher: Sendable {
    public let configuration: IdentifierHashingConfiguration
    public let normalizer: IdentifierNormalizer
    private let digest: IdentifierDigest

    /// `hmacKey` must be given exactly when the configuration asks for HMAC.
    public init(configuration: IdentifierHashingConfiguration, hmacKey: HMACKey? = nil) throws(IdentifierHashingError) {
        switch (configuration.usesHMAC, hmacKey) {
        case (true, nil): throw .hmacKey(reason: "the configuration asks for HMAC-SHA-256 but no key was given")
        case (false, .some): throw .hmacKey(reason: "a key was given but the configuration does not ask for HMAC-SHA-256")
        default: break
        }
        self.configuration = configuration
        normalizer = try IdentifierNormalizer(ruleSet: configuration.ruleSet, phoneRegion: configuration.defaultPhoneRegion)
        digest = IdentifierDigest(encoding: configuration.hashEncoding, hmacKey: hmacKey)
    }

    public var fields: [IdentifierField] { configuration.fields }

    /// The hashed value of `value` read as `kind`.
    public func hash(_ value: String?, as kind: IdentifierKind) -> HashedIdentifier {
        guard let value else { return .empty }
        return withUTF8(value) { input in hash(input, as: kind) }
    }

    /// The hashed value of `value` for the configured field at `index`.
    public func hash(_ value: String?, field index: Int) -> HashedIdentifier {
        hash(value, as: configuration.fields[index].kind)
    }

    /// Hashes one event's values, given in field order (nil where the event lacks the field), into `row`, and
    /// counts them in `tally`. Allocates only the hashed Strings.
    public func hashRow(_ values: [String?], into row: inout HashedIdentifierRow, tally: inout IdentifierHashingTally) {
        precondition(values.count == configuration.fields.count, "one value per configured field")
        for index in values.indices {
            record(hash(values[index], field: index), at: index, into: &row, tally: &tally)
        }
    }

    /// Hashes one event's values given by output column name (absent columns are empty); names that are no
    /// configured column are ignored.
    public func hashRow(byColumn values: [String: String], into row: inout HashedIdentifierRow, tally: inout IdentifierHashingTally) {
        for (index, field) in configuration.fields.enumerated() {
            record(hash(values[field.column], field: index), at: index, into: &row, tally: &tally)
        }
    }

    /// A row sized for this configuration, to reuse across events.
    public func makeRow() -> HashedIdentifierRow { HashedIdentifierRow(fieldCount: configuration.fields.count) }

    /// A tally with one entry per configured field.
    public func makeTally() -> IdentifierHashingTally { IdentifierHashingTally(columns: configuration.fields.map(\.column)) }

    private func record(_ result: HashedIdentifier, at index: Int, into row: inout HashedIdentifierRow, tally: inout IdentifierHashingTally) {
        row.set(result, at: index)
        tally.count(result, at: index)
    }

    func hash(_ input: UnsafeBufferPointer<UInt8>, as kind: IdentifierKind) -> HashedIdentifier {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: IdentifierNormalizer.outputCapacity) { output in
            switch normalizer.normalize(input, as: kind, into: output) {
            case .written(let count): .hashed(digest.encodedDigest(of: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: output[0..<count]))))
            case .empty: .empty
            case .refused(let reason): .refused(reason)
            }
        }
    }
}

/// The outcome for one value: its hash, nothing (absent or blank), or a refusal with its reason.
public enum HashedIdentifier: Sendable, Equatable, CustomStringConvertible {
    case hashed(String)
    case empty
    case refused(NormalizationRefusal)

    /// The column value: the hash, or nil.
    public var value: String? {
        if case .hashed(let hash) = self { return hash }
        return nil
    }

    public var refusal: NormalizationRefusal? {
        if case .refused(let reason) = self { return reason }
        return nil
    }

    public var description: String {
        switch self {
        case .hashed(let hash): hash
        case .empty: "empty"
        case .refused(let reason): "refused: \(reason.rawValue)"
        }
    }
}

/// The hashed column values of one event, in configured field order; reused from event to event.
public struct HashedIdentifierRow: Sendable, Equatable {
    /// The hashed value per field, nil where empty or refused.
    public private(set) var values: [String?]
    /// The refusal reason per field, nil where hashed or empty.
    public private(set) var refusals: [NormalizationRefusal?]

    public init(fieldCount: Int) {
        values = Array(repeating: nil, count: fieldCount)
        refusals = Array(repeating: nil, count: fieldCount)
    }

    mutating func set(_ result: HashedIdentifier, at index: Int) {
        values[index] = result.value
        refusals[index] = result.refusal
    }
}

/// Counts per field of values hashed, empty and refused (by reason), for logs and metrics. Holds no values.
public struct IdentifierHashingTally: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public let column: String
        public fileprivate(set) var hashed = 0
        public fileprivate(set) var empty = 0
        /// Refusals counted per `NormalizationRefusal.allCases` position.
        fileprivate var refusedByReason = Array(repeating: 0, count: NormalizationRefusal.allCases.count)

        public var refused: Int { refusedByReason.reduce(0, +) }

        /// The reasons that occurred, with their counts.
        public var refusals: [NormalizationRefusal: Int] {
            var result: [NormalizationRefusal: Int] = [:]
            for (reason, count) in zip(NormalizationRefusal.allCases, refusedByReason) where count > 0 { result[reason] = count }
            return result
        }
    }

    public private(set) var fields: [Field]

    public init(columns: [String]) {
        fields = columns.map { Field(column: $0) }
    }

    mutating func count(_ result: HashedIdentifier, at index: Int) {
        switch result {
        case .hashed: fields[index].hashed += 1
        case .empty: fields[index].empty += 1
        case .refused(let reason): fields[index].refusedByReason[reason.ordinal] += 1
        }
    }

    /// Adds another tally of the same configuration (from another thread or batch).
    public mutating func merge(_ other: IdentifierHashingTally) {
        precondition(other.fields.map(\.column) == fields.map(\.column), "tallies of different configurations")
        for index in fields.indices {
            fields[index].hashed += other.fields[index].hashed
            fields[index].empty += other.fields[index].empty
            for reason in fields[index].refusedByReason.indices {
                fields[index].refusedByReason[reason] += other.fields[index].refusedByReason[reason]
            }
        }
    }
}

extension NormalizationRefusal {
    /// Position in `allCases`, computed once.
    fileprivate var ordinal: Int { Self.ordinals[self]! }
    private static let ordinals = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}
