import DelimitedText
import Parquet

/// One decoded part of a flat column's page, handed out a block of rows at a time. The value's kind is decided
/// once per part, so the per-row loops read typed memory with no switch over the value enum and no reference
/// counting per value; the definition levels are walked once per block. The text of a value is rendered only
/// when the column's checks read it (or later, for a sample, by `appendText(at:to:)`, which renders exactly
/// what the block loops render).
struct ParquetPageCursor {
    enum Kind {
        /// INT64 / INT32 without annotation or annotated signed INT(64) / INT(32).
        case integer64, integer32
        /// INT32 annotated DATE.
        case date
        /// INT64 annotated TIMESTAMP.
        case timestamp(ParquetTimeUnit, utc: Bool)
        case double
        /// BYTE_ARRAY that is text or unannotated bytes (not DECIMAL, not BSON): the stored bytes are the text.
        case bytes
        /// Everything else, through the row view's `fieldValue` (booleans, FLOAT, DECIMAL, unsigned, TIME,
        /// INT96, FIXED_LEN_BYTE_ARRAY).
        case other
    }

    let buffer: ParquetColumnBuffer
    let kind: Kind
    /// The stored type is numeric (`StoredColumnType.isNumeric`): each value's number goes beside it.
    let numeric: Bool
    private let maximumLevel: UInt8
    /// Level entries (rows) handed out so far.
    private(set) var row = 0
    /// Values handed out so far.
    private(set) var value = 0

    init(buffer: ParquetColumnBuffer, numeric: Bool) {
        self.buffer = buffer
        self.numeric = numeric
        maximumLevel = UInt8(buffer.leaf.maxDefinitionLevel)
        let logical = buffer.leaf.logicalType
        switch buffer.values {
        case .int64 where logical == nil || logical == .integer(bitWidth: 64, isSigned: true): kind = .integer64
        case .int32 where logical == nil || logical == .integer(bitWidth: 32, isSigned: true): kind = .integer32
        case .int32 where logical == .date: kind = .date
        case .int64:
            if case .timestamp(let unit, let utc)? = logical { kind = .timestamp(unit, utc: utc) } else { kind = .other }
        case .double: kind = .double
        case .byteArray:
            switch logical {
            case .bson?, .decimal?: kind = .other
            default: kind = .bytes
            }
        default: kind = .other
        }
    }

    /// Rows of this part not yet handed out.
    var remaining: Int { buffer.levelCount - row }

    /// The next `count` rows into column `column` of `block`'s rows `0..<count`: flags, the value's index in the
    /// part, its number (numeric columns) and, when `text`, its text in the block's arena.
    mutating func fill(_ count: Int, column: Int, into block: ParquetRowBlock, text: Bool) throws(ParquetError) {
        guard buffer.definitionLevels.isEmpty || buffer.definitionLevels.count >= row + count else {
            throw .unreadable(ParquetReadFailure(.malformedValues, "fewer definition levels than entries", column: buffer.leaf.name))
        }
        // Every row holding a value must find one; counting them is needed only when the part's values could run out.
        guard value + count <= buffer.values.count || value + presentCount(count) <= buffer.values.count else {
            throw .unreadable(ParquetReadFailure(.malformedValues, "fewer values than the definition levels promise", column: buffer.leaf.name))
        }
        let present: Int
        var arena = block.text
        defer { block.text = arena }
        let starts = block.starts, ends = block.ends, numbers = block.numbers
        switch (kind, buffer.values) {
        case (.integer64, .int64(let values)):
            present = fillIntegers(values, count, column: column, block: block, text: text, arena: &arena)
        case (.integer32, .int32(let values)):
            present = fillIntegers(values, count, column: column, block: block, text: text, arena: &arena)
        case (.date, .int32(let values)) where text:
            present = values.withUnsafeBufferPointer { values in
                walk(count, column: column, block: block) { index, slot in
                    starts[slot] = arena.count
                    ParquetCellText.appendDate(Int64(values[index]), to: &arena)
                    ends[slot] = arena.count
                }
            }
        case (.timestamp(let unit, let utc), .int64(let values)) where text:
            present = values.withUnsafeBufferPointer { values in
                walk(count, column: column, block: block) { index, slot in
                    starts[slot] = arena.count
                    ParquetCellText.appendTimestamp(values[index], unit, utc: utc, to: &arena)
                    ends[slot] = arena.count
                }
            }
        case (.double, .double(let values)):
            present = values.withUnsafeBufferPointer { values in
                walk(count, column: column, block: block) { index, slot in
                    numbers[slot] = values[index]
                    if text {
                        starts[slot] = arena.count
                        ParquetCellText.appendText(String(values[index]), to: &arena)
                        ends[slot] = arena.count
                    }
                }
            }
        case (.bytes, .byteArray(let values)) where text:
            present = values.data.withUnsafeBufferPointer { data in
                values.offsets.withUnsafeBufferPointer { offsets in
                    let base = data.baseAddress
                    return walk(count, column: column, block: block) { index, slot in
                        let start = offsets[index]
                        starts[slot] = arena.count
                        arena.append(UnsafeBufferPointer(start: base.map { $0 + start }, count: offsets[index + 1] - start))
                        ends[slot] = arena.count
                    }
                }
            }
        case (.other, _) where text || numeric:
            present = walk(count, column: column, block: block) { _, _ in }
            var slot = column
            for _ in 0..<count {
                let index = block.valueIndexes[slot]
                if index >= 0 {
                    let field = try buffer.fieldValue(at: index)
                    if numeric, let number = Self.number(field) { numbers[slot] = number }
                    if text {
                        starts[slot] = arena.count
                        ParquetCellText.append(field, to: &arena)
                        ends[slot] = arena.count
                    }
                }
                slot += block.columns
            }
        default:
            // Nothing read from the values: the flags (and the value indexes, for a sample's text) are all.
            present = walk(count, column: column, block: block) { _, _ in }
        }
        row += count
        value += present
    }

