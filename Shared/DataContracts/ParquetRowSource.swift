import DelimitedText
import Parquet

/// Parquet files as rows for validation: the footer's top-level fields are the columns, each row group's
/// projected columns are read and decoded a page at a time (`ParquetReader.rowGroupPages`), and each row is
/// handed on as a `TextRecord` of the values' text (`ParquetCellText`) with the numbers of numeric columns
/// beside it. Memory is bounded by the pages, not the row group: per column one window of stored bytes, one
/// decompressed page, its decoded levels and values and its dictionary, all counted in `budget` and refused
/// past `ParquetReaderOptions.maximumBufferedBytes`, with one block of rows (`ParquetRowBlock`: 1,024 rows' field
/// offsets, flags, numbers and rendered text). Unlike text formats this source pulls: it needs random
/// access (`ParquetByteSource`), footer first, instead of a stream.
///
/// Flat fields are read straight from the page buffers, a block of rows and a column at a time
/// (`ParquetPageCursor`); groups, lists and maps through the reader's row view, as JSON text. Text is rendered
/// only for the columns whose checks read it: the others pass their numbers and null flags, and a cell's text is
/// rendered on request (`DeferredCellText`) when a failing row's sample shows it. A row's `line` is its 1-based
/// row number in the file.
public final class ParquetRowSource: DeferredCellText {
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

    /// The text of a deferred cell of the row being delivered, rendered as an undeferred cell's would be.
    public func text(column: Int) -> String {
        guard blockPages.indices.contains(column), let cursor = blockPages[column] else { return "" }
        let index = block.valueIndexes[blockRow * block.columns + column]
        guard index >= 0 else { return "" }
        var text = CellTextBytes()
        // The index was checked against the part's values when the block was filled: rendering cannot fail.
        try? cursor.appendText(at: index, to: &text)
        return String(decoding: text.bytes, as: UTF8.self)
    }

    /// Delivers every row of the file, reading only the columns `wanted` (indices into `columns`). The flat
    /// columns in `deferred` get no text: their fields are empty (nulls still flagged, numbers beside them), and
    /// `text(column:)` renders a cell of the row being delivered when it is asked for.
    public func read(columns wanted: Set<Int>, deferringTextOf deferred: Set<Int> = [],
                     record: (TextRecord, UnsafeBufferPointer<Double>) throws -> Void) throws {
        for rowGroup in 0..<reader.rowGroupCount {
            try readRowGroup(rowGroup, columns: wanted, deferringTextOf: deferred, record: record)
        }
    }

    /// The columns among `wanted` whose text can be deferred: the flat ones (groups, lists and maps are read
    /// through the row view as JSON text).
    public func deferrable(_ wanted: Set<Int>) -> Set<Int> {
        let fields = reader.schema.root.children
        return wanted.filter { fields[$0].isLeaf && fields[$0].repetition != .repeated }
    }

    /// Rows per block: the flat columns are decoded a block at a time, column by column, then the block's rows
    /// are delivered one by one.
    static let blockRows = 1024

    /// The current block's page parts (while its rows are delivered) and the row being delivered, for `text`.
    private var blockPages: [ParquetPageCursor?] = []
    private var blockRow = 0
    private lazy var block = ParquetRowBlock(columns: columns.count, capacity: Self.blockRows)
    /// What the block last reported to `budget` (its text grows with the longest values of a block).
    private var blockReported = 0

    /// Delivers the rows of one row group: blocks of rows that every current page part still holds, each
    /// filled a column at a time.
    public func readRowGroup(_ rowGroup: Int, columns wanted: Set<Int>, deferringTextOf deferred: Set<Int> = [],
                             record: (TextRecord, UnsafeBufferPointer<Double>) throws -> Void) throws {
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
        var flatPages: [(column: Int, pages: ParquetColumnPages, numeric: Bool, text: Bool)] = []
        for column in wanted.sorted() where !nested.contains(column) {
            flatPages.append((column, flatGroup.pages(leaf: fields[column].leafRange.lowerBound)!, storedTypes[column].isNumeric, !deferred.contains(column)))
        }
        let block = self.block
        var cursors = [ParquetPageCursor?](repeating: nil, count: columns.count)
        var row = 0
        while row < rows {
            var run = min(rows - row, block.capacity)
            for (column, pages, numeric, _) in flatPages {
                while (cursors[column]?.remaining ?? 0) == 0 {
                    cursors[column] = nil  // released first, so the next page reuses its buffers
                    guard let page = try pages.next() else {
                        throw ParquetError.unreadable(ParquetReadFailure(
                            .malformedPage, "the column holds \(pages.decodedCount) rows, the row group declares \(rows)", rowGroup: rowGroup, column: pages.leaf.name))
                    }
                    cursors[column] = ParquetPageCursor(buffer: page, numeric: numeric)
                }
                run = min(run, cursors[column]!.remaining)
            }
            block.text.clear()
            for (column, _, _, text) in flatPages {
                try cursors[column]!.fill(run, column: column, into: block, text: text)
            }
            if let nestedGroup {
                for blockRow in 0..<run {
                    let nestedRow = try nestedGroup.nextRow()
                    for column in nested {
                        let slot = blockRow * block.columns + column
                        let value = nestedRow?[fields[column].name] ?? .null
                        block.starts[slot] = block.text.count
                        if nestedRow != nil && value != .null { ParquetCellText.append(value, to: &block.text) }
                        block.ends[slot] = block.text.count
                        block.flags[slot] = nestedRow != nil && value == .null ? .null : []
                    }
                }
            }
            if block.heldBytes != blockReported {
                try budget.change(from: blockReported, to: block.heldBytes, column: "the block of rows being checked")
                blockReported = block.heldBytes
            }
            blockPages = cursors
            defer { blockPages = [] }
            for blockRow in 0..<run {
                rowCount += 1
                self.blockRow = blockRow
                try block.withRecord(blockRow, line: rowCount, record)
            }
            row += run
        }
        for (column, pages, _, _) in flatPages where (cursors[column]?.remaining ?? 0) > 0 || !pages.isFinished {
            throw ParquetError.unreadable(ParquetReadFailure(
                .malformedPage, "the column holds more rows than the row group declares (\(rows))", rowGroup: rowGroup, column: pages.leaf.name))
        }
        if let nestedGroup, try nestedGroup.nextRow() != nil {
            throw ParquetError.unreadable(ParquetReadFailure(.malformedPage, "the nested columns hold more rows than the row group declares (\(rows))", rowGroup: rowGroup))
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
