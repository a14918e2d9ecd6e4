/// One node of a parsed YAML document: a scalar, a sequence or a mapping, with the line it starts on.
///
/// A class so that an alias (`*name`) is the very node its anchor names, shared rather than copied: a document of
/// nested aliases (the "billion laughs") stays as small in memory as its text.
public final class YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence([YAMLNode])
        case mapping(Mapping)
    }

    public let content: Content
    /// 1-based line of the node's first character.
    public let line: Int

    public init(_ content: Content, line: Int) {
        self.content = content
        self.line = line
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: Mapping? {
        if case .mapping(let mapping) = content { return mapping }
        return nil
    }

    /// The scalar's text whatever its type (`required: true` gives "true").
    public var string: String? { scalar?.string }

    /// A boolean as YAML 1.1 resolves a plain scalar (what PyYAML, and so datacontract-cli, reads): `true`, `yes`,
    /// `on` and `false`, `no`, `off` in lower, capitalised or upper case. Quoted text is never a boolean.
    public var bool: Bool? {
        guard let scalar, scalar.resolvesImplicitly || scalar.tag == .bool else { return nil }
        return YAMLScalarResolution.bool(scalar.string)
    }

    /// An integer as YAML 1.1 resolves a plain scalar: decimal, `0x` hexadecimal, `0o`/`0` octal, `0b` binary, with
    /// `_` separators and a sign. Quoted text is never an integer.
    public var int: Int? {
        guard let scalar, scalar.resolvesImplicitly || scalar.tag == .int else { return nil }
        return YAMLScalarResolution.int(scalar.string)
    }

    /// True for a null: a plain `~`, `null`, `Null`, `NULL` or nothing at all, or an explicit `!!null`.
    public var isNull: Bool {
        guard let scalar else { return false }
        if scalar.tag == .null { return true }
        return scalar.resolvesImplicitly && YAMLScalarResolution.isNull(scalar.string)
    }
}

extension YAMLNode {
    /// A scalar's text, how it was written, and its explicit tag if it had one.
    public struct Scalar: Sendable, Equatable {
        public enum Style: Sendable, Equatable { case plain, singleQuoted, doubleQuoted, literal, folded }
        /// The standard tags a scalar may name explicitly (`!!str 1`); `.other` for any other tag.
        public enum Tag: Sendable, Equatable { case none, str, int, float, bool, null, other(String) }

        public let string: String
        public let style: Style
        public let tag: Tag

        public init(_ string: String, style: Style = .plain, tag: Tag = .none) {
            self.string = string
            self.style = style
            self.tag = tag
        }

        /// Whether the scalar's type comes from its text (a plain scalar with no tag), as YAML resolves `true` or `12`.
        public var resolvesImplicitly: Bool { style == .plain && tag == .none }
    }

    /// A mapping's entries in document order. Keys are nodes (YAML allows any); `subscript(String)` finds a text key.
    public struct Mapping: Sendable, Sequence {
        public let entries: [(key: YAMLNode, value: YAMLNode)]

        public init(_ entries: [(key: YAMLNode, value: YAMLNode)]) {
            self.entries = entries
        }

        /// The value of the first entry whose key is the scalar `key`.
        public subscript(key: String) -> YAMLNode? {
            entries.first { $0.key.scalar?.string == key }?.value
        }

        public var count: Int { entries.count }

        public func makeIterator() -> IndexingIterator<[(key: YAMLNode, value: YAMLNode)]> {
            entries.makeIterator()
        }
    }
}
