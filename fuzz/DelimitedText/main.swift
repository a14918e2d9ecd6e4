// libFuzzer entry point for the untrusted-text readers: every input is read as CSV (RFC 4180), as Redshift
// escaped pipe text and as JSON lines, each split into two chunks at a point taken from the input, so the
// chunk-boundary states are exercised too. Any crash, trap or hang is a defect; thrown errors are expected.
// Each delimited reading is done twice, with whole records read in place and by the state machine alone: any
// difference in records, lines, offsets or errors is a defect too.
// Built by `make fuzz-delimited` from this file plus the DelimitedText and JSONText sources.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    let dialects: [DelimitedDialect] = [
        .csv, .redshiftEscaped, DelimitedDialect(header: false),
        DelimitedDialect(delimiter: UInt8(ascii: ";"), doubleQuote: false, escape: UInt8(ascii: "\\"), loneCarriageReturnEndsLine: true, skipBlankLines: false),
    ]
    for dialect in dialects {
        let inPlace = read(bytes, split: split, dialect: dialect, inPlace: true)
        if inPlace != read(bytes, split: split, dialect: dialect, inPlace: false) { fatalError("in-place reading differs from the state machine") }
        // Fields are slices of the input (unescaped), so they can never hold more bytes than it did.
        if inPlace.fieldBytes > bytes.count * 2 + 16 { fatalError("field bytes exceed input") }
    }
    let json = JSONLinesReader(columns: ["id", "name", "value"], maximumRecordBytes: 4096)
    do {
        try json.read(Array(bytes[..<split]), { _ in }, onInvalid: { _ in })
        try json.read(Array(bytes[split...]), { _ in }, onInvalid: { _ in })
        try json.finish({ _ in }, onInvalid: { _ in })
    } catch {}
    return 0
}

/// What one reading produced: every record (line, offset, fields, flags), the error if any, and the counters.
struct Reading: Equatable {
    var records: [[String]] = []
    var fieldBytes = 0
    var error: String?
    var counters: [Int] = []
}

func read(_ bytes: [UInt8], split: Int, dialect: DelimitedDialect, inPlace: Bool) -> Reading {
    let reader = DelimitedTextReader(dialect: dialect, maximumRecordBytes: 4096)
    reader.readsInPlace = inPlace
    var reading = Reading()
    let collect: (TextRecord) -> Void = { record in
        var row = ["\(record.line)", "\(record.offset)"]
        for i in 0..<record.count {
            reading.fieldBytes &+= record.field(i).count
            row.append("\(record.isQuoted(i)) \(record.isEscaped(i)) \(Array(record.field(i)))")
        }
        reading.records.append(row)
    }
    do {
        try reader.read(Array(bytes[..<split]), collect)
        try reader.read(Array(bytes[split...]), collect)
        try reader.finish(collect)
    } catch {
        reading.error = "\(error)"
    }
    reading.counters = [reader.recordCount, reader.blankLineCount, reader.strayQuoteCount, reader.lineCount, reader.expectedFieldCount ?? -1]
    return reading
}
