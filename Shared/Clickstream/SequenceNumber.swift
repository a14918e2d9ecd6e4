/// A Kinesis sequence number: decimal text of up to 128 digits, ordered numerically. Kept as text because it
/// does not fit any integer type; validated because it ends up in object keys.
public struct SequenceNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let text: String

    /// Nil unless `text` is 1 to 128 ASCII digits without leading zeros (or exactly "0").
    public init?(_ text: String) {
        var text = text
        let valid = text.withUTF8 { digits in
            guard (1...128).contains(digits.count), digits.count == 1 || digits[0] != UInt8(ascii: "0") else { return false }
            for digit in digits where digit &- UInt8(ascii: "0") >= 10 { return false }
            return true
        }
        guard valid else { return nil }
        self.text = text
    }

    public var description: String { text }

    public static func < (lhs: SequenceNumber, rhs: SequenceNumber) -> Bool {
        let left = lhs.text.utf8.count
        let right = rhs.text.utf8.count
        return left != right ? left < right : lhs.text < rhs.text
    }
}

/// A Kinesis shard id as Lambda reports it (`shardId-000000000000`); validated because it ends up in object keys.
public enum ShardID {
    /// 1 to 128 characters of letters, digits, `-`, `_` and `.`, not starting with `.`.
    public static func isValid(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard (1...128).contains(utf8.count), utf8.first != UInt8(ascii: ".") else { return false }
        return utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}
