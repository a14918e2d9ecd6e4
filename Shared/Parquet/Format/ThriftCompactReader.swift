/// A decoded Thrift compact value with no schema attached: the reader maps footers and page headers from it by
/// field id, so unknown fields (new parquet-format additions, page indexes, encryption) are skipped for free.
indirect enum ThriftValue: Equatable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case binary([UInt8])
    case list([ThriftValue])
    case structure([Int16: ThriftValue])

    subscript(_ id: Int16) -> ThriftValue? {
        if case .structure(let fields) = self { return fields[id] }
        return nil
    }

    var int: Int64? { if case .int(let value) = self { return value } else { return nil } }
    var bool: Bool? { if case .bool(let value) = self { return value } else { return nil } }
    var bytes: [UInt8]? { if case .binary(let value) = self { return value } else { return nil } }
    var string: String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
    var list: [ThriftValue]? { if case .list(let value) = self { return value } else { return nil } }
    var isStructure: Bool { if case .structure = self { return true } else { return false } }
    var fieldIDs: [Int16] {
        if case .structure(let fields) = self { return fields.keys.sorted() }
        return []
    }

    var description: String {
        switch self {
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .binary(let value): "\(value)"
        case .list(let values): "\(values)"
        case .structure(let fields): "{" + fields.keys.sorted().map { "\($0): \(fields[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}

/// Why Thrift bytes could not be decoded; `position` is the offset in the decoded bytes.
struct ThriftDecodingError: Error, CustomStringConvertible {
    let description: String
}

/// Decodes the Thrift compact protocol (apache/thrift `doc/specs/thrift-compact-protocol.md`) from untrusted
/// bytes: every length is checked against what is left, nesting is bounded, and nothing is allocated ahead of
/// the bytes that would fill it.
struct ThriftCompactReader {
    /// Deeper nesting than any parquet.thrift structure needs; stops stack exhaustion on hostile input.
    static let maximumDepth = 64

    let bytes: [UInt8]
    private(set) var position: Int
    private var depth = 0

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func byte() throws -> UInt8 {
        guard position >= 0 && position < bytes.count else {
            throw ThriftDecodingError(description: "ran out of bytes at \(position)")
        }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw ThriftDecodingError(description: "varint too long at \(position)") }
        }
    }

    mutating func zigzag() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// A length or count: must fit in the bytes that are left (every element takes at least `unit` bytes).
    private mutating func size(unit: Int) throws -> Int {
        let raw = try varint()
        let left = bytes.count - position
        guard raw <= UInt64(left / max(unit, 1)) else {
            throw ThriftDecodingError(description: "size \(raw) at \(position) runs past the end (\(left) bytes left)")
        }
        return Int(raw)
    }

    mutating func value(type: UInt8) throws -> ThriftValue {
        switch type {
        case 1: return .bool(true)
        case 2: return .bool(false)
        case 3: return .int(Int64(Int8(bitPattern: try byte())))
        case 4, 5, 6: return .int(try zigzag())
        case 7:
            guard position + 8 <= bytes.count else { throw ThriftDecodingError(description: "double past the end at \(position)") }
            var bits: UInt64 = 0
            for index in 0..<8 { bits |= UInt64(try byte()) << (8 * UInt64(index)) }
            return .double(Double(bitPattern: bits))
        case 8:
            let length = try size(unit: 1)
            defer { position += length }
            return .binary(Array(bytes[position..<position + length]))
        case 9, 10:
            let header = try byte()
            var count = Int(header >> 4)
            let elementType = header & 0x0F
            if count == 15 { count = try size(unit: 1) }
            guard count <= bytes.count - position else {
                throw ThriftDecodingError(description: "list of \(count) at \(position) runs past the end")
            }
            var elements: [ThriftValue] = []
            elements.reserveCapacity(count)
            try nested {
                for _ in 0..<count {
                    if elementType == 1 || elementType == 2 {
                        // Bool lists hold one byte per element; writers disagree on the element type (1 or 2).
                        elements.append(.bool(try $0.byte() == 1))
                    } else {
                        elements.append(try $0.value(type: elementType))
                    }
                }
            }
            return .list(elements)
        case 11:
            // Maps do not occur in parquet.thrift; decoded as a list of alternating keys and values.
            let count = try size(unit: 1)
            guard count > 0 else { return .list([]) }
            let types = try byte()
            var elements: [ThriftValue] = []
            try nested {
                for _ in 0..<count {
                    elements.append(try $0.value(type: types >> 4))
                    elements.append(try $0.value(type: types & 0x0F))
                }
            }
            return .list(elements)
        case 12:
            return try structure()
        default:
            throw ThriftDecodingError(description: "unsupported compact type \(type) at \(position - 1)")
        }
    }

    private mutating func nested(_ body: (inout ThriftCompactReader) throws -> Void) throws {
        guard depth < Self.maximumDepth else { throw ThriftDecodingError(description: "nesting deeper than \(Self.maximumDepth) at \(position)") }
        depth += 1
        defer { depth -= 1 }
        try body(&self)
    }

    mutating func structure() throws -> ThriftValue {
        var fields: [Int16: ThriftValue] = [:]
        try nested {
            var lastID: Int16 = 0
            while true {
                let header = try $0.byte()
                if header == 0 { return }
                let type = header & 0x0F
                let delta = Int16(header >> 4)
                let id: Int16
                if delta != 0 {
                    id = lastID &+ delta
                } else {
                    let raw = try $0.zigzag()
                    guard let narrow = Int16(exactly: raw) else {
                        throw ThriftDecodingError(description: "field id \(raw) out of range at \($0.position)")
                    }
                    id = narrow
                }
                lastID = id
                fields[id] = try $0.value(type: type)
            }
        }
        return .structure(fields)
    }
}

/// The footer of a Parquet file, decoded field by field.
func parquetFooter(_ file: [UInt8]) throws -> ThriftValue {
    guard file.count >= 12, Array(file.prefix(4)) == ParquetMagic.bytes, Array(file.suffix(4)) == ParquetMagic.bytes else {
        throw ThriftDecodingError(description: "missing PAR1 magic")
    }
    let lengthOffset = file.count - 8
    let length = Int(file[lengthOffset]) | Int(file[lengthOffset + 1]) << 8 | Int(file[lengthOffset + 2]) << 16
        | Int(file[lengthOffset + 3]) << 24
    guard length <= lengthOffset - 4 else { throw ThriftDecodingError(description: "footer length \(length) past the start") }
    var reader = ThriftCompactReader(file, at: lengthOffset - length)
    let footer = try reader.structure()
    guard reader.position == lengthOffset else { throw ThriftDecodingError(description: "footer length mismatch") }
    return footer
}
