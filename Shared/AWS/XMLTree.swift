/// A small XML reader for AWS responses (S3 REST-XML, Query-protocol errors).
///
/// FoundationEssentials has no XML parser. AWS response documents are plain: elements, attributes, text,
/// the five predefined entities, numeric character references, CDATA, comments and the XML declaration.
/// DOCTYPEs are rejected, so no entity expansion can be smuggled in.
public struct XMLElement: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLElement]
    /// The element's own text (character data directly inside it), entities decoded.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLElement] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child of that name (namespace prefixes are ignored).
    public func child(_ name: String) -> XMLElement? { children.first { $0.localName == name } }

    /// Every child of that name.
    public func children(_ name: String) -> [XMLElement] { children.filter { $0.localName == name } }

    /// The text of the first child of that name.
    public func text(of name: String) -> String? { child(name)?.text }

    /// The name without a namespace prefix.
    public var localName: String {
        name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }

    /// Parses a document and returns its root element.
    public static func parse(_ bytes: some Collection<UInt8>) throws(XMLParseError) -> XMLElement {
        var parser = XMLReader(bytes: Array(bytes))
        return try parser.document()
    }
}

public struct XMLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public var description: String { "malformed XML at byte \(offset): \(reason)" }
}

private struct XMLReader {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(XMLParseError) -> XMLElement {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        try skipMisc()
        guard peek() == UInt8(ascii: "<") else { throw fail("no root element") }
        let root = try element()
        try skipMisc()
        guard index == bytes.count else { throw fail("content after the root element") }
        return root
    }

    /// Whitespace, comments, processing instructions and the declaration outside the root.
    private mutating func skipMisc() throws(XMLParseError) {
        while true {
            skipWhitespace()
            if starts("<?") {
                try skip(past: "?>")
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<!") {
                throw fail("DOCTYPE and other declarations are not accepted")
            } else {
                return
            }
        }
    }

    private mutating func element() throws(XMLParseError) -> XMLElement {
        index += 1  // "<"
        let name = try readName()
        var element = XMLElement(name: name)
        while true {
            skipWhitespace()
            guard let byte = peek() else { throw fail("unterminated start tag <\(name)>") }
            if byte == UInt8(ascii: "/") {
                guard starts("/>") else { throw fail("expected /> in <\(name)>") }
                index += 2
                return element
            }
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            let attribute = try readName()
            skipWhitespace()
            guard peek() == UInt8(ascii: "=") else { throw fail("attribute \(attribute) has no value") }
            index += 1
            skipWhitespace()
            guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw fail("attribute \(attribute) value is not quoted")
            }
            index += 1
            let start = index
            while let b = peek(), b != quote { index += 1 }
            guard peek() == quote else { throw fail("unterminated attribute \(attribute)") }
            element.attributes[attribute] = try decodeEntities(bytes[start..<index])
            index += 1
        }
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw fail("element <\(name)> is not closed") }
            if byte != UInt8(ascii: "<") {
                let start = index
                while let b = peek(), b != UInt8(ascii: "<") { index += 1 }
                text += Array(try decodeEntities(bytes[start..<index]).utf8)
            } else if starts("</") {
                index += 2
                let closing = try readName()
                guard closing == name else { throw fail("</\(closing)> closes <\(name)>") }
                skipWhitespace()
                guard peek() == UInt8(ascii: ">") else { throw fail("unterminated end tag </\(name)>") }
                index += 1
                element.text = String(decoding: text, as: UTF8.self)
                return element
            } else if starts("<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>")
                text += bytes[start..<(index - 3)]
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<?") {
                try skip(past: "?>")
            } else if starts("<!") {
                throw fail("declarations are not accepted inside elements")
            } else {
                element.children.append(try self.element())
            }
        }
    }

    private mutating func readName() throws(XMLParseError) -> String {
        let start = index
        while let b = peek(), !isWhitespace(b), b != UInt8(ascii: ">"), b != UInt8(ascii: "/"), b != UInt8(ascii: "="),
            b != UInt8(ascii: "<")
        {
            index += 1
        }
        guard index > start else { throw fail("expected a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func decodeEntities(_ slice: ArraySlice<UInt8>) throws(XMLParseError) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        var i = slice.startIndex
        while i < slice.endIndex {
            let b = slice[i]
            guard b == UInt8(ascii: "&") else {
                out.append(b)
                i += 1
                continue
            }
            guard let semicolon = slice[i...].firstIndex(of: UInt8(ascii: ";")), semicolon - i <= 10 else {
                throw XMLParseError(offset: i, reason: "unterminated entity")
            }
            let entity = String(decoding: slice[(i + 1)..<semicolon], as: UTF8.self)
            switch entity {
            case "amp": out.append(UInt8(ascii: "&"))
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let scalar: UInt32?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst())
                } else {
                    scalar = nil
                }
                guard let scalar, let unicode = Unicode.Scalar(scalar) else {
                    throw XMLParseError(offset: i, reason: "unknown entity &\(entity);")
                }
                out += Array(String(Character(unicode)).utf8)
            }
            i = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private func starts(_ literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        return bytes.count - index >= utf8.count && bytes[index..<(index + utf8.count)].elementsEqual(utf8)
    }

    private mutating func skip(past literal: String) throws(XMLParseError) {
        let utf8 = Array(literal.utf8)
        while index + utf8.count <= bytes.count {
            if bytes[index..<(index + utf8.count)].elementsEqual(utf8) {
                index += utf8.count
                return
            }
            index += 1
        }
        throw fail("missing \(literal)")
    }

    private mutating func skipWhitespace() { while let b = peek(), isWhitespace(b) { index += 1 } }

    private func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private func fail(_ reason: String) -> XMLParseError { XMLParseError(offset: index, reason: reason) }
}

/// Escapes text for an XML element or attribute value.
func xmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.append(character)
        }
    }
    return out
}
