import Decompression
import MySQL

/// `UNLOAD ... FIXEDWIDTH` text into rows: each line cut at the layout's character widths, trailing spaces trimmed
/// (fixed-width files pad with them), the `NULL AS` text to NULL. A line that is not exactly the layout's width,
/// or not UTF-8, is rejected with its text.
struct FixedWidthUnloadReader {
    let layout: UnloadFormat.FixedWidthLayout
    /// Table names for the layout's fields (the route's `columns`, else the layout's names).
    let columns: [String]
    let limits: DecompressionLimits
    /// A line longer than this is refused (a file without line breaks must not be buffered whole).
    var maximumLineBytes = 16 << 20

    func read(_ source: inout some ByteChunkSource, into consumer: some UnloadRowConsumer) throws -> UnloadReadStatistics {
        let decompressor = StreamingDecompressor(limits: limits)
        var statistics = UnloadReadStatistics()
        var line: [UInt8] = []
        var number = 0
        let width = layout.widths.reduce(0, +)
        try consumer.begin(columns: columns)
        func finishLine() throws {
            number += 1
            if line.last == 0x0D { line.removeLast() }
            statistics.records += 1
            try deliver(line, number: number, width: width, to: consumer)
            line.removeAll(keepingCapacity: true)
        }
        let text: (UnsafeRawBufferPointer) throws -> Void = { plain in
            var start = 0
            let bytes = plain.bindMemory(to: UInt8.self)
            while start < bytes.count {
                guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                    line.append(contentsOf: bytes[start...])
                    start = bytes.count
                    break
                }
                line.append(contentsOf: bytes[start..<newline])
                try finishLine()
                start = newline + 1
            }
            if line.count > maximumLineBytes {
                throw UnloadInputError(position: number + 1, problem: "the line is longer than \(maximumLineBytes) bytes")
            }
        }
        while let chunk = try source.nextChunk() {
            try decompressor.write(chunk, to: text)
        }
        try decompressor.finish(to: text)
        if !line.isEmpty { try finishLine() }
        statistics.encoding = decompressor.format?.rawValue ?? "none"
        return statistics
    }

    private func deliver(_ bytes: [UInt8], number: Int, width: Int, to consumer: some UnloadRowConsumer) throws {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            try consumer.reject(position: number, reason: "the line is not valid UTF-8", fields: [.bytes(bytes)])
            return
        }
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == width else {
            try consumer.reject(
                position: number, reason: "the line has \(scalars.count) characters, the fixed-width layout \(width)", fields: [.text(text)])
            return
        }
        var values: [UpsertValue] = []
        values.reserveCapacity(layout.widths.count)
        var start = 0
        for fieldWidth in layout.widths {
            var end = start + fieldWidth
            let fieldEnd = end
            while end > start && scalars[end - 1] == " " { end -= 1 }
            var field = String.UnicodeScalarView()
            field.append(contentsOf: scalars[start..<end])
            let value = String(field)
            values.append(value == layout.nullMarker ? .null : .text(value))
            start = fieldEnd
        }
        try consumer.row(values, position: number)
    }
}
