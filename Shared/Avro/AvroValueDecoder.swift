/// Decodes Avro binary rows into `AvroValue` trees, and skips values without building anything.
public enum AvroValueDecoder {
    /// Every row of a block (`serialized_binary_rows`): exactly `rowCount` rows and no byte after them.
    public static func decodeRows(
        _ block: UnsafeRawBufferPointer, rowCount: Int, schema: AvroSchema
    ) throws -> [AvroValue] {
        var reader = AvroBinaryReader(block)
        var rows: [AvroValue] = []
        rows.reserveCapacity(min(rowCount, block.count))
        for row in 0..<rowCount {
            guard !reader.isAtEnd else { throw AvroRowCountError(expectedRows: rowCount, decodedRows: row, trailingBytes: 0) }
            do {
                rows.append(try decode(schema, from: &reader, path: ""))
            } catch var error {
                error.row = row
                throw error
            }
        }
        guard reader.isAtEnd else {
            throw AvroRowCountError(expectedRows: rowCount, decodedRows: rowCount, trailingBytes: reader.bytesLeft)
        }
        return rows
    }

    /// One value of `schema` at the reader's position.
    public static func decode(
        _ schema: AvroSchema, from reader: inout AvroBinaryReader, path: String
    ) throws(AvroDecodingError) -> AvroValue {
        let start = reader.position
        func failed(_ failure: AvroReadFailure) -> AvroDecodingError {
            AvroDecodingError(row: 0, fieldPath: path, byteOffset: start, failure: failure)
        }
        do {
            switch schema {
            case .null: return .null
            case .boolean: return .boolean(try reader.readBoolean())
            case .int: return .int(try reader.readInt())
            case .long: return .long(try reader.readLong())
            case .float: return .float(try reader.readFloat())
            case .double: return .double(try reader.readDouble())
            case .bytes: return .bytes(Array(reader.bytes[try reader.readLengthPrefixed()]))
            case .fixed(let fixed): return .fixed(Array(reader.bytes[try reader.readFixed(fixed.size)]))
            case .string: return .string(try string(&reader))
            case .enumeration(let enumeration):
                let index = try reader.readEnumIndex(of: enumeration.symbols.count)
                return .enumeration(index: index, symbol: enumeration.symbols[index])
            case .union(let branches):
                let branch = try reader.readUnionBranch(of: branches.count)
                return try decode(branches[branch], from: &reader, path: path)
            case .record(let record):
                var fields: [AvroValue] = []
                fields.reserveCapacity(record.fields.count)
                for field in record.fields {
                    fields.append(try decode(field.type, from: &reader, path: path.isEmpty ? field.name : "\(path).\(field.name)"))
                }
                return .record(fields)
            case .array(let items):
                var values: [AvroValue] = []
                try blocks(&reader, itemsTakeBytes: items.alwaysTakesBytes, path: path) { (reader) throws(AvroDecodingError) in
                    values.append(try decode(items, from: &reader, path: path))
                }
                return .array(values)
            case .map(let valueSchema):
                var entries: [(String, AvroValue)] = []
                try blocks(&reader, itemsTakeBytes: true, path: path) { (reader) throws(AvroDecodingError) in
                    let keyStart = reader.position
                    let key: String
                    do throws(AvroReadFailure) { key = try string(&reader) } catch {
                        throw AvroDecodingError(row: 0, fieldPath: path, byteOffset: keyStart, failure: error)
                    }
                    entries.append((key, try decode(valueSchema, from: &reader, path: path)))
                }
                return .map(entries)
            }
        } catch let failure as AvroReadFailure {
            throw failed(failure)
        } catch let error as AvroDecodingError {
            throw error
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// Moves past one value of `schema`, building nothing; negative block counts skip whole blocks by their size.
    public static func skip(
        _ schema: AvroSchema, in reader: inout AvroBinaryReader, path: String
    ) throws(AvroDecodingError) {
        let start = reader.position
        do {
            switch schema {
            case .null: return
            case .boolean: _ = try reader.readBoolean()
            case .int: _ = try reader.readInt()
            case .long: _ = try reader.readLong()
            case .float: try reader.skip(4)
            case .double: try reader.skip(8)
            case .bytes, .string: _ = try reader.readLengthPrefixed()
            case .fixed(let fixed): try reader.skip(fixed.size)
            case .enumeration(let enumeration): _ = try reader.readEnumIndex(of: enumeration.symbols.count)
            case .union(let branches):
                let branch = try reader.readUnionBranch(of: branches.count)
                try skip(branches[branch], in: &reader, path: path)
            case .record(let record):
                for field in record.fields {
                    try skip(field.type, in: &reader, path: path.isEmpty ? field.name : "\(path).\(field.name)")
                }
            case .array(let items):
                try skipBlocks(&reader, itemsTakeBytes: items.alwaysTakesBytes, path: path) { (reader) throws(AvroDecodingError) in
                    try skip(items, in: &reader, path: path)
                }
            case .map(let values):
                try skipBlocks(&reader, itemsTakeBytes: true, path: path) { (reader) throws(AvroDecodingError) in
                    let keyStart = reader.position
                    do throws(AvroReadFailure) { _ = try reader.readLengthPrefixed() } catch {
                        throw AvroDecodingError(row: 0, fieldPath: path, byteOffset: keyStart, failure: error)
                    }
                    try skip(values, in: &reader, path: path)
                }
            }
        } catch let failure as AvroReadFailure {
            throw AvroDecodingError(row: 0, fieldPath: path, byteOffset: start, failure: failure)
        } catch let error as AvroDecodingError {
            throw error
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// A string's bytes, checked to be UTF-8.
    static func string(_ reader: inout AvroBinaryReader) throws(AvroReadFailure) -> String {
        let range = try reader.readLengthPrefixed()
        let bytes = UnsafeRawBufferPointer(rebasing: reader.bytes[range])
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidUTF8(byteOffset: firstInvalidUTF8Offset(bytes))
        }
        return text
    }

    /// The offset of the first byte of the first ill-formed sequence (only asked after validation failed).
    static func firstInvalidUTF8Offset(_ bytes: UnsafeRawBufferPointer) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput, .error: return offset
            }
        }
    }