    /// `fill` for signed integers (INT32, INT64): the number, and the digits when `text`.
    @inline(__always)
    private func fillIntegers<Value: SignedInteger & FixedWidthInteger>(
        _ values: [Value], _ count: Int, column: Int, block: ParquetRowBlock, text: Bool, arena: inout CellTextArena
    ) -> Int {
        let starts = block.starts, ends = block.ends, numbers = block.numbers
        return values.withUnsafeBufferPointer { values in
            walk(count, column: column, block: block) { index, slot in
                numbers[slot] = Double(values[index])
                if text {
                    starts[slot] = arena.count
                    ParquetCellText.appendInteger(Int64(values[index]), to: &arena)
                    ends[slot] = arena.count
                }
            }
        }
    }

    /// Values among the next `count` rows.
    private func presentCount(_ count: Int) -> Int {
        guard !buffer.definitionLevels.isEmpty else { return count }
        let maximum = maximumLevel
        return buffer.definitionLevels.withUnsafeBufferPointer { levels in
            var present = 0
            for level in levels[row..<row + count] where level == maximum { present += 1 }
            return present
        }
    }

    /// Sets the next `count` rows' flags and value indexes in column `column` of `block`, calling `present` with
    /// (value index, slot) for each row that holds a value; returns how many did. A null's field is empty.
    @inline(__always)
    private func walk(_ count: Int, column: Int, block: ParquetRowBlock, _ present: (Int, Int) -> Void) -> Int {
        let flags = block.flags, starts = block.starts, ends = block.ends, indexes = block.valueIndexes
        let stride = block.columns
        var index = value
        var slot = column
        if buffer.definitionLevels.isEmpty {
            for _ in 0..<count {
                flags[slot] = []
                indexes[slot] = index
                present(index, slot)
                index += 1
                slot += stride
            }
            return count
        }
        let maximum = maximumLevel
        buffer.definitionLevels.withUnsafeBufferPointer { levels in
            for level in levels[row..<row + count] {
                if level == maximum {
                    flags[slot] = []
                    indexes[slot] = index
                    present(index, slot)
                    index += 1
                } else {
                    flags[slot] = .null
                    starts[slot] = 0
                    ends[slot] = 0
                    indexes[slot] = -1
                }
                slot += stride
            }
        }
        return index - value
    }

    /// The text of value `index` of this part, as `fill` renders it.
    func appendText(at index: Int, to sink: inout some CellTextSink) throws(ParquetError) {
        switch (kind, buffer.values) {
        case (.integer64, .int64(let values)): ParquetCellText.appendInteger(values[index], to: &sink)
        case (.integer32, .int32(let values)): ParquetCellText.appendInteger(Int64(values[index]), to: &sink)
        case (.date, .int32(let values)): ParquetCellText.appendDate(Int64(values[index]), to: &sink)
        case (.timestamp(let unit, let utc), .int64(let values)): ParquetCellText.appendTimestamp(values[index], unit, utc: utc, to: &sink)
        case (.double, .double(let values)): ParquetCellText.appendText(String(values[index]), to: &sink)
        case (.bytes, .byteArray(let values)):
            values.data.withUnsafeBufferPointer { data in
                sink.append(UnsafeBufferPointer(rebasing: data[values.offsets[index]..<values.offsets[index + 1]]))
            }
        default: ParquetCellText.append(try buffer.fieldValue(at: index), to: &sink)
        }
    }

    static func number(_ value: ParquetFieldValue) -> Double? {
        switch value {
        case .int32(let number): Double(number)
        case .int64(let number): Double(number)
        case .uint64(let number): Double(number)
        case .float(let number): Double(number)
        case .double(let number): number
        case .decimal(let decimal): Double(decimal.unscaled) / CellValue.pow10(decimal.scale)
        default: nil
        }
    }
}
