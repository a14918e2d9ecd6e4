/// AppFlow's own patterns and lengths for the names an event supplies (botocore's `appflow` model: `FlowName`,
/// `FlowDescription`, `ConnectorProfileName`, `EntityName`, `TagKey`, `TagValue`, `BucketPrefix`), checked
/// here so a bad name fails before any call. Java's `\w` and `\s` in those patterns are ASCII-only.
enum AppFlowNamePatterns {
    private static func isWord(_ byte: UInt8) -> Bool {
        (97...122).contains(byte) || (65...90).contains(byte) || (48...57).contains(byte) || byte == UInt8(ascii: "_")
    }
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || (9...13).contains(byte) }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isWord(byte) && byte != UInt8(ascii: "_") }
    private static func allowed(_ extra: String) -> (UInt8) -> Bool {
        let set = Set(extra.utf8)
        return { isWord($0) || set.contains($0) }
    }

    /// `[a-zA-Z0-9][\w!@#.-]+`, at most `maxLength` (256 for a whole flow name).
    static func flowNameProblem(_ name: String, maxLength: Int = 256) -> String? {
        let bytes = Array(name.utf8)
        guard (2...maxLength).contains(bytes.count), isAlphanumeric(bytes[0]), bytes.dropFirst().allSatisfy(allowed("!@#.-"))
        else {
            return "\"\(name)\" is not an AppFlow flow name (2-\(maxLength) characters: a letter or digit, then letters, digits, _ ! @ # . -)"
        }
        return nil
    }

    /// `[\w!@#\-.?,\s]*`, at most 2048.
    static func descriptionProblem(_ text: String) -> String? {
        let check = allowed("!@#-.?,")
        guard text.utf8.count <= 2048, text.utf8.allSatisfy({ check($0) || isSpace($0) }) else {
            return "a flow description is at most 2048 characters of ASCII letters, digits, spaces and _ ! @ # - . ? ,"
        }
        return nil
    }

    /// `[\w/!@#+=.-]+`, at most 256.
    static func connectorProfileProblem(_ name: String) -> String? {
        guard (1...256).contains(name.utf8.count), name.utf8.allSatisfy(allowed("/!@#+=.-")) else {
            return "\"\(name)\" is not an AppFlow connector profile name (1-256 letters, digits and _ / ! @ # + = . -)"
        }
        return nil
    }

    /// `\S+`, at most 1024; control characters are refused as well.
    static func entityProblem(_ name: String) -> String? {
        guard (1...1024).contains(name.utf8.count), name.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value != 127 }) else {
            return "an entity path is 1-1024 characters without spaces or control characters"
        }
        return nil
    }

    /// `^(?!aws:)[a-zA-Z+-=._:/]+$`, 1 to 128 (`+-=` is the range from `+` to `=`, which takes in digits).
    static func tagKeyProblem(_ key: String) -> String? {
        let ok = key.utf8.allSatisfy { byte in
            (97...122).contains(byte) || (65...90).contains(byte) || (0x2B...0x3D).contains(byte) || byte == UInt8(ascii: "_")
        }
        guard (1...128).contains(key.utf8.count), ok, !key.hasPrefix("aws:") else {
            return "\"\(key)\" is not a tag key (1-128 letters, digits and + - = . _ : /, not starting with aws:)"
        }
        return nil
    }

    /// `[\s\w+-=\.:/@]*`, at most 256.
    static func tagValueProblem(_ value: String) -> String? {
        let ok = value.utf8.allSatisfy { byte in
            isWord(byte) || isSpace(byte) || (0x2B...0x3D).contains(byte) || byte == UInt8(ascii: "@")
        }
        guard value.utf8.count <= 256, ok else {
            return "a tag value is at most 256 letters, digits, spaces and + - = . _ : / @"
        }
        return nil
    }

    /// An S3 key prefix for AppFlow (at most 512) that stays inside its bucket: printable ASCII, no `..` segment,
    /// no leading `/`.
    static func bucketPrefixProblem(_ prefix: String) -> String? {
        let printable = prefix.utf8.allSatisfy { (33...126).contains($0) }
        let segments = prefix.split(separator: "/", omittingEmptySubsequences: false)
        guard prefix.utf8.count <= 512, printable, !prefix.hasPrefix("/"), !segments.contains(where: { $0 == ".." || $0 == "." })
        else {
            return "\"\(prefix)\" is not a key prefix (at most 512 printable ASCII characters, no spaces, no leading /, no . or .. segment)"
        }
        return nil
    }
}
