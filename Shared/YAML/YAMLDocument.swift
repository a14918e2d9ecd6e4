import CYAML

/// Parses one YAML document with libyaml's event parser and builds its node tree.
///
/// libyaml does the YAML (scanning, flow and block styles, escapes, anchors' syntax); this type only assembles the
/// events into `YAMLNode`s, resolves aliases to the node their anchor names, and enforces limits so that hostile
/// text cannot exhaust memory or the stack of a recursive reader: nesting depth, alias count, document size.
public enum YAMLDocument {
    public struct Limits: Sendable {
        public var maxDepth = 256
        public var maxAliases = 10_000
        public var maxBytes = 16 << 20

        public init() {}
    }

    /// The document's root node, or nil for an empty stream. More than one document is an error.
    public static func parse(_ text: String, limits: Limits = Limits()) throws(YAMLError) -> YAMLNode? {
        var bytes = Array(text.utf8)
        guard bytes.count <= limits.maxBytes else {
            throw YAMLError(line: 0, column: 0, message: "the document is \(bytes.count) bytes; at most \(limits.maxBytes) are read")
        }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw YAMLError(line: 0, column: 0, message: "out of memory") }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeMutableBufferPointer { (buffer) throws(YAMLError) -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder(limits: limits)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.error(of: parser) }
                defer { yaml_event_delete(&event) }
                if try builder.add(event) { break }
            }
            return builder.root
        }
    }

    private static func error(of parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "not valid YAML"
        let context = parser.context.map { String(cString: $0) + ": " } ?? ""
        return YAMLError(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1,
                         message: context + problem)
    }
}

/// Turns the event stream into nodes: a stack of open collections, and the anchors seen so far.
private struct TreeBuilder {
    enum Open {
        case sequence(items: [YAMLNode], line: Int, anchor: String?)
        case mapping(entries: [(key: YAMLNode, value: YAMLNode)], pendingKey: YAMLNode?, line: Int, anchor: String?)
    }

    let limits: YAMLDocument.Limits
    var stack: [Open] = []
    var anchors: [String: YAMLNode] = [:]
    var aliases = 0
    var documents = 0
    var root: YAMLNode?

    init(limits: YAMLDocument.Limits) {
        self.limits = limits
    }

    /// Takes one event; true at the end of the stream.
    mutating func add(_ event: yaml_event_t) throws(YAMLError) -> Bool {
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 { throw YAMLError(line: line, column: column, message: "more than one YAML document in the stream") }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            let node = YAMLNode(.scalar(.init(text, style: Self.style(scalar.style), tag: Self.tag(scalar.tag))), line: line)
            try place(node, anchor: Self.string(scalar.anchor), line: line, column: column)
        case YAML_ALIAS_EVENT:
            aliases += 1
            guard aliases <= limits.maxAliases else {
                throw YAMLError(line: line, column: column, message: "more than \(limits.maxAliases) aliases")
            }
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let node = anchors[name] else {
                throw YAMLError(line: line, column: column, message: "alias *\(name) names no anchor before it")
            }
            try place(node, anchor: nil, line: line, column: column)
        case YAML_SEQUENCE_START_EVENT:
            try open(.sequence(items: [], line: line, anchor: Self.string(event.data.sequence_start.anchor)), line: line, column: column)
        case YAML_MAPPING_START_EVENT:
            try open(.mapping(entries: [], pendingKey: nil, line: line, anchor: Self.string(event.data.mapping_start.anchor)),
                     line: line, column: column)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let top = stack.popLast() else { break }
            switch top {
            case .sequence(let items, let start, let anchor):
                try place(YAMLNode(.sequence(items), line: start), anchor: anchor, line: line, column: column)
            case .mapping(let entries, _, let start, let anchor):
                try place(YAMLNode(.mapping(.init(entries)), line: start), anchor: anchor, line: line, column: column)
            }
        default:
            break
        }
        return false
    }

    private mutating func open(_ collection: Open, line: Int, column: Int) throws(YAMLError) {
        guard stack.count < limits.maxDepth else {
            throw YAMLError(line: line, column: column, message: "nested deeper than \(limits.maxDepth) levels")
        }
        stack.append(collection)
    }

    /// Puts a finished node where it belongs: the root, the next item, a mapping's key or its value.
    private mutating func place(_ node: YAMLNode, anchor: String?, line: Int, column: Int) throws(YAMLError) {
        if let anchor { anchors[anchor] = node }
        guard let top = stack.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(var items, let start, let anchor):
            items.append(node)
            stack.append(.sequence(items: items, line: start, anchor: anchor))
        case .mapping(var entries, let pendingKey, let start, let anchor):
            if let key = pendingKey {
                entries.append((key: key, value: node))
                stack.append(.mapping(entries: entries, pendingKey: nil, line: start, anchor: anchor))
            } else {
                stack.append(.mapping(entries: entries, pendingKey: node, line: start, anchor: anchor))
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.Scalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    /// libyaml hands tags resolved against the `%TAG` handles: `!!str` arrives as `tag:yaml.org,2002:str`.
    private static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> YAMLNode.Scalar.Tag {
        guard let tag = string(pointer), tag != "!" else { return .none }
        switch tag {
        case "tag:yaml.org,2002:str": return .str
        case "tag:yaml.org,2002:int": return .int
        case "tag:yaml.org,2002:float": return .float
        case "tag:yaml.org,2002:bool": return .bool
        case "tag:yaml.org,2002:null": return .null
        default: return .other(tag)
        }
    }
}
