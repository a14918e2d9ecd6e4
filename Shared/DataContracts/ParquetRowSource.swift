import DelimitedText
import Parquet

/// Parquet files as rows for validation: the footer's top-level fields are the columns, each row group's
/// projected column chunks are decoded one at a time (so a ranged source holds one chunk's bytes), and each
/// row is handed on as a `TextRecord` of the values' text (`ParquetCellText`) with the numbers of numeric
/// columns beside it. Unlike text formats this source pulls: it needs random access (`ParquetByteSource`),
/// footer first, instead of a stream.
///
/// Flat fields are read straight from the column buffers; groups, lists and maps through the reader's row
/// view, as JSON text. A row's `line` is its 1-based row number in the file.
public final class ParquetRowSource {
    public let reader: ParquetReader
    /// Top-level field names, in file order.
    public let columns: [String]
    /// What each column stores, for the validator's type verdicts.
    public let storedTypes: [StoredColumnType]
    /// Rows delivered so far.
    public private(set) var rowCount = 0
    /// Where the footer starts: column chunks end before it.
    private let footerOffset: Int

    public init(source: any ParquetByteSource, options: ParquetReaderOptions = ParquetReaderOptions()) throws(ParquetError) {
        reader = try ParquetReader(source: source, options: options)
        let tail = try? source.read(offset: source.size - 8, count: 8)
        footerOffset = source.size - 8 - (tail.map { Int(UInt32($0[0]) | UInt32($0[1]) << 8 | UInt32($0[2]) << 16 | UInt32($0[3]) << 24) } ?? 0)
        let fields = reader.schema.root.children
        columns = fields.map(\.name)
        storedTypes = fields.map(Self.storedType)
    }

    /// One column chunk to fetch and decode.
    public struct Chunk: Sendable {
        public var rowGroup: Int
        public var leaf: Int
        public var offset: Int
        public var count: Int
    }

    /// The chunks of row group `rowGroup` that hold `columns` (indices into `columns`), in file order. A chunk
    /// whose range the footer states impossibly (past the data, over the reader's limit) has count 0: nothing is
    /// fetched for it and the reader reports it.
    public func chunks(rowGroup: Int, columns wanted: Set<Int>) -> [Chunk] {
        let fields = reader.schema.root.children
        let group = reader.metadata.rowGroups[rowGroup]
        return wanted.sorted().flatMap { column in
            fields[column].leafRange.map { leaf in
                let chunk = group.columns[leaf]
                let plausible = chunk.valueCount > 0 && chunk.startOffset >= 4 && chunk.totalCompressedSize <= footerOffset - chunk.startOffset
                    && chunk.totalCompressedSize <= reader.options.maximumColumnChunkBytes
                return Chunk(rowGroup: rowGroup, leaf: leaf, offset: chunk.startOffset, count: plausible ? chunk.totalCompressedSize : 0)
            }
        }
    }

    /// Decodes the chunks of one row group (calling `fetch` before each, so a ranged source can load exactly
    /// that range) and delivers its rows.
    public func readRowGroup(
        _ rowGroup: Int, columns wanted: Set<Int>, fetch: (Chunk) async throws -> Void,
        record: (TextRecord, UnsafeBufferPointer<Double>) throws -> Void
    ) async throws {
        var decoded: [Int: ParquetColumnBuffer] = [:]
        for chunk in chunks(rowGroup: rowGroup, columns: wanted) {
            try await fetch(chunk)
            decoded[chunk.leaf] = try reader.readColumn(rowGroup: rowGroup, leaf: chunk.leaf)
        }
        try deliver(rowGroup, columns: wanted, decoded: decoded, record: record)
    }

    private func deliver(
        _ rowGroup: Int, columns wanted: Set<Int>, decoded: [Int: ParquetColumnBuffer], record: (TextRecord, UnsafeBufferPointer<Double>) throws -> Void
    ) throws {
        let rows = reader.metadata.rowGroups[rowGroup].rowCount
        let fields = reader.schema.root.children
        var flat = [FlatColumn?](repeating: nil, count: columns.count)
        var nested: [Int] = []
        for column in wanted.sorted() {
            let field = fields[column]
            if field.isLeaf && field.repetition != .repeated, let buffer = decoded[field.leafRange.lowerBound] {
                guard buffer.levelCount == rows else {
                    throw ParquetError.unreadable(ParquetReadFailure(
                        .malformedPage, "the column holds \(buffer.levelCount) rows, the row group declares \(rows)", rowGroup: rowGroup, column: field.name))
                }
                flat[column] = FlatColumn(buffer: buffer)
            } else {
                nested.append(column)
            }
        }
        var nestedRows: [ParquetFieldValue] = []
        if !nested.isEmpty {
            let leaves = nested.flatMap { fields[$0].leafRange }.compactMap { decoded[$0] }
            nestedRows = try ParquetRowGroup(rowGroup: rowGroup, rowCount: rows, schema: reader.schema, columns: leaves).rows()
        }
        var buffer = RecordBuffer()
        var numbers = [Double](repeating: 0, count: columns.count)
        for row in 0..<rows {
            buffer.clear()
            for column in columns.indices {
                if flat[column] != nil {
                    if let number = try flat[column]!.next(into: &buffer) { numbers[column] = number }
                } else if !nestedRows.isEmpty, nested.contains(column) {
                    let value = nestedRows[row][fields[column].name] ?? .null
                    if value == .null {
                        buffer.endField(flags: .null)
                    } else {
                        ParquetCellText.append(value, to: &buffer)
                        buffer.endField(flags: [])
                    }
                } else {
                    // Not read by any check: an empty field keeps the positions.
                    buffer.endField(flags: [])
                }
            }
            rowCount += 1
            let line = rowCount
            try numbers.withUnsafeBufferPointer { numbers in
                try buffer.withRecord(line: line, offset: 0) { try record($0, numbers) }
            }
        }
    }

