/// What one normalization rule did with a value: wrote `count` bytes to the output, found nothing to normalize,
/// or refused. Internal to the rules; callers see `NormalizationResult` and `HashedIdentifier`.
enum NormalizationStep: Equatable {
    case written(Int)
    case empty
    case refused(NormalizationRefusal)
}

/// Byte helpers shared by the rules. Everything works on UTF-8 bytes in caller-provided buffers, so normalizing
/// a value allocates nothing.
enum ASCII {
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    /// The value without ASCII whitespace at either end (Python's `str.strip()` on ASCII input).
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        trimmed(bytes, where: isWhitespace)
    }

    /// Java's `String.trim()`: every code point up to U+0020 removed from both ends.
    static func javaTrimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        trimmed(bytes) { $0 <= 0x20 }
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, where strip: (UInt8) -> Bool) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, strip(bytes[start]) { start += 1 }
        while end > start, strip(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}
