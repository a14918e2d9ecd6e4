/// Reads the RLE / bit-packed hybrid encoding (Encodings.md "Run Length Encoding / Bit-Packing Hybrid"):
/// definition and repetition levels, dictionary indices and RLE booleans.
///
/// A run is `varint(count << 1)` + the value in ceil(width/8) bytes, or `varint(groups << 1 | 1)` + groups*8
/// values packed LSB-first. A bit-packed run cut short by the end of the data yields the values its bytes hold.
struct RLEHybridDecoder {
    private let base: UnsafeRawPointer?
    private let end: Int
    private var position = 0
    let bitWidth: Int
    private let mask: UInt64
    private var repeatCount = 0
    private var repeatValue: UInt64 = 0
    private var packedCount = 0
    /// Bit offset of the next packed value from `base`.
    private var packedBit = 0

    init(_ data: UnsafeRawBufferPointer, bitWidth: Int) throws(ParquetError) {
        guard (0...32).contains(bitWidth) else {
            throw .unreadable(.malformedValues, "RLE bit width \(bitWidth) is outside 0...32")
        }
        base = data.baseAddress
        end = data.count
        self.bitWidth = bitWidth
        mask = bitWidth == 64 ? .max : (1 << UInt64(bitWidth)) - 1
    }

    /// Bytes consumed so far (runs read whole).
    var consumed: Int { position }

    /// Fills `count` values into `out`; throws when the runs end first.
    mutating func decode<T: FixedWidthInteger & UnsignedInteger>(into out: UnsafeMutablePointer<T>, count: Int) throws(ParquetError) {
        var done = 0
        while done < count {
            if repeatCount > 0 {
                let n = min(repeatCount, count &- done)
                (out + done).update(repeating: T(truncatingIfNeeded: repeatValue), count: n)
                repeatCount &-= n
                done &+= n
            } else if packedCount > 0 {
                let n = min(packedCount, count &- done)
                unpack(into: out + done, count: n)
                packedCount &-= n
                done &+= n
            } else {
                try nextRun(wanted: count - done)
            }
        }
    }

    /// Skips past a header and loads the run it describes.
    private mutating func nextRun(wanted: Int) throws(ParquetError) {
        guard let base, position < end else {
            throw .unreadable(.malformedValues, "RLE data ended with \(wanted) values still to read")
        }
        var header: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end, shift < 64 else { throw .unreadable(.malformedValues, "truncated RLE run header") }
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            position &+= 1
            header |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift &+= 7
        }
        if header & 1 == 1 {
            let groups = min(header >> 1, UInt64(Int32.max / 8))
            packedBit = position &* 8
            guard bitWidth > 0 else {
                packedCount = Int(groups) * 8
                return
            }
            let left = end &- position
            // A short last run still holds whole values; the reader stops at the page's count anyway.
            let bytes = groups <= UInt64(left / bitWidth) ? Int(groups) * bitWidth : left
            packedCount = bytes * 8 / bitWidth
            guard packedCount > 0 || groups == 0 else {
                throw .unreadable(.malformedValues, "bit-packed run past the end of the data")
            }
            position &+= bytes
        } else {
            let count = header >> 1
            guard count <= UInt64(Int32.max) else { throw .unreadable(.malformedValues, "RLE run of \(count) values") }
            let byteWidth = (bitWidth + 7) / 8
            guard end &- position >= byteWidth else { throw .unreadable(.malformedValues, "truncated RLE run value") }
            var value: UInt64 = 0
            for index in 0..<byteWidth {
                value |= UInt64(base.load(fromByteOffset: position &+ index, as: UInt8.self)) << UInt64(8 * index)
            }
            position &+= byteWidth
            repeatValue = value & mask
            repeatCount = Int(count)
        }
    }

    @inline(__always)
    private mutating func unpack<T: FixedWidthInteger & UnsignedInteger>(into out: UnsafeMutablePointer<T>, count: Int) {
        guard bitWidth > 0 else {
            out.update(repeating: 0, count: count)
            return
        }
        let base = self.base!
        var bit = packedBit
        let width = bitWidth
        let mask = self.mask
        let fastEnd = (end &- 8) &* 8
        var index = 0
        // 8-byte loads while they stay inside the data; width <= 32 and a shift <= 7 fit in 64 bits.
        while index < count && bit <= fastEnd {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
            out[index] = T(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
            bit &+= width
            index &+= 1
        }
        while index < count {
            out[index] = T(truncatingIfNeeded: BitReader.value(base, end: end, bit: bit, width: width))
            bit &+= width
            index &+= 1
        }
        packedBit = bit
    }
}

/// Bit access shared by the bit-packed decoders.
enum BitReader {
    /// `width` (<= 64) bits LSB-first starting at absolute bit `bit`, reading no byte at or past `end`.
    @inline(__always)
    static func value(_ base: UnsafeRawPointer, end: Int, bit: Int, width: Int) -> UInt64 {
        var result: UInt64 = 0
        var got = 0
        var position = bit
        while got < width {
            let byteIndex = position >> 3
            guard byteIndex < end else { break }
            let offset = position & 7
            let take = min(8 - offset, width - got)
            let byte = UInt64(base.load(fromByteOffset: byteIndex, as: UInt8.self))
            result |= ((byte >> UInt64(offset)) & ((1 << UInt64(take)) - 1)) << UInt64(got)
            got += take
            position += take
        }
        return result
    }

    /// Bits needed for values up to `maximum`.
    static func width(forMaximum maximum: Int) -> Int {
        maximum == 0 ? 0 : Int.bitWidth - maximum.leadingZeroBitCount
    }
}

/// The deprecated BIT_PACKED level encoding (values packed MSB-first, no header) that old parquet-mr files use.
enum LegacyBitPackedDecoder {
    /// Decodes `count` levels; returns the bytes consumed.
    static func decode(_ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into out: UnsafeMutablePointer<UInt8>) throws(ParquetError) -> Int {
        let bytes = (count * bitWidth + 7) / 8
        guard bytes <= data.count else { throw .unreadable(.malformedValues, "BIT_PACKED levels need \(bytes) bytes, the page has \(data.count)") }
        guard bitWidth > 0, let base = data.baseAddress else {
            out.update(repeating: 0, count: count)
            return 0
        }
        var bit = 0
        for index in 0..<count {
            var value = 0
            for _ in 0..<bitWidth {
                let byte = base.load(fromByteOffset: bit >> 3, as: UInt8.self)
                value = value << 1 | Int((byte >> UInt8(7 - bit & 7)) & 1)
                bit += 1
            }
            out[index] = UInt8(truncatingIfNeeded: value)
        }
        return bytes
    }
}
