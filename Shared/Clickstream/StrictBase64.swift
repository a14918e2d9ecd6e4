/// Base64 (RFC 4648 §4, the standard alphabet) as Kinesis delivers record data: whole four-character groups,
/// with padding only at the end. Decodes straight from the event's UTF-8 bytes, where `Data(base64Encoded:)`
/// would go through a bridged copy, and refuses what Foundation lets through (`SG=k`, `====`, `SGk==`).
/// Unused bits in the last group are ignored, as RFC 4648 allows.
enum StrictBase64 {
    /// The decoded bytes, or nil when `text` is not base64.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = text.count
        guard count % 4 == 0 else { return nil }
        guard count > 0 else { return [] }
        var padding = 0
        if text[count - 1] == UInt8(ascii: "=") { padding = text[count - 2] == UInt8(ascii: "=") ? 2 : 1 }
        let outputCount = count / 4 * 3 - padding
        var valid = true
        let output = [UInt8](unsafeUninitializedCapacity: outputCount) { buffer, initialized in
            let table = Self.values
            var input = 0
            var output = 0
            // Whole groups before the last one: four characters, three bytes.
            while input + 4 < count {
                let a = table[Int(text[input])], b = table[Int(text[input + 1])]
                let c = table[Int(text[input + 2])], d = table[Int(text[input + 3])]
                if (a | b | c | d) & 0x80 != 0 {
                    valid = false
                    break
                }
                let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                buffer[output] = UInt8(truncatingIfNeeded: word >> 16)
                buffer[output + 1] = UInt8(truncatingIfNeeded: word >> 8)
                buffer[output + 2] = UInt8(truncatingIfNeeded: word)
                input += 4
                output += 3
            }
            if valid {
                // The last group, where the padding may be.
                let a = table[Int(text[input])], b = table[Int(text[input + 1])]
                let c = padding == 2 ? 0 : table[Int(text[input + 2])]
                let d = padding >= 1 ? 0 : table[Int(text[input + 3])]
                if (a | b | c | d) & 0x80 != 0 {
                    valid = false
                } else {
                    let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    buffer[output] = UInt8(truncatingIfNeeded: word >> 16)
                    if padding < 2 { buffer[output + 1] = UInt8(truncatingIfNeeded: word >> 8) }
                    if padding < 1 { buffer[output + 2] = UInt8(truncatingIfNeeded: word) }
                }
            }
            initialized = valid ? outputCount : 0
        }
        return valid ? output : nil
    }

    /// The value of each base64 character; 0xFF for every other byte, '=' included.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()
}