    /// A flat column walked row by row: the definition levels say which rows hold the next value.
    struct FlatColumn {
        let buffer: ParquetColumnBuffer
        let maximumLevel: UInt8
        var row = 0
        var value = 0

        init(buffer: ParquetColumnBuffer) {
            self.buffer = buffer
            maximumLevel = UInt8(buffer.leaf.maxDefinitionLevel)
        }

        /// Appends the next row's field; returns its number for numeric columns.
        mutating func next(into record: inout RecordBuffer) throws(ParquetError) -> Double? {
            defer { row += 1 }
            if !buffer.definitionLevels.isEmpty && buffer.definitionLevels[row] != maximumLevel {
                record.endField(flags: .null)
                return nil
            }
            guard value < buffer.values.count else {
                throw .unreadable(ParquetReadFailure(.malformedValues, "fewer values than the definition levels promise", column: buffer.leaf.name))
            }
            defer { value += 1 }
            var number: Double?
            switch buffer.values {
            case .int64(let values) where buffer.leaf.logicalType == nil || buffer.leaf.logicalType == .integer(bitWidth: 64, isSigned: true):
                ParquetCellText.appendInteger(values[value], to: &record)
                number = Double(values[value])
            case .int32(let values) where buffer.leaf.logicalType == nil || buffer.leaf.logicalType == .integer(bitWidth: 32, isSigned: true):
                ParquetCellText.appendInteger(Int64(values[value]), to: &record)
                number = Double(values[value])
            case .int32(let values) where buffer.leaf.logicalType == .date:
                ParquetCellText.appendDate(Int64(values[value]), to: &record)
            case .int64(let values):
                if case .timestamp(let unit, let utc)? = buffer.leaf.logicalType {
                    ParquetCellText.appendTimestamp(values[value], unit, utc: utc, to: &record)
                } else {
                    let field = try buffer.fieldValue(at: value)
                    ParquetCellText.append(field, to: &record)
                    number = Self.number(field)
                }
            case .double(let values):
                ParquetCellText.appendText(String(values[value]), to: &record)
                number = values[value]
            case .byteArray(let values) where buffer.leaf.logicalType != .bson && !Self.isDecimal(buffer.leaf.logicalType):
                values.data.withUnsafeBufferPointer { data in
                    record.append(UnsafeBufferPointer(rebasing: data[values.offsets[value]..<values.offsets[value + 1]]))
                }
            default:
                let field = try buffer.fieldValue(at: value)
                ParquetCellText.append(field, to: &record)
                number = Self.number(field)
            }
            record.endField(flags: [])
            return number
        }

        static func isDecimal(_ logical: ParquetLogicalType?) -> Bool {
            if case .decimal? = logical { return true }
            return false
        }

        static func number(_ value: ParquetFieldValue) -> Double? {
            switch value {
            case .int32(let number): Double(number)
            case .int64(let number): Double(number)
            case .uint64(let number): Double(number)
            case .float(let number): Double(number)
            case .double(let number): number
            case .decimal(let decimal): Double(decimal.unscaled) / CellValue.pow10(decimal.scale)
            default: nil
            }
        }
    }

    /// The stored type of a top-level field.
    static func storedType(_ field: ParquetSchemaNode) -> StoredColumnType {
        guard let physical = field.physicalType, field.repetition != .repeated else {
            let shape = switch field.logicalType {
            case .list?: "LIST"
            case .map?, .mapKeyValue?: "MAP"
            default: field.isLeaf ? "repeated \(field.physicalType!)" : "group"
            }
            return StoredColumnType(.nested, description: shape)
        }
        let logical = field.logicalType
        let description = logical.map { "\(physical) (\(annotation($0)))" } ?? physical.description
        let kind: StoredColumnType.Kind
        switch (physical, logical) {
        case (_, .decimal(_, let scale)?): kind = .decimal(scale: scale)
        case (_, .date?): kind = .date
        case (_, .timestamp?), (.int96, _): kind = .timestamp
        case (_, .time?): kind = .time
        case (.boolean, _): kind = .boolean
        case (.int32, _), (.int64, _): kind = .integer
        case (.float, _), (.double, _): kind = .floating
        case (.byteArray, .bson?), (.fixedLenByteArray, _): kind = .bytes
        case (.byteArray, _): kind = .text
        }
        return StoredColumnType(kind, description: description)
    }

    static func annotation(_ logical: ParquetLogicalType) -> String {
        switch logical {
        case .string: "STRING"
        case .enumeration: "ENUM"
        case .json: "JSON"
        case .bson: "BSON"
        case .uuid: "UUID"
        case .float16: "FLOAT16"
        case .date: "DATE"
        case .interval: "INTERVAL"
        case .unknown: "NULL"
        case .time(let unit, let utc): "TIME(\(unit), \(utc ? "UTC" : "local"))"
        case .timestamp(let unit, let utc): "TIMESTAMP(\(unit), \(utc ? "UTC" : "local"))"
        case .decimal(let precision, let scale): "DECIMAL(\(precision), \(scale))"
        case .integer(let width, let signed): "\(signed ? "" : "U")INT\(width)"
        case .list: "LIST"
        case .map, .mapKeyValue: "MAP"
        case .other(let id): "annotation \(id)"
        }
    }
}
