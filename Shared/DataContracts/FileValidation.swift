import Decompression
import DelimitedText
import Parquet

/// Validates one file's bytes against a contract object as they arrive: compressed chunks in
/// (`write`), a `ValidationResult` out (`finish`). Decompression (format from magic bytes, bounded by
/// `DecompressionLimits`), parsing per the contract's dialect and the rules run in one pass with flat memory.
///
/// A file that cannot be read to the end (corrupt compression, a decompression bomb, bad quoting, invalid
/// UTF-8) is not an exception here: the result has an `error` on `file_decodes` naming what and where, and the
/// rows read until then are still counted.
///
/// Parquet (`format: parquet`) is read by ranges instead (`readParquet`): footer first, then each column's
/// pages, so the same rules run over the file's typed values.
public final class FileValidation {
    public let validator: ContractValidator
    public let decompressor: StreamingDecompressor
    public let source: (any RowSource)?
    private var began = false
    private var failed = false
    private var parquetRows: ParquetRowSource?
    /// Typed Parquet of the rows that pass (`writeTypedParquet`); text formats only.
    public private(set) var typedOutput: TypedParquetOutput?
    /// Why the typed output could not be written (the sink failed); the validation itself goes on.
    public private(set) var typedOutputError: (any Error)?
    /// The object's stored size when known (S3's content length): once some rows are read, the rows the whole
    /// object holds are estimated from it and the uniqueness tables sized for them (`ContractValidator.expectRows`).
    public var expectedStoredBytes: Int64?
    private var storedBytes: Int64 = 0
    private var rowsEstimated = false

    /// `format` overrides the contract's server format (an upload named `*.parquet` under a CSV contract's
    /// prefix is read as Parquet).
    public init(contract: DataContract, object: ContractObject, settings: ValidationSettings = ValidationSettings(),
                limits: DecompressionLimits = DecompressionLimits(), format: FileDialect.Format? = nil) throws(ContractError) {
        var contract = contract
        if let format { contract.dialect.format = format }
        validator = try ContractValidator(contract: contract, object: object, settings: settings)
        decompressor = StreamingDecompressor(limits: limits)
        let dialect = contract.dialect
        switch dialect.format {
        case .csv:
            source = DelimitedRowSource(dialect: DelimitedDialect(
                delimiter: dialect.delimiter, quote: dialect.quote, doubleQuote: dialect.doubleQuote, escape: dialect.escape, header: dialect.header))
        case .jsonLines:
            source = JSONLinesRowSource(columns: object.properties.map(\.name))
        case .parquet:
            source = nil
        }
    }

    /// Also writes the rows that pass every check to `sink` as typed Parquet (`TypedParquetOutput`). Call before
    /// the first `write`; close the output after `finish`.
    public func writeTypedParquet(to sink: any ParquetSink, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        precondition(!readsParquet && !began, "typed output is for text files, set up before reading")
        typedOutput = try TypedParquetOutput(object: validator.object, sink: sink, options: options)
    }

    /// True when the contract's files are Parquet: call `readParquet` instead of `write`.
    public var readsParquet: Bool { validator.contract.dialect.format == .parquet }

    /// Reads a Parquet file through `source`: the footer, then each row group's projected columns a page at a
    /// time (see `ParquetRowSource`). Errors the source throws (the storage failed, the object changed) are
    /// rethrown; a file that is not valid Parquet is a verdict (`file_decodes`). The source's reads block, so a
    /// caller on Swift's cooperative pool runs this on a thread of its own.
    public func readParquet(_ source: any ParquetByteSource, options: ParquetReaderOptions = ParquetReaderOptions()) throws {
        try readParquet(source, options: options, deferringText: true)
    }

    /// `readParquet`, optionally rendering every column's text (the results must not differ).
    func readParquet(_ source: any ParquetByteSource, options: ParquetReaderOptions, deferringText: Bool) throws {
        guard !failed else { return }
        do {
            let rows = try ParquetRowSource(source: source, options: options)
            parquetRows = rows
            began = true
            validator.begin(columns: rows.columns, storedTypes: rows.storedTypes)
            let wanted = validator.columnsRead
            // Text only where a check reads it; the rest is rendered for a failing row's sample alone.
            let deferred = deferringText ? rows.deferrable(wanted).subtracting(validator.columnsReadAsText) : []
            validator.deferText(of: deferred, to: rows)
            try rows.read(columns: wanted, deferringTextOf: deferred) { record, numbers in self.validator.check(record, numbers: numbers) }
        } catch let error as ParquetError {
            fail(error)
        }
    }

