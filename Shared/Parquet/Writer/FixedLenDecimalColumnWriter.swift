/// DECIMAL columns of 19 to 38 digits: FIXED_LEN_BYTE_ARRAY holding the unscaled value as big-endian two's
/// complement in the fewest bytes the precision needs. Always PLAIN: such columns are rare and mostly distinct.
final class FixedLenDecimalColumnWriter: ColumnWriter {
    let byteWidth: Int
    private let plainValues = ByteBuffer(capacity: 1 << 12)
    private var minimum: Int128?
    private var maximum: Int128?

    init(column: ParquetColumn, precision: Int, options: ParquetWriterOptions, compressor: PageCompressor) {
        byteWidth = ParquetType.decimalByteWidth(precision: precision)
        super.init(column: column, options: options, compressor: compressor)
    }

    func bigEndianBytes(_ value: Int128) -> [UInt8] {
        (0..<byteWidth).map { UInt8(truncatingIfNeeded: value >> (8 * (byteWidth - 1 - $0))) }
    }

    func append(_ unscaled: Int128) throws(ParquetError) {
        recordPresent()
        plainValues.append(bigEndianBytes(unscaled))
        if let currentMinimum = minimum, let currentMaximum = maximum {
            if unscaled < currentMinimum { minimum = unscaled } else if unscaled > currentMaximum { maximum = unscaled }
        } else {
            minimum = unscaled
            maximum = unscaled
        }
        try finishPageIfFull(encodedBytes: plainValues.count)
    }

    override func encodePageValues(into body: ByteBuffer) -> Encoding {
        body.append(plainValues)
        plainValues.removeAll()
        return .plain
    }

    override func chunkStatistics() -> ColumnStatistics {
        guard let minimum, let maximum else {
            return ColumnStatistics(nullCount: Int64(chunkNullCount), writeLegacyFields: false)
        }
        // DECIMAL's type order is signed; the legacy fields compared FIXED_LEN_BYTE_ARRAY bytes differently,
        // so they are only safe when min equals max.
        return ColumnStatistics(
            nullCount: Int64(chunkNullCount), minValue: bigEndianBytes(minimum), maxValue: bigEndianBytes(maximum),
            writeLegacyFields: minimum == maximum)
    }

    override func resetValues() {
        plainValues.removeAll()
        minimum = nil
        maximum = nil
    }

    override var bufferedValueBytes: Int { plainValues.count }
}
