import JSONText

/// A streaming reader for JSON Lines (one JSON object per LF-terminated line, UTF-8, no BOM) that delivers
/// each object as a `TextRecord` over the given columns, so the same rules run on JSON lines as on CSV.
///
/// Per member: a string becomes its decoded text, a number its literal text (never through Double, so
/// 64-bit ids stay exact), `true`/`false` their text, `null` and a missing key a field flagged `isNull`, an
/// object or array its raw JSON text. Keys outside `columns` are counted in `extraKeys` (the first few names
/// kept). A line that is not one object, or names a key twice, is a `TextReadError` delivered to `onInvalid`
/// (reading continues with the next line, which is always a clean restart point). A CR before the LF is
/// tolerated; a blank line is invalid (jsonlines.org), except a final empty line.
public final class JSONLinesReader {
    public let columns: [String]
    public let maximumRecordBytes: Int
    public private(set) var recordCount = 0
    public private(set) var invalidLineCount = 0
    /// Keys found that are not in `columns`, up to 32 distinct names.
    public private(set) var extraKeys: [String] = []
    public private(set) var extraKeyCount = 0

    private let columnBytes: [[UInt8]]
    private var pending: [UInt8] = []
    private var record = RecordBuffer()
    private var line = 1
    private var consumed: Int64 = 0
    private var utf8 = UTF8StreamValidator()
    private var fieldStart: [Int]
    private var fieldEnd: [Int]
    private var fieldFlags: [FieldFlags]
    private var seen: [Bool]
    private var scratch: [UInt8] = []

    public init(columns: [String], maximumRecordBytes: Int = 64 << 20) {
        self.columns = columns
        self.maximumRecordBytes = maximumRecordBytes
        columnBytes = columns.map { Array($0.utf8) }
        fieldStart = Array(repeating: 0, count: columns.count)
        fieldEnd = Array(repeating: 0, count: columns.count)
        fieldFlags = Array(repeating: [], count: columns.count)
        seen = Array(repeating: false, count: columns.count)
    }

    /// Reads the next chunk; complete lines become records (or invalid-line errors).
    public func read(
        _ chunk: UnsafeRawBufferPointer, _ onRecord: (TextRecord) throws -> Void, onInvalid: (TextReadError) throws -> Void
    ) throws {
        let bytes = UnsafeBufferPointer(start: chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), count: chunk.count)
        if let bad = utf8.firstInvalid(in: bytes) {
            throw TextReadError(kind: .invalidUTF8, line: line + bytes.prefix(bad).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, field: 1, offset: consumed + Int64(pending.count + bad))
        }
        var start = 0
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            if pending.isEmpty {
                try handleLine(UnsafeBufferPointer(rebasing: bytes[start..<newline]), onRecord, onInvalid)
            } else {
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<newline]))
                let whole = pending
                pending.removeAll(keepingCapacity: true)
                try whole.withUnsafeBufferPointer { try handleLine($0, onRecord, onInvalid) }
            }
            start = newline + 1
        }
        pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        if pending.count > maximumRecordBytes {
            throw TextReadError(kind: .recordTooLong, line: line, field: 1, offset: consumed)
        }
    }

    public func read(_ chunk: [UInt8], _ onRecord: (TextRecord) throws -> Void, onInvalid: (TextReadError) throws -> Void) throws {
        try chunk.withUnsafeBytes { try read($0, onRecord, onInvalid: onInvalid) }
    }

    /// Ends the input: a last line without a final newline is read too.
    public func finish(_ onRecord: (TextRecord) throws -> Void, onInvalid: (TextReadError) throws -> Void) throws {
        if utf8.isInsideSequence { throw TextReadError(kind: .invalidUTF8, line: line, field: 1, offset: consumed + Int64(pending.count)) }
        guard !pending.isEmpty else { return }
        let whole = pending
        pending.removeAll()
        try whole.withUnsafeBufferPointer { try handleLine($0, onRecord, onInvalid) }
    }

    private func handleLine(
        _ rawLine: UnsafeBufferPointer<UInt8>, _ onRecord: (TextRecord) throws -> Void, _ onInvalid: (TextReadError) throws -> Void
    ) throws {
        defer {
            line += 1
            consumed += Int64(rawLine.count + 1)
        }
        var lineBytes = rawLine
        if let last = lineBytes.last, last == 0x0D { lineBytes = UnsafeBufferPointer(rebasing: lineBytes.dropLast()) }
        do {
            try parse(lineBytes)
        } catch let error as JSONSyntaxError {
            invalidLineCount += 1
            try onInvalid(TextReadError(kind: .invalidJSON(error.message), line: line, field: 1, offset: consumed + Int64(error.offset)))
            return
        } catch let error as TextReadError {
            invalidLineCount += 1
            try onInvalid(error)
            return
        }
        recordCount += 1
        try record.withRecord(line: line, offset: consumed, onRecord)
    }

    /// Parses one line into `record`, columns in declared order.
    private func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        record.clear()
        scratch.removeAll(keepingCapacity: true)
        for index in seen.indices { seen[index] = false; fieldFlags[index] = [.null]; fieldStart[index] = 0; fieldEnd[index] = 0 }
        var reader = JSONReader(bytes)
        var object = try reader.enterObject()
        while let name = try reader.nextMember(&object) {
            let column = columnIndex(reader, name)
            guard let column else {
                extraKeyCount += 1
                let key = reader.string(name)
                if extraKeys.count < 32 && !extraKeys.contains(key) { extraKeys.append(key) }
                _ = try reader.skipValue()
                continue
            }
            if seen[column] {
                throw TextReadError(kind: .duplicateKey(columns[column]), line: line, field: column + 1, offset: consumed + Int64(name.start))
            }
            seen[column] = true
            let begin = scratch.count
            switch reader.peekKind() {
            case .string:
                let token = try reader.readString()
                reader.appendDecoded(token, to: &scratch)
                fieldFlags[column] = []
            case .null:
                _ = try reader.readNullIfPresent()
                fieldFlags[column] = [.null]
            default:
                let range = try reader.skipValue()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
                fieldFlags[column] = []
            }
            fieldStart[column] = begin
            fieldEnd[column] = scratch.count
        }
        try reader.expectEnd("the line's object")
        for column in columns.indices {
            record.bytes.append(contentsOf: scratch[fieldStart[column]..<fieldEnd[column]])
            record.currentFlags = fieldFlags[column]
            record.endField()
        }
    }

    private func columnIndex(_ reader: JSONReader, _ name: JSONStringToken) -> Int? {
        if name.hasEscapes {
            let text = reader.string(name)
            return columns.firstIndex(of: text)
        }
        let content = UnsafeBufferPointer(rebasing: reader.bytes[name.contentRange])
        return columnBytes.firstIndex { $0.elementsEqual(content) }
    }
}
