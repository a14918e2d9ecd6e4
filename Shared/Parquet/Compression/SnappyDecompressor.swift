/// Snappy raw block format (google/snappy `format_description.txt`) decompression, for Parquet's SNAPPY codec.
///
/// The input is untrusted: every literal and copy is checked against both buffers before it is applied, and
/// the output must come out exactly as long as the preamble says.
enum SnappyDecompressor {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// The length the preamble declares, and the preamble's size.
    static func declaredLength(_ input: UnsafeRawBufferPointer) throws(Malformed) -> (length: Int, preamble: Int) {
        var position = 0
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < input.count, shift < 35 else { throw Malformed(description: "truncated length preamble") }
            let byte = input[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard value <= UInt64(UInt32.max) else { throw Malformed(description: "length preamble \(value) exceeds 4 GiB") }
        return (Int(value), position)
    }

    static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        try input.withUnsafeBytes { source in
            let (length, _) = try declaredLength(source)
            return try [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
                initialized = try decompress(source, into: UnsafeMutableRawBufferPointer(buffer))
            }
        }
    }

    /// Decompresses `input` into `output`, which must be exactly the declared length. Returns that length.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(Malformed) -> Int {
        let (expected, preamble) = try declaredLength(input)
        guard expected == output.count else {
            throw Malformed(description: "preamble says \(expected) bytes, the page header \(output.count)")
        }
        guard expected > 0 else {
            guard preamble == input.count else { throw Malformed(description: "bytes after an empty block") }
            return 0
        }
        guard let source = input.baseAddress, let destination = output.baseAddress else {
            throw Malformed(description: "no input")
        }
        let end = input.count
        var position = preamble
        var written = 0
        while position < end {
            let tag = source.load(fromByteOffset: position, as: UInt8.self)
            position &+= 1
            if tag & 3 == 0 {
                var length = Int(tag >> 2) &+ 1
                if length > 60 {
                    let extra = length &- 60
                    guard end &- position >= extra else { throw Malformed(description: "truncated literal length at \(position)") }
                    length = 0
                    for index in 0..<extra {
                        length |= Int(source.load(fromByteOffset: position &+ index, as: UInt8.self)) << (8 &* index)
                    }
                    length &+= 1
                    position &+= extra
                }
                guard end &- position >= length else { throw Malformed(description: "literal past the end of the input at \(position)") }
                guard expected &- written >= length else { throw Malformed(description: "literal past the declared length at \(position)") }
                if length <= 16 && end &- position >= 16 && expected &- written >= 16 {
                    // Short literal with room on both sides: two word copies instead of a call to memmove.
                    WordCopy.sixteen(from: source + position, to: destination + written)
                } else {
                    (destination + written).copyMemory(from: source + position, byteCount: length)
                }
                position &+= length
                written &+= length
                continue
            }
            let length: Int
            let offset: Int
            switch tag & 3 {
            case 1:
                guard position < end else { throw Malformed(description: "truncated copy at \(position)") }
                length = Int((tag >> 2) & 7) &+ 4
                offset = Int(tag >> 5) << 8 | Int(source.load(fromByteOffset: position, as: UInt8.self))
                position &+= 1
            case 2:
                guard end &- position >= 2 else { throw Malformed(description: "truncated copy at \(position)") }
                length = Int(tag >> 2) &+ 1
                offset = Int(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: position, as: UInt16.self)))
                position &+= 2
            default:
                guard end &- position >= 4 else { throw Malformed(description: "truncated copy at \(position)") }
                length = Int(tag >> 2) &+ 1
                offset = Int(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                position &+= 4
            }
            guard offset > 0 && offset <= written else { throw Malformed(description: "copy offset \(offset) out of range at \(position)") }
            guard expected &- written >= length else { throw Malformed(description: "copy past the declared length at \(position)") }
            let target = destination.assumingMemoryBound(to: UInt8.self) + written
            let from = target - offset
            if offset >= 8 && expected &- written >= length &+ 8 {
                // Word by word: with offset >= 8 every word read was written before it is needed, which also
                // repeats short patterns correctly; the last word may spill into bytes written later.
                var copied = 0
                while copied < length {
                    UnsafeMutableRawPointer(target + copied).storeBytes(
                        of: UnsafeRawPointer(from + copied).loadUnaligned(as: UInt64.self), as: UInt64.self)
                    copied &+= 8
                }
            } else if offset >= length {
                target.update(from: from, count: length)
            } else {
                // Overlapping copy: the run repeats the last `offset` bytes, byte by byte.
                for index in 0..<length { target[index] = from[index] }
            }
            written &+= length
        }
        guard written == expected else {
            throw Malformed(description: "decompressed \(written) bytes, preamble says \(expected)")
        }
        return written
    }
}
