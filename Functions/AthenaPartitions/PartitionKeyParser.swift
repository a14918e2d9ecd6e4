import Clickstream

/// Reads the partition an object key belongs to, accepting only the exact layout of the table's scheme with
/// values in range. Anything else is skipped with its reason; no part of a key ever reaches DDL except values
/// that passed these checks (and those are rebuilt from numbers, not copied).
struct PartitionKeyParser: Sendable {
    let tables: [PartitionedTable]
    /// Years accepted in partition values.
    static let years = 2000...2199

    enum Outcome: Equatable {
        case partition(table: PartitionedTable, TablePartition)
        /// Under a table prefix, but not a valid data object key of that table.
        case skipped(reason: String)
        /// Not under any configured prefix; not this function's business.
        case unrelated
    }

    /// Characters that have no place in the keys this pipeline writes: quotes, `;`, `\`, backtick, control
    /// characters and anything outside printable ASCII.
    static func isSafeKeyText(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: ";")
                && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "`")
        }
    }

    func parse(key: String) -> Outcome {
        guard let table = tables.first(where: { key.hasPrefix($0.prefix) }) else { return .unrelated }
        guard Self.isSafeKeyText(key) else {
            return .skipped(reason: "key contains a quote, semicolon, backslash, backtick, control or non-ASCII character")
        }
        let segments = key.dropFirst(table.prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0 == ".." || $0 == "." }) else {
            return .skipped(reason: "key has a . or .. segment")
        }
        let expectedDirectories = table.scheme == .hourly ? 4 : 1
        guard segments.count == expectedDirectories + 1 else {
            return .skipped(reason: "expected \(table.scheme == .hourly ? "year=YYYY/month=MM/day=DD/hour=HH" : "dt=YYYY-MM-DD")/<file> under \(table.prefix)")
        }
        let file = segments.last!
        guard !file.isEmpty else { return .skipped(reason: "key names a directory, not an object") }
        guard !file.hasPrefix("_"), !file.hasPrefix(".") else {
            return .skipped(reason: "hidden file (Athena ignores names starting with _ or .)")
        }
        switch table.scheme {
        case .hourly:
            guard let year = Self.number(segments[0], name: "year", digits: 4), let month = Self.number(segments[1], name: "month", digits: 2),
                let day = Self.number(segments[2], name: "day", digits: 2), let hour = Self.number(segments[3], name: "hour", digits: 2)
            else {
                return .skipped(reason: "partition directories must be year=YYYY/month=MM/day=DD/hour=HH with digits only")
            }
            guard Self.years.contains(year) else { return .skipped(reason: "year \(year) is outside \(Self.years.lowerBound)...\(Self.years.upperBound)") }
            guard (0...23).contains(hour) else { return .skipped(reason: "hour \(hour) is outside 00...23") }
            guard let partition = HourPartition(year: year, month: month, day: day, hour: hour) else {
                return .skipped(reason: "\(year)-\(month)-\(day) is not a calendar date")
            }
            return .partition(table: table, TablePartition(value: .hour(partition)))
        case .daily:
            let segment = segments[0]
            let parts = segment.dropFirst(3).split(separator: "-", omittingEmptySubsequences: false)
            guard segment.hasPrefix("dt="), parts.count == 3, let year = Self.digits(parts[0], count: 4),
                let month = Self.digits(parts[1], count: 2), let day = Self.digits(parts[2], count: 2)
            else {
                return .skipped(reason: "partition directory must be dt=YYYY-MM-DD with digits only")
            }
            guard Self.years.contains(year) else { return .skipped(reason: "year \(year) is outside \(Self.years.lowerBound)...\(Self.years.upperBound)") }
            guard let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day) else {
                return .skipped(reason: "\(year)-\(month)-\(day) is not a calendar date")
            }
            return .partition(table: table, TablePartition(value: .day(CivilDate(daysSinceEpoch: days))))
        }
    }

    /// `name=` followed by exactly `digits` ASCII digits.
    private static func number(_ segment: Substring, name: String, digits: Int) -> Int? {
        guard segment.hasPrefix(name + "=") else { return nil }
        return self.digits(segment.dropFirst(name.count + 1), count: digits)
    }

    private static func digits(_ text: Substring, count: Int) -> Int? {
        guard text.utf8.count == count, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(text)
    }
}