    /// The most bytes the Parquet pages held at once (0 for text files).
    public var parquetPeakBufferedBytes: Int { parquetRows?.budget.peak ?? 0 }

    /// The next chunk of the object as stored (compressed or not).
    public func write(_ chunk: UnsafeRawBufferPointer) {
        guard !failed, let source else { return }
        if decompressor.format == nil && !began && chunk.starts(with: ParquetMagic.bytes) {
            fail(ParquetUploadUnderTextContract())
            return
        }
        do {
            try decompressor.write(chunk) { text in try self.feed(text, source) }
        } catch {
            fail(error)
        }
        storedBytes += Int64(chunk.count)
        estimateRows()
    }

    /// After 50,000 rows, the object's rows by proportion of the stored bytes read (compressed or not), with a
    /// tenth more for the estimate's error; once.
    private func estimateRows() {
        guard !rowsEstimated, let expected = expectedStoredBytes, storedBytes > 0, validator.rowCount >= 50_000 else { return }
        rowsEstimated = true
        let rows = Double(validator.rowCount) * Double(expected) / Double(storedBytes) * 1.1
        validator.expectRows(Int(min(rows, Double(Int.max / 16))))
    }

    public func write(_ chunk: [UInt8]) { chunk.withUnsafeBytes { write($0) } }

    /// Ends the input and returns the verdict.
    public func finish() -> ValidationResult {
        if !failed, let source {
            do {
                try decompressor.finish { text in try self.feed(text, source) }
                if source.readsBlocks {
                    try source.finish(blocks: { self.records($0) }, rejected: { self.validator.rejected(line: $0.line, reason: $0.description) })
                } else {
                    try source.finish(record: { self.record($0) }, rejected: { self.validator.rejected(line: $0.line, reason: $0.description) })
                }
                if !began { beginIfReady(source, force: true) }
            } catch {
                fail(error)
            }
        }
        return validator.finish()
    }

    /// Input notes for the report (detected compression, BOM, blank lines…).
    public var notes: [String] {
        var notes = ["compression: \(decompressor.format?.rawValue ?? "none")"]
        if let parquetRows {
            notes = ["format: parquet, \(parquetRows.reader.rowGroupCount) row groups, \(parquetRows.reader.metadata.rowCount) rows" + (parquetRows.reader.metadata.createdBy.map { ", written by \($0)" } ?? "")]
        }
        notes += source?.notes ?? []
        notes += validator.typeNotes
        return notes
    }

    private func feed(_ text: UnsafeRawBufferPointer, _ source: any RowSource) throws {
        if source.readsBlocks {
            try source.read(text, blocks: { self.records($0) }, rejected: { self.validator.rejected(line: $0.line, reason: $0.description) })
        } else {
            try source.read(text, record: { self.record($0) }, rejected: { self.validator.rejected(line: $0.line, reason: $0.description) })
        }
    }

    private func records(_ block: TextRecordBlock) {
        if !began, let source { beginIfReady(source, force: true) }
        validator.check(block)
        guard typedOutput != nil else { return }
        for row in 0..<block.count { output(block.record(row), passed: !validator.failed(row: row)) }
    }

    private func record(_ record: TextRecord) {
        if !began, let source { beginIfReady(source, force: true) }
        output(record, passed: validator.check(record))
    }

    /// A checked record into the typed output, when one is written: the rows that passed, counted the others.
    private func output(_ record: TextRecord, passed: Bool) {
        guard let typedOutput, typedOutputError == nil else { return }
        guard passed else { return typedOutput.leaveOut() }
        do { try typedOutput.append(record, validator: self.validator) } catch { typedOutputError = error }
    }

    private func beginIfReady(_ source: any RowSource, force: Bool) {
        guard !began, source.columnsKnown || force else { return }
        began = true
        validator.begin(columns: source.columns)
    }

    private func fail(_ error: any Error) {
        failed = true
        if !began, let source { beginIfReady(source, force: true) }
        validator.fileFailed("\(error)")
    }
}

/// A text contract met a Parquet file (it starts with `PAR1`): said plainly rather than as a text error.
struct ParquetUploadUnderTextContract: Error, CustomStringConvertible {
    var description: String {
        "the file is Parquet (it starts with PAR1) but is read as text: name it *.parquet or set the contract's server format to parquet"
    }
}
