/// A streaming reader for delimited text (CSV per a pinned `DelimitedDialect`, Redshift's escaped
/// pipe-delimited text): decompressed chunks in, records out, with memory bounded by the longest record.
///
/// ```swift
/// let reader = DelimitedTextReader(dialect: .csv)
/// try decompressor.write(chunk) { text in try reader.read(text) { record in use(record) } }
/// try reader.finish { record in use(record) }
/// print(reader.header)  // column names when the dialect has a header row
/// ```
///
/// Records are delivered with their physical start line (newlines inside quoted fields counted) and their
/// fields as borrowed bytes. Nothing is padded or dropped: a record with too few or too many fields is
/// delivered as it is and the caller compares `record.count` with `expectedFieldCount`. Malformed quoting,
/// an unterminated quote and invalid UTF-8 throw `TextReadError` naming line, field and byte offset.
/// A leading UTF-8 byte order mark is removed (`hadByteOrderMark`). Not thread-safe; one reader per input.
public final class DelimitedTextReader {
    public let dialect: DelimitedDialect
    /// Largest record accepted, so an unterminated quote cannot buffer a whole file.
    public let maximumRecordBytes: Int

    /// Column names from the header row (nil before it is read, or without a header row).
    public private(set) var header: [String]?
    /// Field count every record should have: the header's, else the first record's.
    public private(set) var expectedFieldCount: Int?
    public private(set) var hadByteOrderMark = false
    /// Records delivered (the header row not included).
    public private(set) var recordCount = 0
    /// Blank lines skipped.
    public private(set) var blankLineCount = 0
    /// Quote bytes found inside unquoted fields (kept as data), and where the first one was.
    public private(set) var strayQuoteCount = 0
    public private(set) var firstStrayQuote: (line: Int, field: Int)?
    /// Physical lines read so far.
    public var lineCount: Int { line - 1 + (atLineStart ? 0 : 1) }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, escapedUnquoted, escapedQuoted, afterCarriageReturn
        /// A CR inside an unquoted field at a chunk's end: the next byte says whether it was CRLF or data.
        case carriageReturnInUnquoted
    }

    private var state = State.fieldStart
    private var record = RecordBuffer()
    private var line = 1
    private var atLineStart = true
    private var recordLine = 1
    private var recordOffset: Int64 = 0
    private var consumed: Int64 = 0
    private var quoteOpenedLine = 1
    private var startedInput = false
    private var leading: [UInt8] = []
    private var utf8 = UTF8StreamValidator()
    /// Bytes that interrupt an unquoted run: delimiter, CR, LF, quote, escape.
    private var special = [Bool](repeating: false, count: 256)
    private var quotedSpecial = [Bool](repeating: false, count: 256)
    /// Whole records inside a chunk are read in place (`readInPlace`); false leaves every byte to the state
    /// machine, the reference the in-place reading is tested and fuzzed against.
    var readsInPlace = true
    /// Records read in place are delivered in blocks of up to this many (`readBlocks`).
    public let blockRecords: Int
    /// The block being filled by `readInPlace`: field bounds and flags of its records end to end (grown as
    /// needed), and per record its line, offset and first field.
    private var blockStarts: UnsafeMutablePointer<Int>
    private var blockEnds: UnsafeMutablePointer<Int>
    private var blockFlags: UnsafeMutablePointer<FieldFlags>
    private var blockFieldCapacity = 0
    private let blockLines: UnsafeMutablePointer<Int>
    private let blockOffsets: UnsafeMutablePointer<Int64>
    private let blockFirstField: UnsafeMutablePointer<Int>

    public init(dialect: DelimitedDialect, maximumRecordBytes: Int = 64 << 20, blockRecords: Int = 128) {
        precondition(blockRecords > 0)
        self.dialect = dialect
        self.maximumRecordBytes = maximumRecordBytes
        self.blockRecords = blockRecords
        for byte in [dialect.delimiter, 0x0A, 0x0D] { special[Int(byte)] = true }
        quotedSpecial[0x0A] = true
        if let quote = dialect.quote { special[Int(quote)] = true; quotedSpecial[Int(quote)] = true }
        if let escape = dialect.escape { special[Int(escape)] = true; quotedSpecial[Int(escape)] = true }
        blockStarts = .allocate(capacity: 0)
        blockEnds = .allocate(capacity: 0)
        blockFlags = .allocate(capacity: 0)
        blockLines = .allocate(capacity: blockRecords)
        blockOffsets = .allocate(capacity: blockRecords)
        blockFirstField = .allocate(capacity: blockRecords + 1)
        growBlockFields()
    }

    deinit {
        blockStarts.deallocate()
        blockEnds.deallocate()
        blockFlags.deallocate()
        blockLines.deallocate()
        blockOffsets.deallocate()
        blockFirstField.deallocate()
    }

    /// Reads the next chunk of decompressed text; `onRecord` receives every record completed in it.
    public func read(_ chunk: UnsafeRawBufferPointer, _ onRecord: (TextRecord) throws -> Void) throws {
        try readBlocks(chunk, { block in for row in 0..<block.count { try onRecord(block.record(row)) } })
    }

    /// Reads the next chunk of decompressed text; `onBlock` receives every record completed in it, in order, in
    /// blocks: up to `blockRecords` consecutive records read in place, and each record the state machine
    /// assembles (one crossing a chunk's end, one needing unescaping) as a block of its own. A block's records
    /// are counted (`recordCount`, lines) before it is delivered.
    public func readBlocks(_ chunk: UnsafeRawBufferPointer, _ onRecord: (TextRecordBlock) throws -> Void) throws {
        let bytes = UnsafeBufferPointer(start: chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), count: chunk.count)
        if !startedInput {
            // The first bytes may be a byte order mark, possibly split across chunks.
            leading.append(contentsOf: bytes)
            let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
            if leading.count < 3 && leading.elementsEqual(mark.prefix(leading.count)) { return }
            startedInput = true
            var start = leading
            leading = []
            if start.starts(with: mark) {
                hadByteOrderMark = true
                start.removeFirst(3)
                consumed = 3
                recordOffset = 3
            }
            try start.withUnsafeBufferPointer { try process($0, onRecord) }
            return
        }
        try process(bytes, onRecord)
    }

    private func process(_ bytes: UnsafeBufferPointer<UInt8>, _ onRecord: (TextRecordBlock) throws -> Void) throws {
        if let bad = utf8.firstInvalid(in: bytes) {
            // Report the line of the bad byte: count the lines before it.
            let before = bytes.prefix(bad).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw TextReadError(kind: .invalidUTF8, line: line + before, field: record.ends.count + 1, offset: consumed + Int64(bad))
        }
        try scan(bytes, onRecord)
    }

    /// Convenience for byte arrays.
    public func read(_ chunk: [UInt8], _ onRecord: (TextRecord) throws -> Void) throws {
        try chunk.withUnsafeBytes { try read($0, onRecord) }
    }

    /// Ends the input: delivers a last record without a final newline; throws on an open quote or escape.
    public func finish(_ onRecord: (TextRecord) throws -> Void) throws {
        try finishBlocks({ block in for row in 0..<block.count { try onRecord(block.record(row)) } })
    }

    /// `finish` for a reader read by blocks (`readBlocks`).
    public func finishBlocks(_ onRecord: (TextRecordBlock) throws -> Void) throws {
        if !startedInput && !leading.isEmpty {
            startedInput = true
            let start = leading
            leading = []
            try start.withUnsafeBufferPointer { try process($0, onRecord) }
        }
        if utf8.isInsideSequence {
            throw TextReadError(kind: .invalidUTF8, line: line, field: record.ends.count + 1, offset: consumed)
        }
        switch state {
        case .quoted, .escapedQuoted:
            throw TextReadError(kind: .unterminatedQuote, line: quoteOpenedLine, field: record.ends.count + 1, offset: recordOffset)
        case .escapedUnquoted:
            throw TextReadError(kind: .danglingEscape, line: line, field: record.ends.count + 1, offset: consumed)
        case .afterCarriageReturn:
            state = .fieldStart
        case .fieldStart:
            if record.ends.isEmpty && atLineStart { return }
            record.endField()
            try endRecord(onRecord)
        case .carriageReturnInUnquoted:
            record.bytes.append(0x0D)
            record.endField()
            try endRecord(onRecord)
        case .unquoted, .quoteInQuoted:
            record.endField()
            try endRecord(onRecord)
        }
    }

    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ onRecord: (TextRecordBlock) throws -> Void) throws {
        let count = bytes.count
        let delimiter = dialect.delimiter
        let quote = dialect.quote
        let escape = dialect.escape
        var i = 0
        // Where the in-place reader last gave a record to the state machine (not tried there again).
        var declinedAt = -1
        while i < count {
            let byte = bytes[i]
            switch state {
            case .carriageReturnInUnquoted:
                if byte == 0x0A {
                    i += 1
                    state = .unquoted
                    try endLine(onRecord)
                } else {
                    record.bytes.append(0x0D)
                    state = .unquoted
                }

            case .afterCarriageReturn:
                state = .fieldStart
                if byte == 0x0A { i += 1; continue }  // CRLF: the CR already ended the record
                continue  // lone CR ended the line; reprocess this byte as the next record's first

            case .fieldStart:
                if atLineStart && readsInPlace && i != declinedAt && (header != nil || !dialect.header) {
                    let end = try readInPlace(bytes, from: i, onRecord)
                    if end > i { i = end; continue }
                    declinedAt = i
                }
                if atLineStart { recordLine = line; recordOffset = consumed + Int64(i); atLineStart = false }
                if byte == quote {
                    record.currentFlags.insert(.quoted)
                    quoteOpenedLine = line
                    state = .quoted
                    i += 1
                } else {
                    state = .unquoted
                }

            case .unquoted:
                let end = try copyRun(bytes, from: i, until: special)
                if end > i {
                    i = end
                    continue
                }
                if byte == delimiter {
                    record.endField()
                    state = .fieldStart
                    i += 1
                } else if byte == 0x0A {
                    i += 1
                    try endLine(onRecord)
                } else if byte == 0x0D {
                    i += 1
                    if dialect.loneCarriageReturnEndsLine || (i < count && bytes[i] == 0x0A) {
                        try endLine(onRecord, carriageReturn: true)
                    } else if i == count {
                        state = .carriageReturnInUnquoted
                    } else {
                        record.bytes.append(byte)  // a lone CR is data unless the dialect says otherwise
                    }
                } else if byte == escape {
                    state = .escapedUnquoted
                    i += 1
                } else {
                    // A quote inside an unquoted field: data, counted.
                    strayQuoteCount += 1
                    if firstStrayQuote == nil { firstStrayQuote = (line, record.ends.count + 1) }
                    record.bytes.append(byte)
                    i += 1
                }

            case .quoted:
                let end = try copyRun(bytes, from: i, until: quotedSpecial)
                if end > i {
                    i = end
                    continue
                }
                if byte == 0x0A {
                    line += 1
                    record.bytes.append(byte)
                } else if byte == quote {
                    state = .quoteInQuoted
                } else if byte == escape {
                    state = .escapedQuoted
                }
                i += 1

            case .quoteInQuoted:
                if byte == quote && dialect.doubleQuote {
                    record.bytes.append(byte)
                    state = .quoted
                    i += 1
                } else if byte == delimiter {
                    record.endField()
                    state = .fieldStart
                    i += 1
                } else if byte == 0x0A {
                    i += 1
                    try endLine(onRecord)
                } else if byte == 0x0D {
                    i += 1
                    try endLine(onRecord, carriageReturn: true)
                } else {
                    throw TextReadError(kind: .characterAfterClosingQuote, line: line, field: record.ends.count + 1, offset: consumed + Int64(i))
                }

            case .escapedUnquoted, .escapedQuoted:
                if byte == 0x0A { line += 1 }
                record.currentFlags.insert(.escaped)
                record.bytes.append(byte)
                state = state == .escapedQuoted ? .quoted : .unquoted
                i += 1
            }
        }
        consumed += Int64(count)
    }

    /// Reads the records that lie whole inside `bytes` from `start` (a record's first byte) without copying:
    /// each is delivered with its fields in place. Stops at the first record that needs the state machine
    /// (one running past the chunk's end, a blank line, an escape, a doubled or stray quote, a lone CR, bad
    /// quoting, one longer than `maximumRecordBytes`) and returns its start, so the state machine reads it
    /// from its first byte with nothing changed. Newlines inside quoted fields are counted as the state
    /// machine counts them.
    private func readInPlace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ onBlock: (TextRecordBlock) throws -> Void) throws -> Int {
        guard let base = bytes.baseAddress else { return start }
        let count = bytes.count
        let delimiter = dialect.delimiter
        let quote = dialect.quote
        let quoteByte = quote ?? delimiter
        var scanner = StructuralByteScanner(
            base: base, count: count, stops: (delimiter, 0x0A, 0x0D, quoteByte, dialect.escape ?? delimiter), from: start)
        var recordStart = start
        var records = 0
        blockFirstField[0] = 0
        func deliver() throws {
            guard records > 0 else { return }
            let block = TextRecordBlock(count: records, bytes: base, lines: blockLines, offsets: blockOffsets, firstField: blockFirstField,
                                        starts: blockStarts, ends: blockEnds, flags: blockFlags)
            records = 0
            try onBlock(block)
        }
        // The block's arrays in locals, so the loop keeps them in registers (re-read when grown).
        var starts = blockStarts, ends = blockEnds, flags = blockFlags, capacity = blockFieldCapacity
        // The quote as an Int that no byte equals when the dialect has none: one compare per field.
        let quoteValue = quote.map(Int.init) ?? -1
        nextRecord: while recordStart < count {
            let first = base[recordStart]
            if first == 0x0A || first == 0x0D { break }
            if records == blockRecords { try deliver() }
            let firstField = blockFirstField[records]
            var fields = firstField
            var position = recordStart
            var quotedNewlines = 0
            let end: Int
            while true {
                if fields == capacity {
                    growBlockFields()
                    (starts, ends, flags, capacity) = (blockStarts, blockEnds, blockFlags, blockFieldCapacity)
                }
                if position == count { break nextRecord }
                var stop: Int
                if Int(base[position]) == quoteValue {
                    // A quoted field: its bytes run to the next quote, which must close it.
                    stop = position + 1
                    while true {
                        stop = scanner.next(from: stop)
                        if stop == count { break nextRecord }
                        let byte = base[stop]
                        if byte == quoteByte { break }
                        if byte == 0x0A { quotedNewlines += 1 } else if byte != delimiter && byte != 0x0D { break nextRecord }
                        stop += 1
                    }
                    starts[fields] = position + 1
                    ends[fields] = stop
                    flags[fields] = .quoted
                    stop += 1
                    if stop == count || base[stop] == quoteByte { break nextRecord }
                } else {
                    stop = scanner.next(from: position)
                    if stop == count { break nextRecord }
                    starts[fields] = position
                    ends[fields] = stop
                    flags[fields] = []
                }
                fields += 1
                let byte = base[stop]
                if byte == delimiter {
                    position = stop + 1
                } else if byte == 0x0A {
                    end = stop + 1
                    break
                } else if byte == 0x0D && stop + 1 < count && base[stop + 1] == 0x0A {
                    end = stop + 2
                    break
                } else {
                    break nextRecord
                }
            }
            if end - recordStart > maximumRecordBytes { break }
            recordLine = line
            recordOffset = consumed + Int64(recordStart)
            line += 1 + quotedNewlines
            if expectedFieldCount == nil { expectedFieldCount = fields - firstField }
            recordCount += 1
            blockLines[records] = recordLine
            blockOffsets[records] = recordOffset
            records += 1
            blockFirstField[records] = fields
            recordStart = end
        }
        try deliver()
        return recordStart
    }

    private func growBlockFields() {
        let capacity = max(64 * blockRecords, blockFieldCapacity * 2)
        func grown<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            new.moveInitialize(from: old, count: blockFieldCapacity)
            old.deallocate()
            return new
        }
        blockStarts = grown(blockStarts)
        blockEnds = grown(blockEnds)
        blockFlags = grown(blockFlags)
        blockFieldCapacity = capacity
    }

    /// Copies the run of ordinary bytes from `start` (up to the first byte `stops` marks) in one go and
    /// returns where it stopped.
    private func copyRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, until stops: [Bool]) throws -> Int {
        var end = start
        while end < bytes.count && !stops[Int(bytes[end])] { end += 1 }
        if end > start {
            record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            try checkLength()
        }
        return end
    }

    private func checkLength() throws {
        if record.bytes.count > maximumRecordBytes {
            throw TextReadError(kind: .recordTooLong, line: recordLine, field: record.ends.count + 1, offset: recordOffset)
        }
    }

    /// A line end outside quotes: ends the record (or skips a blank line).
    private func endLine(_ onRecord: (TextRecordBlock) throws -> Void, carriageReturn: Bool = false) throws {
        let blank = record.ends.isEmpty && record.bytes.isEmpty && !record.currentFlags.contains(.quoted) && state != .quoteInQuoted
        line += 1
        if carriageReturn { state = .afterCarriageReturn } else { state = .fieldStart }
        // In a one-column file an empty line is an empty field, not a blank line.
        if blank && dialect.skipBlankLines && expectedFieldCount != 1 {
            blankLineCount += 1
            atLineStart = true
            return
        }
        record.endField()
        try endRecord(onRecord)
        if carriageReturn { state = .afterCarriageReturn }
    }

    private func endRecord(_ onRecord: (TextRecordBlock) throws -> Void) throws {
        defer {
            record.clear()
            atLineStart = true
            if state != .afterCarriageReturn { state = .fieldStart }
        }
        if dialect.header && header == nil {
            header = (0..<record.ends.count).map { index in
                let start = index == 0 ? 0 : record.ends[index - 1]
                return String(decoding: record.bytes[start..<record.ends[index]], as: UTF8.self)
            }
            expectedFieldCount = record.ends.count
            return
        }
        if expectedFieldCount == nil { expectedFieldCount = record.ends.count }
        recordCount += 1
        try record.withRecord(line: recordLine, offset: recordOffset) { try $0.withBlock(onRecord) }
    }
}
