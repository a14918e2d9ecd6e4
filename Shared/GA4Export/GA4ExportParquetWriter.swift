import Avro
import Parquet

/// How `GA4ExportParquetWriter` batches and lays out a file.
public struct GA4ExportWriterOptions: Sendable {
    /// The Parquet writer's options. Row groups close at `rowGroupByteLimit` of encoded pages, which with the
    /// batch limits below bounds the writer's memory whatever the number of events.
    public var parquet: ParquetWriterOptions
    /// Rows decoded before they are handed to the Parquet writer as one columnar batch.
    public var batchRows: Int = 16_384
    /// Avro bytes decoded before a batch is handed over, whatever its rows (long page_location values).
    public var batchBytes: Int = 32 << 20

    public init() {
        parquet = ParquetWriterOptions(compression: .snappy)
        parquet.rowGroupByteLimit = 64 << 20
    }
}

/// An error while writing the export, naming the row of the stream and the field.
public enum GA4ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    case schema(AvroSchemaError)
    case schemaMismatch(GA4ExportSchemaMismatch)
    /// `row` counts the rows given to this writer (0-based); the block it came in was not written.
    case row(Int, AvroDecodingError)
    case rowCount(AvroRowCountError, firstRow: Int)

    public var description: String {
        switch self {
        case .schema(let error): "\(error)"
        case .schemaMismatch(let error): "\(error)"
        case .row(let row, let error):
            "row \(row): field \(error.fieldPath.isEmpty ? "(row)" : error.fieldPath), byte \(error.byteOffset) of its block: \(error.failure)"
        case .rowCount(let error, let firstRow): "block starting at row \(firstRow): \(error)"
        }
    }
}

/// What a closed file holds.
public struct GA4ExportFileSummary: Sendable {
    public let rows: Int
    public let parquet: ParquetFileSummary
    public let fieldMapping: GA4ExportFieldMapping
}

/// Writes the GA4 export's events from Avro row blocks (a read session's `serialized_binary_rows`) to one Parquet
/// file in the lake's table shape (`GA4ExportSchema.parquetSchema`), streaming row groups to the sink.
///
///     let writer = try GA4ExportParquetWriter(avroSchemaJSON: session.avroSchema, sink: sink)
///     for response in stream { try writer.write(rows: response.serializedBinaryRows, rowCount: response.rowCount) }
///     let summary = try writer.close()
///
/// A block is written whole or not at all: when one of its rows does not decode, the error names the row and the
/// field, the rows before it in the block are dropped again, and the writer stays usable (the caller re-reads the
/// stream from its offset). Unknown session fields are skipped and listed in `fieldMapping`.
public final class GA4ExportParquetWriter {
    public let fieldMapping: GA4ExportFieldMapping
    public let options: GA4ExportWriterOptions
    private let writer: ParquetNestedWriter
    private let root: RecordColumnBuilder
    private let promoted: PromotedColumnsBuilder
    /// Rows in blocks accepted so far (handed to the Parquet writer or waiting in the batch).
    public private(set) var rowsWritten = 0
    private var batchRows = 0
    private var batchBytes = 0

    public init(avroSchemaJSON: String, sink: any ParquetSink, options: GA4ExportWriterOptions = GA4ExportWriterOptions()) throws {
        let schema: AvroSchema
        do { schema = try AvroSchema(json: avroSchemaJSON) } catch { throw GA4ExportError.schema(error) }
        let plan: GA4ExportColumnPlan
        do { plan = try GA4ExportColumnPlan(sessionSchema: schema) } catch { throw GA4ExportError.schemaMismatch(error) }
        guard options.batchRows >= 1, options.batchBytes >= 1 else {
            throw ParquetError.invalidOptions("batchRows and batchBytes must be positive")
        }
        root = plan.root
        fieldMapping = plan.mapping
        promoted = PromotedColumnsBuilder(root: root)
        self.options = options
        writer = try ParquetNestedWriter(schema: GA4ExportSchema.parquetSchema, options: options.parquet, sink: sink)
    }

    /// Decodes one block of `rowCount` rows (no container header) and buffers them; full batches go to the file.
    public func write(rows block: UnsafeRawBufferPointer, rowCount: Int) throws {
        try write(rows: block, rowCount: rowCount, visit: nil)
    }

    /// Like `write(rows:rowCount:)`, and hands the decoded rows to `visit` before they can go to the file (a table
    /// written beside this one reads them there instead of decoding the block again). When `visit` throws, the
    /// block is not written.
    public func write(rows block: UnsafeRawBufferPointer, rowCount: Int, visit: ((GA4ExportDecodedRows) throws -> Void)?) throws {
        let first = rowsWritten
        var reader = AvroBinaryReader(block)
        for row in 0..<rowCount {
            guard !reader.isAtEnd else {
                rollBack()
                throw GA4ExportError.rowCount(AvroRowCountError(expectedRows: rowCount, decodedRows: row, trailingBytes: 0), firstRow: first)
            }
            do throws(AvroDecodingError) {
                try root.decodeFields(&reader)
            } catch {
                rollBack()
                var located = error
                located.row = row
                throw GA4ExportError.row(first + row, located)
            }
            promoted.appendRow(batchRows + row)
        }
        guard reader.isAtEnd else {
            rollBack()
            throw GA4ExportError.rowCount(
                AvroRowCountError(expectedRows: rowCount, decodedRows: rowCount, trailingBytes: reader.bytesLeft), firstRow: first)
        }
        if let visit {
            do {
                try visit(GA4ExportDecodedRows(root: root, promoted: promoted, rows: batchRows..<(batchRows + rowCount)))
            } catch {
                rollBack()
                throw error
            }
        }
        batchRows += rowCount
        batchBytes += block.count
        rowsWritten += rowCount
        if batchRows >= options.batchRows || batchBytes >= options.batchBytes { try flushBatch() }
    }

    public func write(rows block: [UInt8], rowCount: Int, visit: ((GA4ExportDecodedRows) throws -> Void)? = nil) throws {
        try block.withUnsafeBytes { try write(rows: $0, rowCount: rowCount, visit: visit) }
    }

    /// Drops the slots of a block that failed half-way.
    private func rollBack() {
        root.truncate(to: batchRows)
        promoted.truncate(to: batchRows)
    }

    private func flushBatch() throws {
        guard batchRows > 0 else { return }
        var columns: [ParquetNestedColumnValues] = []
        guard case .group(let exportColumns, _) = root.take() else { preconditionFailure("the root is a record") }
        columns = exportColumns + promoted.take()
        batchRows = 0
        batchBytes = 0
        try writer.write(columns: columns)
    }

    /// Bytes the Parquet writer holds for the open row group.
    public var bufferedBytes: Int { writer.bufferedBytes }

    /// Writes what is buffered, the last row group and the footer.
    @discardableResult
    public func close() throws -> GA4ExportFileSummary {
        try flushBatch()
        let summary = try writer.close()
        return GA4ExportFileSummary(rows: rowsWritten, parquet: summary, fieldMapping: fieldMapping)
    }
}
