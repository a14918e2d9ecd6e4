/// Feeds the entries of a columnar walk into a nested leaf's column writer: levels, then the value.
struct NestedLeafSink<Source: LeafValueSource>: LeafEntrySink {
    let writer: ColumnWriter
    let source: Source
    /// The definition level of a null in the leaf itself.
    let nullDefinition: UInt8

    @inline(__always)
    mutating func absent(repetition: UInt8, definition: UInt8) throws(ParquetError) {
        try writer.appendAbsent(repetition: repetition, definition: definition)
    }

    @inline(__always)
    mutating func present(repetition: UInt8, slot: Int) throws(ParquetError) {
        if source.isNull(slot) {
            try writer.appendAbsent(repetition: repetition, definition: nullDefinition)
        } else {
            try writer.appendPresentLevels(repetition: repetition)
            try source.append(slot)
        }
    }
}

/// A leaf's values in a batch, appended one slot at a time to their typed column writer.
protocol LeafValueSource {
    func isNull(_ slot: Int) -> Bool
    func append(_ slot: Int) throws(ParquetError)
}

struct FixedWidthLeafValues<Value: FixedWidthValue>: LeafValueSource {
    let values: [Value?]
    let writer: FixedWidthColumnWriter<Value>

    @inline(__always) func isNull(_ slot: Int) -> Bool { values[slot] == nil }
    @inline(__always) func append(_ slot: Int) throws(ParquetError) { try writer.append(values[slot].unsafelyUnwrapped) }
}

struct StringLeafValues: LeafValueSource {
    let values: [String?]
    let writer: ByteArrayColumnWriter

    @inline(__always) func isNull(_ slot: Int) -> Bool { values[slot] == nil }
    @inline(__always) func append(_ slot: Int) throws(ParquetError) { try writer.append(values[slot].unsafelyUnwrapped) }
}

/// Strings as one byte buffer with offsets, read in place through pointers bound for the walk.
struct StringColumnLeafValues: LeafValueSource {
    let text: UnsafeRawPointer
    let offsets: UnsafeBufferPointer<Int32>
    let values: ParquetStringColumn
    let writer: ByteArrayColumnWriter

    @inline(__always) func isNull(_ slot: Int) -> Bool { values.validity != nil && !values.isPresent(slot) }

    @inline(__always) func append(_ slot: Int) throws(ParquetError) {
        let start = Int(offsets[slot])
        try writer.append(UnsafeRawBufferPointer(start: text + start, count: Int(offsets[slot + 1]) - start))
    }

    /// Runs `body` with the column's buffers bound.
    static func withValues(
        _ values: ParquetStringColumn, writer: ByteArrayColumnWriter, _ body: (StringColumnLeafValues) throws(ParquetError) -> Void
    ) throws(ParquetError) {
        var failure: ParquetError?
        values.bytes.withUnsafeBytes { text in
            values.offsets.withUnsafeBufferPointer { offsets in
                // An empty byte array has no address; empty values then point at the offsets instead.
                let base = text.baseAddress ?? UnsafeRawPointer(offsets.baseAddress!)
                do throws(ParquetError) {
                    try body(StringColumnLeafValues(text: base, offsets: offsets, values: values, writer: writer))
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
    }
}

/// The kinds that need a conversion or are rare (bytes, booleans, decimals), through the flat append.
struct ConvertedLeafValues: LeafValueSource {
    let values: ParquetColumnValues
    let slot: ColumnSlot

    func isNull(_ index: Int) -> Bool {
        switch values {
        case .strings(let v): v[index] == nil
        case .utf8(let v): v[index] == nil
        case .utf8Column(let v): v.validity != nil && !v.isPresent(index)
        case .booleans(let v): v[index] == nil
        case .int32s(let v), .dates(let v): v[index] == nil
        case .int64s(let v), .timestamps(let v): v[index] == nil
        case .doubles(let v): v[index] == nil
        case .decimals(let v): v[index] == nil
        }
    }

    func append(_ index: Int) throws(ParquetError) {
        try slot.append(values, range: index..<(index + 1))
    }
}

extension ColumnSlot {
    /// Walks `records` of a checked columnar batch into this nested leaf column (number `leaf` of `schema`).
    func appendNested(
        leaf: Int, of columns: [ParquetNestedColumnValues], schema: ParquetNestedSchema, records: Range<Int>
    ) throws(ParquetError) {
        let values = ColumnarShredding.leafValues(leaf, of: columns, schema: schema)
        let nullDefinition = UInt8(max(schema.leaves[leaf].maxDefinitionLevel - 1, 0))
        func walk<Source: LeafValueSource>(_ source: Source) throws(ParquetError) {
            var sink = NestedLeafSink(writer: writer, source: source, nullDefinition: nullDefinition)
            try ColumnarShredding.walk(leaf: leaf, of: columns, schema: schema, records: records, into: &sink)
        }
        switch (self, values) {
        case (.text(let writer), .strings(let strings)):
            try walk(StringLeafValues(values: strings, writer: writer))
        case (.text(let writer), .utf8Column(let strings)):
            try StringColumnLeafValues.withValues(strings, writer: writer) { (source) throws(ParquetError) in try walk(source) }
        case (.int32(let writer), .int32s(let numbers)), (.int32(let writer), .dates(let numbers)):
            try walk(FixedWidthLeafValues(values: numbers, writer: writer))
        case (.int64(let writer), .int64s(let numbers)), (.int64(let writer), .timestamps(let numbers)):
            try walk(FixedWidthLeafValues(values: numbers, writer: writer))
        case (.double(let writer), .doubles(let numbers)):
            try walk(FixedWidthLeafValues(values: numbers, writer: writer))
        default:
            try walk(ConvertedLeafValues(values: values, slot: self))
        }
    }
}
