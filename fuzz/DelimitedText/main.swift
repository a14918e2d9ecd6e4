// libFuzzer entry point for the untrusted-text readers: every input is read as CSV (RFC 4180), as Redshift
// escaped pipe text and as JSON lines, each split into two chunks at a point taken from the input, so the
// chunk-boundary states are exercised too. Any crash, trap or hang is a defect; thrown errors are expected.
// Built by `make fuzz-delimited` from this file plus the DelimitedText and JSONText sources.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    let dialects: [DelimitedDialect] = [
        .csv, .redshiftEscaped,
        DelimitedDialect(delimiter: UInt8(ascii: ";"), doubleQuote: false, escape: UInt8(ascii: "\\"), loneCarriageReturnEndsLine: true, skipBlankLines: false),
    ]
    for dialect in dialects {
        let reader = DelimitedTextReader(dialect: dialect, maximumRecordBytes: 4096)
        var fields = 0
        do {
            try reader.read(Array(bytes[..<split])) { record in for i in 0..<record.count { fields &+= record.field(i).count } }
            try reader.read(Array(bytes[split...])) { record in for i in 0..<record.count { fields &+= record.field(i).count } }
            try reader.finish { record in fields &+= record.count }
        } catch {}
        // Fields are slices of the input (unescaped), so they can never hold more bytes than it did.
        if fields > bytes.count * 2 + 16 { fatalError("field bytes exceed input") }
    }
    let json = JSONLinesReader(columns: ["id", "name", "value"], maximumRecordBytes: 4096)
    do {
        try json.read(Array(bytes[..<split]), { _ in }, onInvalid: { _ in })
        try json.read(Array(bytes[split...]), { _ in }, onInvalid: { _ in })
        try json.finish({ _ in }, onInvalid: { _ in })
    } catch {}
    return 0
}
