import Decompression
import DelimitedText
import MySQL

/// Delimited UNLOAD text (pipe or CSV, any compression) into rows: fields by the route's dialect, `NULL AS` markers
/// to NULL, a line whose field count is not the column count rejected with its fields. Streams: memory is one
/// chunk, the decompressor's buffer and the longest record.
struct DelimitedUnloadReader {
    let layout: UnloadFormat.DelimitedLayout
    /// The route's (or manifest's) column order; nil: the header names them.
    let columns: [String]?
    let limits: DecompressionLimits

    func read(_ source: inout some ByteChunkSource, into consumer: some UnloadRowConsumer) throws -> UnloadReadStatistics {
        let decompressor = StreamingDecompressor(limits: limits)
        let reader = DelimitedTextReader(dialect: layout.dialect)
        var statistics = UnloadReadStatistics()
        var names = columns
        var begun = false
        let onRecord: (TextRecord) throws -> Void = { record in
            if !begun {
                guard let known = names ?? reader.header else {
                    throw UnloadInputError(position: record.line, problem: "no column names: the file has no header and the route names no columns")
                }
                names = known
                try consumer.begin(columns: known)
                begun = true
            }
            statistics.records += 1
            try deliver(record, expected: names!.count, to: consumer)
        }
        let text: (UnsafeRawBufferPointer) throws -> Void = { plain in try reader.read(plain, onRecord) }
        while let chunk = try source.nextChunk() {
            try decompressor.write(chunk, to: text)
        }
        try decompressor.finish(to: text)
        try reader.finish(onRecord)
        if !begun, let header = reader.header {
            // A file with a header and no rows still has its names checked against the table.
            try consumer.begin(columns: names ?? header)
        }
        statistics.headerLines = reader.header == nil ? 0 : 1
        statistics.encoding = decompressor.format?.rawValue ?? "none"
        return statistics
    }

    private func deliver(_ record: TextRecord, expected: Int, to consumer: some UnloadRowConsumer) throws {
        guard record.count == expected else {
            try consumer.reject(
                position: record.line, reason: "the line has \(record.count) fields, the table mapping has \(expected) columns",
                fields: (0..<record.count).map { .text(record.string($0)) })
            return
        }
        var values: [UpsertValue] = []
        values.reserveCapacity(expected)
        for index in 0..<expected {
            values.append(isNull(record, index) ? .null : .text(record.string(index)))
        }
        try consumer.row(values, position: record.line)
    }

    /// `NULL AS`: the raw field is the marker. With ESCAPE an escaped marker (`\N`) matches only a field that had
    /// an escape; an unescaped one only a field that had none.
    private func isNull(_ record: TextRecord, _ index: Int) -> Bool {
        if layout.quotedIsNeverNull && record.isQuoted(index) { return false }
        let field = record.field(index)
        if layout.markerIsEscaped {
            return record.isEscaped(index) && field.elementsEqual(layout.unescapedMarker)
        }
        return !record.isEscaped(index) && field.elementsEqual(layout.nullMarker)
    }
}

/// The input cannot be read at `position` (a line, or a Parquet row); the file is not loaded further.
struct UnloadInputError: Error, CustomStringConvertible {
    let position: Int
    let problem: String
    var description: String { position > 0 ? "line \(position): \(problem)" : problem }
}
