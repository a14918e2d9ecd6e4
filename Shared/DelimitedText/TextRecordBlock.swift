/// Consecutive records as one unit (`DelimitedTextReader.readBlocks`), so a consumer can run each check as
/// a loop over one column instead of a call per record and cell. Field `column` of record `row` is
/// `field(row, column)`; records keep their own field counts (a record with too few or too many fields sits
/// among the others). Borrowed like `TextRecord`: valid only during the callback that receives it.
public struct TextRecordBlock {
    /// Records in the block.
    public let count: Int
    @usableFromInline let bytes: UnsafePointer<UInt8>?
    @usableFromInline let lines: UnsafePointer<Int>
    @usableFromInline let offsets: UnsafePointer<Int64>
    /// Record `row`'s fields are entries `firstField[row] ..< firstField[row + 1]` of `starts`, `ends`, `flags`.
    @usableFromInline let firstField: UnsafePointer<Int>
    @usableFromInline let starts: UnsafePointer<Int>
    @usableFromInline let ends: UnsafePointer<Int>
    @usableFromInline let flags: UnsafePointer<FieldFlags>

    init(count: Int, bytes: UnsafePointer<UInt8>?, lines: UnsafePointer<Int>, offsets: UnsafePointer<Int64>, firstField: UnsafePointer<Int>,
         starts: UnsafePointer<Int>, ends: UnsafePointer<Int>, flags: UnsafePointer<FieldFlags>) {
        self.count = count
        self.bytes = bytes
        self.lines = lines
        self.offsets = offsets
        self.firstField = firstField
        self.starts = starts
        self.ends = ends
        self.flags = flags
    }

    /// Physical line on which record `row` starts.
    @inlinable public func line(_ row: Int) -> Int { lines[row] }

    /// Fields of record `row`.
    @inlinable public func fieldCount(_ row: Int) -> Int { firstField[row + 1] - firstField[row] }

    /// The bytes of field `column` of record `row` (the record must have that many fields).
    @inlinable
    public func field(_ row: Int, _ column: Int) -> UnsafeBufferPointer<UInt8> {
        let index = firstField[row] + column
        let start = starts[index]
        return UnsafeBufferPointer(start: bytes.map { $0 + start }, count: ends[index] - start)
    }

    /// The reader's facts about field `column` of record `row` (quoted, null, escaped).
    @inlinable public func flags(_ row: Int, _ column: Int) -> FieldFlags { flags[firstField[row] + column] }

    /// Record `row` on its own.
    public func record(_ row: Int) -> TextRecord {
        let first = firstField[row], count = fieldCount(row)
        return TextRecord(line: lines[row], offset: offsets[row], bytes: bytes, starts: UnsafeBufferPointer(start: starts + first, count: count),
                          ends: UnsafeBufferPointer(start: ends + first, count: count), flags: UnsafeBufferPointer(start: flags + first, count: count))
    }
}

extension TextRecord {
    /// This record as a block of one, for consumers that read blocks.
    public func withBlock<R>(_ body: (TextRecordBlock) throws -> R) rethrows -> R {
        var line = line, offset = offset
        var firstField = (0, count)
        var noFlags = FieldFlags()
        return try withUnsafePointer(to: &line) { line in
            try withUnsafePointer(to: &offset) { offset in
                try withUnsafePointer(to: &noFlags) { noFlags in
                    try withUnsafePointer(to: &firstField) { pair in
                        try pair.withMemoryRebound(to: Int.self, capacity: 2) { firstField in
                            // A record without fields may have no field buffers; nothing is read through these then.
                            try body(TextRecordBlock(
                                count: 1, bytes: bytes, lines: line, offsets: offset, firstField: firstField, starts: starts.baseAddress ?? firstField,
                                ends: ends.baseAddress ?? firstField, flags: flags.baseAddress ?? noFlags))
                        }
                    }
                }
            }
        }
    }
}
