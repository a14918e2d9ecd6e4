/// DELTA_BINARY_PACKED (Encodings.md): a header `<block size> <miniblocks per block> <total count> <first value>`
/// of varints, then blocks of `<min delta> <bit width per miniblock>` + miniblocks of deltas packed LSB-first.
/// Arithmetic wraps, as the spec requires, so INT32 columns decode through 64 bits and truncate.
enum DeltaBinaryPackedDecoder {
    /// The total value count the header declares, without decoding.
    static func declaredCount(_ data: UnsafeRawBufferPointer) throws(ParquetError) -> Int {
        var cursor = VarintCursor(data)
        _ = try cursor.unsigned()
        _ = try cursor.unsigned()
        let total = try cursor.unsigned()
        guard total <= UInt64(Int32.max) else { throw .unreadable(.malformedValues, "DELTA_BINARY_PACKED declares \(total) values") }
        return Int(total)
    }

    /// Decodes exactly `count` values into `out` (the header must declare at least that many); returns the
    /// bytes consumed, so a following section (DELTA_LENGTH_BYTE_ARRAY's data) can be found.
    static func decode<T: FixedWidthInteger>(_ data: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutablePointer<T>) throws(ParquetError) -> Int {
        var cursor = VarintCursor(data)
        let blockSize = try cursor.unsigned()
        let miniblocks = try cursor.unsigned()
        let total = try cursor.unsigned()
        let first = try cursor.signed()
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
            (blockSize / miniblocks) % 32 == 0
        else {
            throw .unreadable(.malformedValues, "DELTA_BINARY_PACKED block size \(blockSize) with \(miniblocks) miniblocks")
        }
        guard total >= UInt64(count) else {
            throw .unreadable(.malformedValues, "DELTA_BINARY_PACKED holds \(total) values, the page needs \(count)")
        }
        guard count > 0 else { return cursor.position }
        let perMiniblock = Int(blockSize / miniblocks)
        let miniblockCount = Int(miniblocks)
        var previous = first
        out[0] = T(truncatingIfNeeded: first)
        var done = 1
        let base = data.baseAddress!
        while done < count {
            let minDelta = try cursor.signed()
            guard data.count - cursor.position >= miniblockCount else {
                throw .unreadable(.malformedValues, "DELTA_BINARY_PACKED bit widths past the end")
            }
            let widthsAt = cursor.position
            cursor.position += miniblockCount
            for miniblock in 0..<miniblockCount where done < count {
                let width = Int(base.load(fromByteOffset: widthsAt + miniblock, as: UInt8.self))
                guard width <= 64 else { throw .unreadable(.malformedValues, "DELTA_BINARY_PACKED bit width \(width)") }
                let bytes = perMiniblock * width / 8
                let available = data.count - cursor.position
                let n = min(perMiniblock, count - done)
                // The last miniblock may be cut short of its padding; the values needed must be there.
                guard available >= (n * width + 7) / 8 else {
                    throw .unreadable(.malformedValues, "DELTA_BINARY_PACKED miniblock past the end")
                }
                let startBit = cursor.position * 8
                let end = cursor.position + min(bytes, available)
                for index in 0..<n {
                    let delta = BitReader.value(base, end: end, bit: startBit + index * width, width: width)
                    previous = previous &+ minDelta &+ Int64(bitPattern: delta)
                    out[done + index] = T(truncatingIfNeeded: previous)
                }
                done += n
                cursor.position += min(bytes, available)
            }
        }
        return cursor.position
    }
}

/// ULEB128 and zigzag varints over a page, bounds-checked.
struct VarintCursor {
    let data: UnsafeRawBufferPointer
    var position = 0

    init(_ data: UnsafeRawBufferPointer) { self.data = data }

    mutating func unsigned() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < data.count, shift < 64 else { throw .unreadable(.malformedValues, "truncated or overlong varint") }
            let byte = data[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func signed() throws(ParquetError) -> Int64 {
        let raw = try unsigned()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }
}
