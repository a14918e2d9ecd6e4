/// Reads Parquet files written by any engine: the footer and schema first, then the projected columns of one row
/// group at a time, fetched from the source, either whole (`readRowGroup`, `readColumn`: memory follows the row
/// group) or page by page (`rowGroupPages`, `forEachRow`: memory follows the pages, see `ParquetReadBudget`).
///
/// Every malformed, truncated or oversized structure becomes a `ParquetError.unreadable` naming the file
/// offset, row group and column; nothing in a file can crash the process.
public final class ParquetReader {
    public let source: any ParquetByteSource
    public let metadata: ParquetFileMetadata
    public let options: ParquetReaderOptions
    /// Where the footer starts; column chunks must end before it.
    let footerOffset: Int

    public var schema: ParquetFileSchema { metadata.schema }
    public var rowGroupCount: Int { metadata.rowGroups.count }

    public init(source: any ParquetByteSource, options: ParquetReaderOptions = ParquetReaderOptions()) throws(ParquetError) {
        self.source = source
        self.options = options
        let size = source.size
        guard size >= 12 else { throw .unreadable(.truncated, "the file has \(size) bytes; a Parquet file has at least 12", fileOffset: 0) }
        let tail = try Self.read(source, offset: size - 8, count: 8)
        guard Array(tail[4...]) == ParquetMagic.bytes else {
            if Array(tail[4...]) == Array("PARE".utf8) {
                throw .unreadable(.unsupported, "the footer is encrypted (PARE)", fileOffset: size - 4)
            }
            throw .unreadable(.truncated, "no PAR1 magic at the end: the file is truncated or not Parquet", fileOffset: size - 4)
        }
        let head = try Self.read(source, offset: 0, count: 4)
        guard head == ParquetMagic.bytes else { throw .unreadable(.malformedMetadata, "no PAR1 magic at the start", fileOffset: 0) }
        let length = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard length <= size - 12 else {
            throw .unreadable(.truncated, "the footer length \(length) reaches past the start of a \(size)-byte file", fileOffset: size - 8)
        }
        guard length <= options.maximumFooterBytes else {
            throw .unreadable(.limitExceeded, "the footer claims \(length) bytes, over the limit of \(options.maximumFooterBytes)", fileOffset: size - 8)
        }
        footerOffset = size - 8 - length
        let footerBytes = try Self.read(source, offset: footerOffset, count: length)
        var reader = ThriftCompactReader(footerBytes)
        let footer: ThriftValue
        do {
            footer = try reader.structure()
        } catch {
            throw .unreadable(.malformedMetadata, "footer: \(error)", fileOffset: footerOffset)
        }
        metadata = try ParquetFileMetadata(footer: footer, footerOffset: footerOffset)
    }

    public convenience init(path: String, options: ParquetReaderOptions = ParquetReaderOptions()) throws(ParquetError) {
        try self.init(source: try ParquetFileSource(path: path), options: options)
    }

    public convenience init(bytes: [UInt8], options: ParquetReaderOptions = ParquetReaderOptions()) throws(ParquetError) {
        try self.init(source: ParquetMemorySource(bytes), options: options)
    }

    /// Leaf column indices for a projection: top-level field names (all their leaves) or dotted leaf paths.
    /// Nil means every column.
    public func leafIndices(for columns: [String]?) throws(ParquetError) -> [Int] {
        guard let columns else { return Array(schema.leaves.indices) }
        var chosen = Set<Int>()
        for name in columns {
            guard let range = schema.leafIndices(for: name) else {
                throw .unreadable(.invalidRequest, "the file has no column '\(name)'")
            }
            chosen.formUnion(range)
        }
        return chosen.sorted()
    }

    /// Decodes one row group's projected columns.
    public func readRowGroup(_ index: Int, columns: [String]? = nil) throws(ParquetError) -> ParquetRowGroup {
        try readRowGroup(index, leaves: try leafIndices(for: columns))
    }

    public func readRowGroup(_ index: Int, leaves: [Int]) throws(ParquetError) -> ParquetRowGroup {
        guard metadata.rowGroups.indices.contains(index) else {
            throw .unreadable(.invalidRequest, "row group \(index) does not exist; the file has \(metadata.rowGroups.count)")
        }
        let group = metadata.rowGroups[index]
        var buffers: [ParquetColumnBuffer] = []
        buffers.reserveCapacity(leaves.count)
        for leaf in leaves {
            guard schema.leaves.indices.contains(leaf) else {
                throw .unreadable(.invalidRequest, "leaf column \(leaf) does not exist; the file has \(schema.leaves.count)")
            }
            let buffer = try readColumn(rowGroup: index, leaf: leaf)
            try checkRowCount(buffer, rows: group.rowCount, rowGroup: index)
            buffers.append(buffer)
        }
        return ParquetRowGroup(index: index, rowCount: group.rowCount, schema: schema, columns: buffers)
    }

    /// Calls `body` with each row group in turn; only one is held at a time.
    public func forEachRowGroup(columns: [String]? = nil, _ body: (ParquetRowGroup) throws -> Void) throws {
        let leaves = try leafIndices(for: columns)
        for index in metadata.rowGroups.indices {
            try body(try readRowGroup(index, leaves: leaves))
        }
    }

