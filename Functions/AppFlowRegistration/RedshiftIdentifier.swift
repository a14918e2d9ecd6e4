/// A Redshift database, schema, table or column name that may go into DDL: 1 to 127 bytes of lower-case ASCII
/// letters, digits and `_`, not starting with a digit, and (for schemas) not in the reserved `pg_` namespace.
/// Anything else (quotes, semicolons, spaces, unicode, upper case that Redshift would fold) is refused, and the
/// name is still double-quoted in DDL so a reserved word such as `date` or `user` stays a plain name.
struct RedshiftIdentifier: Sendable, Hashable, CustomStringConvertible {
    let name: String

    init?(_ name: String) {
        guard Self.isValid(name) else { return nil }
        self.name = name
    }

    static let maximumLength = 127

    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...maximumLength).contains(bytes.count), !(48...57).contains(bytes[0]) else { return false }
        return bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") }
    }

    /// Why `name` is refused, for the event error.
    static func problem(with name: String) -> String {
        "\"\(name)\" is not a Redshift identifier (1-\(maximumLength) lower-case letters, digits and _, not starting with a digit)"
    }

    /// `"name"`: safe because the name holds no quote.
    var quoted: String { "\"\(name)\"" }

    var description: String { name }
}
