/// A Snappy raw-format decompressor written from the format description, to round-trip what the
/// compressor writes. It rejects anything malformed instead of guessing.
enum SnappyDecompressor {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        var position = 0
        var expected: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < input.count else { throw Malformed(description: "truncated length preamble") }
            let byte = input[position]
            position += 1
            expected |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        var output: [UInt8] = []
        output.reserveCapacity(Int(expected))
        while position < input.count {
            let tag = input[position]
            position += 1
            switch tag & 3 {
            case 0:
                var length = Int(tag >> 2) + 1
                if length > 60 {
                    let extra = length - 60
                    guard position + extra <= input.count else { throw Malformed(description: "truncated literal length") }
                    length = 0
                    for index in 0..<extra { length |= Int(input[position + index]) << (8 * index) }
                    length += 1
                    position += extra
                }
                guard position + length <= input.count else { throw Malformed(description: "literal past the end") }
                output.append(contentsOf: input[position..<position + length])
                position += length
            case 1:
                guard position < input.count else { throw Malformed(description: "truncated copy") }
                let length = Int((tag >> 2) & 7) + 4
                let offset = Int(tag >> 5) << 8 | Int(input[position])
                position += 1
                try copy(offset: offset, length: length, into: &output)
            case 2:
                guard position + 2 <= input.count else { throw Malformed(description: "truncated copy") }
                let length = Int(tag >> 2) + 1
                let offset = Int(input[position]) | Int(input[position + 1]) << 8
                position += 2
                try copy(offset: offset, length: length, into: &output)
            default:
                guard position + 4 <= input.count else { throw Malformed(description: "truncated copy") }
                let length = Int(tag >> 2) + 1
                var offset = 0
                for index in 0..<4 { offset |= Int(input[position + index]) << (8 * index) }
                position += 4
                try copy(offset: offset, length: length, into: &output)
            }
        }
        guard output.count == expected else {
            throw Malformed(description: "decompressed \(output.count) bytes, preamble says \(expected)")
        }
        return output
    }

    private static func copy(offset: Int, length: Int, into output: inout [UInt8]) throws {
        guard offset > 0 && offset <= output.count else { throw Malformed(description: "copy offset \(offset) out of range") }
        let start = output.count - offset
        for index in 0..<length { output.append(output[start + index]) }
    }
}