    /// Calls `item` for every item of an array or map, block by block, until the terminating zero count.
    public static func blocks(
        _ reader: inout AvroBinaryReader, itemsTakeBytes: Bool, path: String,
        _ item: (inout AvroBinaryReader) throws(AvroDecodingError) -> Void
    ) throws(AvroDecodingError) {
        var total = 0
        while true {
            let start = reader.position
            let count: Int
            let byteSize: Int64?
            do { (count, byteSize) = try reader.readBlockCount(itemsTakeBytes: itemsTakeBytes) } catch {
                throw AvroDecodingError(row: 0, fieldPath: path, byteOffset: start, failure: error)
            }
            if count == 0 { return }
            total += count
            if !itemsTakeBytes && total > Int(AvroBinaryReader.maximumZeroByteItems) {
                throw AvroDecodingError(row: 0, fieldPath: path, byteOffset: start, failure: .implausibleBlockCount(Int64(total)))
            }
            let itemsStart = reader.position
            for _ in 0..<count { try item(&reader) }
            if let byteSize, Int64(reader.position - itemsStart) != byteSize {
                throw AvroDecodingError(
                    row: 0, fieldPath: path, byteOffset: start,
                    failure: .blockSizeMismatch(declared: byteSize, actual: reader.position - itemsStart))
            }
        }
    }

    /// Like `blocks`, but a block with a byte size is skipped in one step.
    static func skipBlocks(
        _ reader: inout AvroBinaryReader, itemsTakeBytes: Bool, path: String,
        _ item: (inout AvroBinaryReader) throws(AvroDecodingError) -> Void
    ) throws(AvroDecodingError) {
        var total = 0
        while true {
            let start = reader.position
            do {
                let (count, byteSize) = try reader.readBlockCount(itemsTakeBytes: itemsTakeBytes)
                if count == 0 { return }
                if let byteSize {
                    try reader.skip(Int(byteSize))
                    continue
                }
                total += count
                if !itemsTakeBytes && total > Int(AvroBinaryReader.maximumZeroByteItems) {
                    throw AvroReadFailure.implausibleBlockCount(Int64(total))
                }
                for _ in 0..<count { try item(&reader) }
            } catch let failure as AvroReadFailure {
                throw AvroDecodingError(row: 0, fieldPath: path, byteOffset: start, failure: failure)
            } catch let error as AvroDecodingError {
                throw error
            } catch {
                preconditionFailure("unexpected error \(error)")
            }
        }
    }
}
