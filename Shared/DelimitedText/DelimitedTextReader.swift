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

    public init(dialect: DelimitedDialect, maximumRecordBytes: Int = 64 << 20) {
        self.dialect = dialect
        self.maximumRecordBytes = maximumRecordBytes
        for byte in [dialect.delimiter, 0x0A, 0x0D] { special[Int(byte)] = true }
        quotedSpecial[0x0A] = true
        if let quote = dialect.quote { special[Int(quote)] = true; quotedSpecial[Int(quote)] = true }
        if let escape = dialect.escape { special[Int(escape)] = true; quotedSpecial[Int(escape)] = true }
    }

    /// Reads the next chunk of decompressed text; `onRecord` receives every record completed in it.
    public func read(_ chunk: UnsafeRawBufferPointer, _ onRecord: (TextRecord) throws -> Void) throws {
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

    private func process(_ bytes: UnsafeBufferPointer<UInt8>, _ onRecord: (TextRecord) throws -> Void) throws {
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

    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ onRecord: (TextRecord) throws -> Void) throws {
        let count = bytes.count
        let delimiter = dialect.delimiter
        let quote = dialect.quote
        let escape = dialect.escape
        var i = 0
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
    private func endLine(_ onRecord: (TextRecord) throws -> Void, carriageReturn: Bool = false) throws {
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

    private func endRecord(_ onRecord: (TextRecord) throws -> Void) throws {
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
        try record.withRecord(line: recordLine, offset: recordOffset, onRecord)
    }
}
