/// BOOLEAN columns: PLAIN, one bit per value, least significant bit first.
final class BooleanColumnWriter: ColumnWriter {
    private var packed: [UInt8] = []
    private var bitCount = 0
    private var sawFalse = false
    private var sawTrue = false

    @inline(__always)
    func append(_ value: Bool) throws(ParquetError) {
        recordPresent()
        if bitCount & 7 == 0 { packed.append(0) }
        if value {
            packed[packed.count - 1] |= 1 << UInt8(bitCount & 7)
            sawTrue = true
        } else {
            sawFalse = true
        }
        bitCount += 1
        try finishPageIfFull(encodedBytes: packed.count)
    }

    override func encodePageValues(into body: ByteBuffer) -> Encoding {
        body.append(packed)
        packed.removeAll(keepingCapacity: true)
        bitCount = 0
        return .plain
    }

    override func chunkStatistics() -> ColumnStatistics {
        guard sawFalse || sawTrue else {
            return ColumnStatistics(nullCount: Int64(chunkNullCount), writeLegacyFields: false)
        }
        return ColumnStatistics(
            nullCount: Int64(chunkNullCount), minValue: [sawFalse ? 0 : 1], maxValue: [sawTrue ? 1 : 0],
            writeLegacyFields: true)
    }

    override func resetValues() {
        packed.removeAll(keepingCapacity: true)
        bitCount = 0
        sawFalse = false
        sawTrue = false
    }

    override var bufferedValueBytes: Int { packed.count }
}
