import DelimitedText

/// A file format's reader as validation sees it: bytes in (decompressed, in chunks), header and records out.
/// `DelimitedRowSource` and `JSONLinesRowSource` serve CSV/escaped text and JSON lines. Parquet is the one
/// format that is pulled rather than pushed (its footer comes first, so it is read by ranges): its rows come
/// from `ParquetRowSource` through `FileValidation.readParquet`, as the same `TextRecord`s.
public protocol RowSource: AnyObject {
    /// Column names once known (header row, or the declared columns for JSON lines); nil for headerless text.
    var columns: [String]? { get }
    /// True once `columns` can be asked (after the header row).
    var columnsKnown: Bool { get }
    func read(_ text: UnsafeRawBufferPointer, record: (TextRecord) throws -> Void, rejected: (TextReadError) throws -> Void) throws
    func finish(record: (TextRecord) throws -> Void, rejected: (TextReadError) throws -> Void) throws
    /// True when the source also reads by blocks of consecutive records (`read(_:blocks:rejected:)`; delimited
    /// text hands over the records it reads in place together).
    var readsBlocks: Bool { get }
    func read(_ text: UnsafeRawBufferPointer, blocks: (TextRecordBlock) throws -> Void, rejected: (TextReadError) throws -> Void) throws
    func finish(blocks: (TextRecordBlock) throws -> Void, rejected: (TextReadError) throws -> Void) throws
    /// Notes about the input for the report (BOM, blank lines, stray quotes, extra JSON keys).
    var notes: [String] { get }
}

extension RowSource {
    /// Sources that read record by record deliver each record as a block of one.
    public var readsBlocks: Bool { false }

    public func read(_ text: UnsafeRawBufferPointer, blocks: (TextRecordBlock) throws -> Void, rejected: (TextReadError) throws -> Void) throws {
        try read(text, record: { try $0.withBlock(blocks) }, rejected: rejected)
    }

    public func finish(blocks: (TextRecordBlock) throws -> Void, rejected: (TextReadError) throws -> Void) throws {
        try finish(record: { try $0.withBlock(blocks) }, rejected: rejected)
    }
}

/// CSV and Redshift escaped text through `DelimitedTextReader`.
public final class DelimitedRowSource: RowSource {
    public let reader: DelimitedTextReader

    public init(dialect: DelimitedDialect) { reader = DelimitedTextReader(dialect: dialect) }

    /// An empty list when a header row was expected but the file had none.
    public var columns: [String]? { reader.header ?? (reader.dialect.header ? [] : nil) }
    public var columnsKnown: Bool { !reader.dialect.header || reader.header != nil }

    public func read(_ text: UnsafeRawBufferPointer, record: (TextRecord) throws -> Void, rejected: (TextReadError) throws -> Void) throws {
        try reader.read(text, record)
    }

    public func finish(record: (TextRecord) throws -> Void, rejected: (TextReadError) throws -> Void) throws {
        try reader.finish(record)
    }

    public var readsBlocks: Bool { true }

    public func read(_ text: UnsafeRawBufferPointer, blocks: (TextRecordBlock) throws -> Void, rejected: (TextReadError) throws -> Void) throws {
        try reader.readBlocks(text, blocks)
    }

    public func finish(blocks: (TextRecordBlock) throws -> Void, rejected: (TextReadError) throws -> Void) throws {
        try reader.finishBlocks(blocks)
    }

    public var notes: [String] {
        var notes: [String] = []
        if reader.hadByteOrderMark { notes.append("a UTF-8 byte order mark was removed") }
        if reader.blankLineCount > 0 { notes.append("\(reader.blankLineCount) blank lines were skipped") }
        if let first = reader.firstStrayQuote {
            notes.append("\(reader.strayQuoteCount) quote characters inside unquoted fields were kept as data (first at line \(first.line), field \(first.field))")
        }
        return notes
    }
}

/// JSON lines through `JSONLinesReader`, one column per declared property.
public final class JSONLinesRowSource: RowSource {
    public let reader: JSONLinesReader

    public init(columns: [String]) { reader = JSONLinesReader(columns: columns) }

    public var columns: [String]? { reader.columns }
    public var columnsKnown: Bool { true }

    public func read(_ text: UnsafeRawBufferPointer, record: (TextRecord) throws -> Void, rejected: (TextReadError) throws -> Void) throws {
        try reader.read(text, record, onInvalid: rejected)
    }

    public func finish(record: (TextRecord) throws -> Void, rejected: (TextReadError) throws -> Void) throws {
        try reader.finish(record, onInvalid: rejected)
    }

    public var notes: [String] {
        reader.extraKeyCount > 0 ? ["\(reader.extraKeyCount) members with keys not in the contract (\(reader.extraKeys.joined(separator: ", ")))"] : []
    }
}
