/// A schema-less Thrift compact decoder, so tests can check what the writer put in footers and page headers
/// field by field, independently of the writer's own encoder.
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

struct ThriftDecodingError: Error, CustomStringConvertible {
    let description: String
}

struct ThriftCompactReader {
    let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw ThriftDecodingError(description: "ran out of bytes at \(position)") }
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

    mutating func value(type: UInt8) throws -> ThriftValue {
        switch type {
        case 1: return .bool(true)
        case 2: return .bool(false)
        case 3: return .int(Int64(Int8(bitPattern: try byte())))
        case 4, 5, 6: return .int(try zigzag())
        case 7:
            var bits: UInt64 = 0
            for index in 0..<8 { bits |= UInt64(try byte()) << (8 * UInt64(index)) }
            return .double(Double(bitPattern: bits))
        case 8:
            let length = Int(try varint())
            guard position + length <= bytes.count else { throw ThriftDecodingError(description: "binary past the end") }
            defer { position += length }
            return .binary(Array(bytes[position..<position + length]))
        case 9, 10:
            let header = try byte()
            var count = Int(header >> 4)
            let elementType = header & 0x0F
            if count == 15 { count = Int(try varint()) }
            var elements: [ThriftValue] = []
            for _ in 0..<count {
                if elementType == 1 || elementType == 2 {
                    elements.append(.bool(try byte() == 1))
                } else {
                    elements.append(try value(type: elementType))
                }
            }
            return .list(elements)
        case 12:
            return try structure()
        default:
            throw ThriftDecodingError(description: "unsupported compact type \(type) at \(position - 1)")
        }
    }

    mutating func structure() throws -> ThriftValue {
        var fields: [Int16: ThriftValue] = [:]
        var lastID: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return .structure(fields) }
            let type = header & 0x0F
            let delta = Int16(header >> 4)
            let id = delta != 0 ? lastID + delta : Int16(try zigzag())
            lastID = id
            fields[id] = try value(type: type)
        }
    }
}

/// The footer of a Parquet file, decoded.
func parquetFooter(_ file: [UInt8]) throws -> ThriftValue {
    guard file.count >= 12, Array(file.prefix(4)) == Array("PAR1".utf8), Array(file.suffix(4)) == Array("PAR1".utf8) else {
        throw ThriftDecodingError(description: "missing PAR1 magic")
    }
    let lengthOffset = file.count - 8
    let length = Int(file[lengthOffset]) | Int(file[lengthOffset + 1]) << 8 | Int(file[lengthOffset + 2]) << 16
        | Int(file[lengthOffset + 3]) << 24
    var reader = ThriftCompactReader(file, at: lengthOffset - length)
    let footer = try reader.structure()
    guard reader.position == lengthOffset else { throw ThriftDecodingError(description: "footer length mismatch") }
    return footer
}