    /// Decodes one column chunk.
    public func readColumn(rowGroup: Int, leaf: Int) throws(ParquetError) -> ParquetColumnBuffer {
        let pages = try columnPages(rowGroup: rowGroup, leaf: leaf, windowBytes: nil, budget: nil)
        do {
            return try pages.decodeAll()
        } catch {
            throw error.located(rowGroup: rowGroup, column: pages.leaf.name)
        }
    }

    /// One row group's columns `leaves`, read and decoded a page at a time: memory follows the pages (see
    /// `ParquetReaderOptions.maximumBufferedBytes`), not the row group. `budget` may be shared across row groups
    /// to see the most held at once; by default each call gets its own.
    public func rowGroupPages(_ index: Int, leaves: [Int], budget: ParquetReadBudget? = nil) throws(ParquetError) -> ParquetRowGroupPages {
        guard metadata.rowGroups.indices.contains(index) else {
            throw .unreadable(.invalidRequest, "row group \(index) does not exist; the file has \(metadata.rowGroups.count)")
        }
        let budget = budget ?? ParquetReadBudget(limit: options.maximumBufferedBytes)
        let window = options.windowBytes(columns: leaves.count)
        var columns: [ParquetColumnPages] = []
        for leaf in leaves {
            guard schema.leaves.indices.contains(leaf) else {
                throw .unreadable(.invalidRequest, "leaf column \(leaf) does not exist; the file has \(schema.leaves.count)")
            }
            columns.append(try columnPages(rowGroup: index, leaf: leaf, windowBytes: window, budget: budget))
        }
        return ParquetRowGroupPages(index: index, rowCount: metadata.rowGroups[index].rowCount, schema: schema, columns: columns, budget: budget)
    }

    /// Calls `body` with every row of the file (the projected top-level fields), reading page by page.
    public func forEachRow(columns: [String]? = nil, budget: ParquetReadBudget? = nil, _ body: (ParquetFieldValue) throws -> Void) throws {
        let leaves = try leafIndices(for: columns)
        let budget = budget ?? ParquetReadBudget(limit: options.maximumBufferedBytes)
        for index in metadata.rowGroups.indices {
            let group = try rowGroupPages(index, leaves: leaves, budget: budget)
            while let row = try group.nextRow() { try body(row) }
        }
    }

    /// The pages of one column chunk, its stored range checked against the file first.
    func columnPages(rowGroup: Int, leaf: Int, windowBytes: Int?, budget: ParquetReadBudget?) throws(ParquetError) -> ParquetColumnPages {
        let chunk = metadata.rowGroups[rowGroup].columns[leaf]
        let column = schema.leaves[leaf]
        let start = chunk.startOffset
        let length = chunk.totalCompressedSize
        // An empty chunk has nothing to read; writers leave its offsets at 0 or point them anywhere.
        if chunk.valueCount > 0 {
            guard start >= 4, length <= footerOffset - start else {
                throw .unreadable(.truncated, "the column chunk at \(start) with \(length) bytes reaches past the data (the footer starts at \(footerOffset))",
                                  fileOffset: start, rowGroup: rowGroup, column: column.name)
            }
            guard length <= options.maximumColumnChunkBytes else {
                throw .unreadable(.limitExceeded, "the column chunk claims \(length) bytes, over the limit of \(options.maximumColumnChunkBytes)",
                                  fileOffset: start, rowGroup: rowGroup, column: column.name)
            }
        }
        do {
            return try ParquetColumnPages(
                leaf: column, metadata: chunk, options: options, source: source, chunkLength: chunk.valueCount > 0 ? length : 0,
                windowBytes: windowBytes ?? length, accumulate: windowBytes == nil, budget: budget, rowGroup: rowGroup)
        } catch {
            throw error.located(rowGroup: rowGroup, column: column.name)
        }
    }

    /// A column must hold one entry per row (flat) or one level-0 entry per row (nested).
    private func checkRowCount(_ buffer: ParquetColumnBuffer, rows: Int, rowGroup: Int) throws(ParquetError) {
        let found = buffer.repetitionLevels.isEmpty ? buffer.levelCount : buffer.repetitionLevels.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        guard found == rows else {
            throw .unreadable(.malformedPage, "the column holds \(found) rows, the row group declares \(rows)",
                              rowGroup: rowGroup, column: buffer.leaf.name)
        }
    }

    private static func read(_ source: any ParquetByteSource, offset: Int, count: Int) throws(ParquetError) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try source.read(offset: offset, count: count)
        } catch let error as ParquetError {
            throw error
        } catch {
            throw .unreadable(.io, "reading \(count) bytes: \(error)", fileOffset: offset)
        }
        guard bytes.count == count else {
            throw .unreadable(.io, "the source returned \(bytes.count) of \(count) bytes", fileOffset: offset)
        }
        return bytes
    }
}

/// The decoded columns of one row group.
public struct ParquetRowGroup: Sendable {
    public let index: Int
    public let rowCount: Int
    public let schema: ParquetFileSchema
    /// The projected leaf columns, in file order.
    public let columns: [ParquetColumnBuffer]

    /// The column whose dotted leaf path is `name`.
    public func column(_ name: String) -> ParquetColumnBuffer? {
        columns.first { $0.leaf.name == name }
    }
}
