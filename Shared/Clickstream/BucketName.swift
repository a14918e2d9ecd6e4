/// S3 general-purpose bucket names: 3 to 63 characters of lower-case letters, digits, `.` and `-`, starting and
/// ending with a letter or digit, no `..`. Checked wherever a bucket name reaches a key, a location or DDL.
public enum BucketName {
    public static func isValid(_ name: String) -> Bool {
        let utf8 = Array(name.utf8)
        guard (3...63).contains(utf8.count) else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard isAlphanumeric(utf8.first!), isAlphanumeric(utf8.last!), !name.contains("..") else { return false }
        return utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }
}
