/// The level limits of a nested leaf column, and how its data pages v1 store the levels.
///
/// Every page of a nested column starts a record (repetition level 0): readers that skip pages or split work by
/// page (page indexes, Trino, cudf) need that. So a column writer that wants to end a page in the middle of a
/// record (the page is full, or a dictionary must give way to PLAIN) marks the page end as due
/// (`ColumnWriter.pageEndIsDue`), and it happens before the next entry at repetition level 0, or when the row
/// group ends.
struct NestedLevels {
    let maxRepetition: UInt8
    let maxDefinition: UInt8
    private let repetitionWidth: Int
    private let definitionWidth: Int

    init(maxRepetition: Int, maxDefinition: Int) {
        self.maxRepetition = UInt8(maxRepetition)
        self.maxDefinition = UInt8(maxDefinition)
        repetitionWidth = RLEHybridEncoder.bitWidth(forMaximum: UInt32(maxRepetition))
        definitionWidth = RLEHybridEncoder.bitWidth(forMaximum: UInt32(maxDefinition))
    }

    /// Appends a page's level sections, repetition then definition, each RLE/bit-packed after its 4-byte
    /// length, and none when the maximum level is 0; returns whether there was any.
    func encodePage(repetition: [UInt8], definition: [UInt8], into body: ByteBuffer) -> Bool {
        if repetitionWidth > 0 { Self.encodeSection(repetition, bitWidth: repetitionWidth, into: body) }
        if definitionWidth > 0 { Self.encodeSection(definition, bitWidth: definitionWidth, into: body) }
        return repetitionWidth > 0 || definitionWidth > 0
    }

    private static func encodeSection(_ levels: [UInt8], bitWidth: Int, into body: ByteBuffer) {
        let lengthOffset = body.count
        body.appendLittleEndian(UInt32(0))
        levels.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: bitWidth, into: body) }
        body.setLittleEndianUInt32(UInt32(body.count - lengthOffset - 4), at: lengthOffset)
    }
}
