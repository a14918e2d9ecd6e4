/// Checks that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
public enum UTF8Validation {
    /// The offset of the first byte that starts an ill-formed sequence, or nil when all is well-formed.
    public static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var index = 0
        while index < count {
            // Most text is ASCII: skip 32, then eight bytes at a time while none has its high bit set.
            while index &+ 32 <= count
                && (base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    | base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
                    | base.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
                    | base.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)) & 0x8080_8080_8080_8080 == 0 {
                index &+= 32
            }
            while index + 8 <= count
                && base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < count else { break }
            let lead = base.load(fromByteOffset: index, as: UInt8.self)
            if lead < 0x80 {
                index += 1
                continue
            }
            // Allowed range of the second byte depends on the lead byte (Unicode table 3-7).
            let length: Int
            var secondLow: UInt8 = 0x80
            var secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondHigh = 0x9F
            case 0xF0: length = 4; secondLow = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondHigh = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = base.load(fromByteOffset: index + 1, as: UInt8.self)
            guard second >= secondLow && second <= secondHigh else { return index }
            for continuation in 2..<length {
                let byte = base.load(fromByteOffset: index + continuation, as: UInt8.self)
                guard byte & 0xC0 == 0x80 else { return index }
            }
            index += length
        }
        return nil
    }
}
