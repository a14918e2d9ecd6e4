import DelimitedText

/// Where `ParquetCellText` writes a value's text: a `RecordBuffer`, a block's `CellTextArena`, or a byte array.
protocol CellTextSink {
    mutating func append(_ byte: UInt8)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension RecordBuffer: CellTextSink {}

/// Text of one cell rendered on its own (a deferred cell's sample).
struct CellTextBytes: CellTextSink {
    var bytes: [UInt8] = []
    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }
}

/// The text bytes of one block's cells, end to end. A plain pointer (no reference counting per byte), grown by
/// doubling and reused for every block; its owner (`ParquetRowBlock`) frees it.
struct CellTextArena: CellTextSink {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    mutating func clear() { count = 0 }

    /// Makes room for `extra` more bytes, so appends up to that many do not grow.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let start = bytes.baseAddress { (base + count).update(from: start, count: bytes.count) }
        count += bytes.count
    }

    func free() { base.deallocate() }
}

/// A block of rows of one row group laid out as records: per row and file column (row-major, `columns` wide)
/// the field's start and end in `text`, its flags, its number (numeric columns) and, for a column whose text is
/// deferred, which value of its page the row holds (-1 for a null), so the text can be rendered later. Filled
/// a column at a time (`ParquetPageCursor.fill`), then read a row at a time as `TextRecord`s. Allocated once per
/// read, at most `capacity` rows.
final class ParquetRowBlock {
    let columns: Int
    let capacity: Int
    let starts: UnsafeMutablePointer<Int>
    let ends: UnsafeMutablePointer<Int>
    let flags: UnsafeMutablePointer<FieldFlags>
    let numbers: UnsafeMutablePointer<Double>
    let valueIndexes: UnsafeMutablePointer<Int>
    var text: CellTextArena

    init(columns: Int, capacity: Int) {
        self.columns = columns
        self.capacity = capacity
        let slots = max(columns * capacity, 1)
        starts = .allocate(capacity: slots)
        starts.initialize(repeating: 0, count: slots)
        ends = .allocate(capacity: slots)
        ends.initialize(repeating: 0, count: slots)
        flags = .allocate(capacity: slots)
        flags.initialize(repeating: [], count: slots)
        numbers = .allocate(capacity: slots)
        numbers.initialize(repeating: 0, count: slots)
        valueIndexes = .allocate(capacity: slots)
        valueIndexes.initialize(repeating: -1, count: slots)
        text = CellTextArena(capacity: 1 << 16)
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
        flags.deallocate()
        numbers.deallocate()
        valueIndexes.deallocate()
        text.free()
    }

    /// Bytes the block holds: its per-cell arrays and its text.
    var heldBytes: Int {
        columns * capacity * (3 * MemoryLayout<Int>.stride + MemoryLayout<FieldFlags>.stride + MemoryLayout<Double>.stride) + text.capacity
    }

    /// Row `row` of the block as a record (valid until the block is filled again).
    func withRecord<R>(_ row: Int, line: Int, _ body: (TextRecord, UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        let first = row * columns
        let record = TextRecord(
            line: line, offset: 0, bytes: UnsafePointer(text.base), starts: UnsafeBufferPointer(start: starts + first, count: columns),
            ends: UnsafeBufferPointer(start: ends + first, count: columns), flags: UnsafeBufferPointer(start: flags + first, count: columns))
        return try body(record, UnsafeBufferPointer(start: numbers + first, count: columns))
    }
}
