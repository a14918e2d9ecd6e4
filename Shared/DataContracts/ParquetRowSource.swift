import DelimitedText
import Parquet

/// Parquet files as rows for validation: the footer's top-level fields are the columns, each row group's
/// projected columns are read and decoded a page at a time (`ParquetReader.rowGroupPages`), and each row is
/// handed on as a `TextRecord` of the values' text (`ParquetCellText`) with the numbers of numeric columns
/// beside it. Memory is bounded by the pages, not the row group: per column one window of stored bytes, one
/// decompressed page, its decoded levels and values and its dictionary, all counted in `budget` and refused
/// past `ParquetReaderOptions.maximumBufferedBytes`. Unlike text formats this source pulls: it needs random
/// access (`ParquetByteSource`), footer first, instead of a stream.
///
/// Flat fields are read straight from the page buffers; groups, lists and maps through the reader's row
/// view, as JSON text. A row's `line` is its 1-based row number in the file.
public final class ParquetRowSource {
    public let reader: ParquetReader
    /// Top-level field names, in file order.
    public let columns: [String]
    /// What each column stores, for the validator's type verdicts.
    public let storedTypes: [StoredColumnType]
    /// Rows delivered so far.
    public private(set) var rowCount = 0
    /// What the pages held, across every row group read (`peak` is the most at once).
    public let budget: ParquetReadBudget

    public init(source: any ParquetByteSource, options: ParquetReaderOptions = ParquetReaderOptions()) throws(ParquetError) {
        reader = try ParquetReader(source: source, options: options)
        budget = ParquetReadBudget(limit: options.maximumBufferedBytes)
        let fields = reader.schema.root.children
        columns = fields.map(\.name)
        storedTypes = fields.map(Self.storedType)
    }

    /// Delivers every row of the file, reading only the columns `wanted` (indices into `columns`).
    public func read(columns wanted: Set<Int>, record: (TextRecord, UnsafeBufferPointer<Double>) throws -> Void) throws {
        for rowGroup in 0..<reader.rowGroupCount {
            try readRowGroup(rowGroup, columns: wanted, record: record)
        }
    }

    /// Delivers the rows of one row group, walking the flat columns' pages side by side in runs of rows that
    /// every current page still holds.
    public func readRowGroup(_ rowGroup: Int, columns wanted: Set<Int>, record: (TextRecord, UnsafeBufferPointer<Double>) throws -> Void) throws {
        let fields = reader.schema.root.children
        var flatLeaves: [Int] = []
        var nestedLeaves: [Int] = []
        var nested: [Int] = []
        for column in wanted.sorted() {
            let field = fields[column]
            if field.isLeaf && field.repetition != .repeated {
                flatLeaves.append(field.leafRange.lowerBound)
            } else {
                nested.append(column)
                nestedLeaves += field.leafRange
            }
        }
        let flatGroup = try reader.rowGroupPages(rowGroup, leaves: flatLeaves, budget: budget)
        let nestedGroup = nested.isEmpty ? nil : try reader.rowGroupPages(rowGroup, leaves: nestedLeaves, budget: budget)
        let rows = flatGroup.rowCount
        // Column index -> its page stream, for the flat columns.
        var flatPages: [(column: Int, pages: ParquetColumnPages)] = []
        for column in wanted.sorted() where !nested.contains(column) {
            flatPages.append((column, flatGroup.pages(leaf: fields[column].leafRange.lowerBound)!))
        }
        var flat = [FlatColumn?](repeating: nil, count: columns.count)
        var buffer = RecordBuffer()
        var numbers = [Double](repeating: 0, count: columns.count)
        var row = 0
        while row < rows {
            var run = rows - row
            for (column, pages) in flatPages {
                while (flat[column]?.remaining ?? 0) == 0 {
                    flat[column] = nil  // released first, so the next page reuses its buffers
                    guard let page = try pages.next() else {
                        throw ParquetError.unreadable(ParquetReadFailure(
                            .malformedPage, "the column holds \(pages.decodedCount) rows, the row group declares \(rows)", rowGroup: rowGroup, column: pages.leaf.name))
                    }
                    flat[column] = FlatColumn(buffer: page)
                }
                run = min(run, flat[column]!.remaining)
            }
            for _ in 0..<run {
                buffer.clear()
                let nestedRow = try nestedGroup?.nextRow()
                for column in columns.indices {
                    if flat[column] != nil {
                        if let number = try flat[column]!.next(into: &buffer) { numbers[column] = number }
                    } else if let nestedRow, nested.contains(column) {
                        let value = nestedRow[fields[column].name] ?? .null
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
            row += run
        }
        for (column, pages) in flatPages where (flat[column]?.remaining ?? 0) > 0 || !pages.isFinished {
            throw ParquetError.unreadable(ParquetReadFailure(
                .malformedPage, "the column holds more rows than the row group declares (\(rows))", rowGroup: rowGroup, column: pages.leaf.name))
        }
        if let nestedGroup, try nestedGroup.nextRow() != nil {
            throw ParquetError.unreadable(ParquetReadFailure(.malformedPage, "the nested columns hold more rows than the row group declares (\(rows))", rowGroup: rowGroup))
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

        /// Rows of this page not yet delivered.
        var remaining: Int { buffer.levelCount - row }

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
