import AWS
import Clickstream
import LambdaRuntime

/// A catalog table whose partitions follow its objects: the table name (from configuration, never from a key),
/// the key prefix its data lives under, and how that data is partitioned.
struct PartitionedTable: Sendable, Equatable {
    enum Scheme: String, Sendable {
        /// `year=YYYY/month=MM/day=DD/hour=HH/`
        case hourly
        /// `dt=YYYY-MM-DD/`
        case daily
    }

    let name: String
    /// Ends in `/`.
    let prefix: String
    let scheme: Scheme

    /// Parses `PARTITIONED_TABLES`: comma-separated `table=prefix:scheme`, e.g.
    /// `clickstream_events=events/:hourly,ga4_daily=ga4/curated/:daily`.
    static func parseList(_ text: String, variable: String) throws(ConfigurationError) -> [PartitionedTable] {
        var tables: [PartitionedTable] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters() }) where !entry.isEmpty {
            guard let equals = entry.firstIndex(of: "="), let colon = entry.lastIndex(of: ":"), equals < colon else {
                throw ConfigurationError(variable: variable, problem: "\"\(entry)\" is not of the form table=prefix:hourly|daily")
            }
            let name = String(entry[..<equals])
            var prefix = String(entry[entry.index(after: equals)..<colon])
            let schemeText = String(entry[entry.index(after: colon)...])
            guard GlueIdentifier.isValid(name) else {
                throw ConfigurationError(variable: variable, problem: "table name \"\(name)\" must be lower-case letters, digits and _")
            }
            guard let scheme = Scheme(rawValue: schemeText) else {
                throw ConfigurationError(variable: variable, problem: "scheme \"\(schemeText)\" of \(name) is not hourly or daily")
            }
            if !prefix.hasSuffix("/") { prefix += "/" }
            guard prefix.count > 1, !prefix.hasPrefix("/"), PartitionKeyParser.isSafeKeyText(prefix),
                !prefix.split(separator: "/").contains(where: { $0 == "." || $0 == ".." || $0.isEmpty })
            else {
                throw ConfigurationError(variable: variable, problem: "prefix \"\(prefix)\" of \(name) is not a plain relative key prefix")
            }
            tables.append(PartitionedTable(name: name, prefix: prefix, scheme: scheme))
        }
        guard !tables.isEmpty else { throw ConfigurationError(variable: variable, problem: "names no table") }
        for (index, table) in tables.enumerated() {
            for other in tables[(index + 1)...] where table.prefix.hasPrefix(other.prefix) || other.prefix.hasPrefix(table.prefix) {
                throw ConfigurationError(variable: variable, problem: "prefixes of \(table.name) and \(other.name) overlap")
            }
        }
        return tables
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(self).trimmingASCIISpaces()
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
