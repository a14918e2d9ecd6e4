/// The server's version string from the handshake, and the upsert dialect it implies.
public struct MySQLServerVersion: Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var isMariaDB: Bool
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init(_ text: String) {
        self.text = text
        isMariaDB = text.contains("MariaDB")
        // MariaDB announces "5.5.5-10.11.19-MariaDB-..." so that old clients accept it; the real version follows.
        var versionText = Substring(text)
        if isMariaDB, versionText.hasPrefix("5.5.5-") { versionText = versionText.dropFirst(6) }
        let numbers = versionText.prefix { $0.isNumber || $0 == "." }.split(separator: ".").map { Int($0) ?? 0 }
        major = numbers.count > 0 ? numbers[0] : 0
        minor = numbers.count > 1 ? numbers[1] : 0
        patch = numbers.count > 2 ? numbers[2] : 0
    }

    public var description: String { text }

    /// MySQL 8.0.19+ takes `... AS new ON DUPLICATE KEY UPDATE c = new.c` (VALUES() is deprecated from 8.0.20);
    /// older MySQL and every MariaDB take `VALUES(c)`, and MariaDB rejects the row alias (1064).
    public var upsertDialect: UpsertDialect {
        if isMariaDB { return .valuesFunction }
        if (major, minor, patch) >= (8, 0, 19) { return .rowAlias }
        return .valuesFunction
    }
}

/// How an ON DUPLICATE KEY UPDATE clause names the row that was proposed for insertion.
public enum UpsertDialect: Sendable, Equatable {
    /// `INSERT ... VALUES (...) AS new ON DUPLICATE KEY UPDATE c = new.c` (MySQL 8.0.19+).
    case rowAlias
    /// `INSERT ... VALUES (...) ON DUPLICATE KEY UPDATE c = VALUES(c)` (MariaDB, MySQL before 8.0.19).
    case valuesFunction
}
