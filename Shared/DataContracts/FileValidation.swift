import Decompression
import DelimitedText

/// Validates one file's bytes against a contract object as they arrive: compressed chunks in
/// (`write`), a `ValidationResult` out (`finish`). Decompression (format from magic bytes, bounded by
/// `DecompressionLimits`), parsing per the contract's dialect and the rules run in one pass with flat memory.
///
/// A file that cannot be read to the end (corrupt compression, a decompression bomb, bad quoting, invalid
/// UTF-8) is not an exception here: the result has an `error` on `file_decodes` naming what and where, and the
/// rows read until then are still counted.
public final class FileValidation {
    public let validator: ContractValidator
    public let decompressor: StreamingDecompressor
    public let source: (any RowSource)?
    private var began = false
    private var failed = false
    private var unsupportedReason: String?

    public init(contract: DataContract, object: ContractObject, settings: ValidationSettings = ValidationSettings(),
                limits: DecompressionLimits = DecompressionLimits()) throws(ContractError) {
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
            unsupportedReason = "unsupported: Parquet uploads need the Parquet reader, which this build does not include"
        }
    }

    /// The next chunk of the object as stored (compressed or not).
    public func write(_ chunk: UnsafeRawBufferPointer) {
        guard !failed, let source else { return }
        do {
            try decompressor.write(chunk) { text in try self.feed(text, source) }
        } catch {
            fail(error)
        }
    }

    public func write(_ chunk: [UInt8]) { chunk.withUnsafeBytes { write($0) } }

    /// Ends the input and returns the verdict.
    public func finish() -> ValidationResult {
        if let unsupportedReason {
            validator.fileFailed(unsupportedReason)
            return validator.finish()
        }
        if !failed, let source {
            do {
                try decompressor.finish { text in try self.feed(text, source) }
                try source.finish(record: { self.record($0) }, rejected: { self.validator.rejected(line: $0.line, reason: $0.description) })
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
        notes += source?.notes ?? []
        return notes
    }

    private func feed(_ text: UnsafeRawBufferPointer, _ source: any RowSource) throws {
        try source.read(text, record: { self.record($0) }, rejected: { self.validator.rejected(line: $0.line, reason: $0.description) })
    }

    private func record(_ record: TextRecord) {
        if !began, let source { beginIfReady(source, force: true) }
        validator.check(record)
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
