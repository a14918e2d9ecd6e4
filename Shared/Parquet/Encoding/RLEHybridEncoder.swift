/// The RLE / bit-packing hybrid of parquet-format's Encodings.md, used for definition levels and
/// dictionary indices.
///
/// Runs of at least eight equal values become RLE runs; everything else is bit-packed in groups of eight,
/// LSB first. A bit-packed run always holds whole groups, so only the final run may be padded with zeros
/// (readers stop at the page's value count); before an RLE run, the pending literals are completed with
/// values taken from the front of that run.
enum RLEHybridEncoder {
    /// The shortest repetition that is worth an RLE run.
    static let minimumRunLength = 8

    /// Bits needed for values up to `maximum` (0 for 0).
    static func bitWidth(forMaximum maximum: UInt32) -> Int {
        maximum == 0 ? 0 : 32 - maximum.leadingZeroBitCount
    }

    /// Appends the encoded `values` (no length prefix) at `width` bits each.
    static func encode<T: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafeBufferPointer<T>, bitWidth width: Int, into out: ByteBuffer
    ) {
        precondition((0...32).contains(width), "bit width \(width) is outside 0...32")
        let count = values.count
        var literalStart = 0
        var index = 0
        while index < count {
            let value = values[index]
            var runEnd = index + 1
            while runEnd < count && values[runEnd] == value { runEnd += 1 }
            var runLength = runEnd - index
            if runLength >= minimumRunLength {
                let pendingLiterals = index - literalStart
                if pendingLiterals > 0 {
                    // Complete the last group of eight with values from this run.
                    let fill = (8 - pendingLiterals % 8) % 8
                    writeBitPacked(values, from: literalStart, to: index + fill, bitWidth: width, into: out)
                    runLength -= fill
                }
                writeRun(value: UInt32(truncatingIfNeeded: value), length: runLength, bitWidth: width, into: out)
                literalStart = runEnd
            }
            index = runEnd
        }
        if literalStart < count {
            writeBitPacked(values, from: literalStart, to: count, bitWidth: width, into: out)
        }
    }

    /// Appends one RLE run: a varint header `length << 1`, then the value in ceil(width/8) bytes, little-endian.
    static func writeRun(value: UInt32, length: Int, bitWidth width: Int, into out: ByteBuffer) {
        Varint.write(UInt64(length) << 1, to: out)
        let valueBytes = (width + 7) / 8
        var rest = value
        for _ in 0..<valueBytes {
            out.append(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }

    /// Appends a bit-packed run of `values[from..<to]`, padded with zeros to a multiple of eight values.
    static func writeBitPacked<T: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafeBufferPointer<T>, from start: Int, to end: Int, bitWidth width: Int, into out: ByteBuffer
    ) {
        let groups = (end - start + 7) / 8
        Varint.write(UInt64(groups) << 1 | 1, to: out)
        let byteCount = groups * width
        out.reserve(byteCount + 8)
        let destination = out.end
        var written = 0
        var accumulator: UInt64 = 0
        var bits = 0
        let paddedEnd = start + groups * 8
        // Whole 32-bit words go out at once; with width <= 32 the accumulator never holds more than 63 bits.
        for index in start..<paddedEnd {
            let value: UInt64 = index < end ? UInt64(values[index]) : 0
            accumulator |= value << UInt64(bits)
            bits &+= width
            if bits >= 32 {
                destination.storeBytes(
                    of: UInt32(truncatingIfNeeded: accumulator).littleEndian, toByteOffset: written, as: UInt32.self)
                written &+= 4
                accumulator >>= 32
                bits &-= 32
            }
        }
        while bits >= 8 {
            destination.storeBytes(of: UInt8(truncatingIfNeeded: accumulator), toByteOffset: written, as: UInt8.self)
            written &+= 1
            accumulator >>= 8
            bits &-= 8
        }
        // 8 values of any width fill whole bytes, so nothing is left in the accumulator here.
        out.commit(written)
    }
}
