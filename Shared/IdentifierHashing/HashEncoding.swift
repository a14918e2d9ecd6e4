/// How the 32 digest bytes are written in the hashed column.
public enum HashEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
    /// 64 lowercase hexadecimal digits (Python `hashlib.sha256(…).hexdigest()`).
    case hex
    /// 44 characters of standard Base64 with `=` padding, of the raw digest bytes — not of the hex text
    /// (uid2docs "Email Address Hash Encoding"; Python `base64.b64encode(hashlib.sha256(…).digest())`).
    case base64

    public var description: String { rawValue }

    /// Length of an encoded 32-byte digest.
    var encodedLength: Int { self == .hex ? 64 : 44 }

    /// The encoded digest as a String: one allocation, no Foundation formatting.
    func encode(_ digest: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: encodedLength) { output in
            switch self {
            case .hex: Self.writeHex(digest, into: output)
            case .base64: Self.writeBase64(digest, into: output)
            }
        }
    }

    private static let hexDigits: StaticString = "0123456789abcdef"
    private static let base64Alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    private static func writeHex(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        hexDigits.withUTF8Buffer { digits in
            for (index, byte) in bytes.enumerated() {
                output[2 * index] = digits[Int(byte >> 4)]
                output[2 * index + 1] = digits[Int(byte & 0x0F)]
            }
        }
        return bytes.count * 2
    }

    private static func writeBase64(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        base64Alphabet.withUTF8Buffer { alphabet in
            var written = 0
            var index = 0
            while index < bytes.count {
                let first = UInt32(bytes[index])
                let second = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
                let third = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
                let group = first << 16 | second << 8 | third
                output[written] = alphabet[Int(group >> 18 & 0x3F)]
                output[written + 1] = alphabet[Int(group >> 12 & 0x3F)]
                output[written + 2] = index + 1 < bytes.count ? alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "=")
                output[written + 3] = index + 2 < bytes.count ? alphabet[Int(group & 0x3F)] : UInt8(ascii: "=")
                written += 4
                index += 3
            }
            return written
        }
    }
}
