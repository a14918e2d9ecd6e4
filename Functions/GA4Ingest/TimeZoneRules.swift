#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GA4

/// A time zone's UTC offsets, read from the system's compiled tz database (TZif files, RFC 8536): GA4 counts
/// days in the property's reporting time zone, and the Lambda binary carries no ICU time zone data.
struct TimeZoneRules: Sendable, Equatable {
    /// Transition instants (Unix seconds, ascending) and the offset (seconds east of UTC) from each on.
    let transitions: [Int64]
    let offsetsAfter: [Int32]
    /// The offset before the first transition.
    let initialOffset: Int32
    /// The POSIX TZ rule for instants after the last transition (the file's footer), if any.
    let footer: PosixTimeZoneRule?

    static let utc = TimeZoneRules(transitions: [], offsetsAfter: [], initialOffset: 0, footer: nil)

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// `UTC` (or `Etc/UTC`, `GMT`) needs no file; other names are read from `$TZDIR` or `/usr/share/zoneinfo`.
    static func load(_ name: String, directory: String? = nil) throws(LoadError) -> TimeZoneRules {
        if ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z"].contains(name) { return .utc }
        // An IANA name is Area/Location made of letters, digits, `_`, `-`, `+`; nothing that walks the tree.
        let isSafe = !name.isEmpty && name.utf8.count <= 64 && !name.hasPrefix("/")
            && name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part != "." && part != ".."
                    && part.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || "_-+".unicodeScalars.contains($0) }
            }
        guard isSafe else { throw LoadError(description: "\"\(name)\" is not an IANA time zone name such as America/Los_Angeles") }
        let base = directory ?? ProcessInfo.processInfo.environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
        let path = "\(base)/\(name)"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "time zone \"\(name)\" is unknown: \(path) cannot be read")
        }
        do {
            return try parse([UInt8](data))
        } catch {
            throw LoadError(description: "time zone file \(path): \(error.description)")
        }
    }

    /// Reads a TZif file, using the 64-bit block of version 2 and later files.
    static func parse(_ bytes: [UInt8]) throws(LoadError) -> TimeZoneRules {
        var reader = TZifReader(bytes: bytes)
        let header = try reader.header()
        guard header.version >= 2 else {
            return try reader.block(header, timeSize: 4, footer: nil)
        }
        reader.skip(header.blockSize(timeSize: 4))
        let second = try reader.header()
        let start = reader.position
        reader.skip(second.blockSize(timeSize: 8))
        let footer = try reader.footer()
        reader.position = start
        return try reader.block(second, timeSize: 8, footer: footer)
    }

    /// Seconds east of UTC at the given instant.
    func offset(atUnixSeconds time: Int64) -> Int32 {
        if let last = transitions.last, time >= last, let footer { return footer.offset(atUnixSeconds: time) }
        if transitions.isEmpty, let footer { return footer.offset(atUnixSeconds: time) }
        // The last transition at or before `time`.
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? initialOffset : offsetsAfter[low - 1]
    }

    /// The calendar date at the given instant in this zone.
    func localDate(atUnixSeconds time: Int64) -> CivilDate {
        let local = time + Int64(offset(atUnixSeconds: time))
        return CivilDate(daysSinceEpoch: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
    }
}

/// Reads the parts of a TZif file.
private struct TZifReader {
    struct Header {
        var version: Int
        var isUTCCount, isStandardCount, leapCount, timeCount, typeCount, charCount: Int

        func blockSize(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4) + isStandardCount + isUTCCount
        }
    }

    let bytes: [UInt8]
    var position = 0

    mutating func skip(_ count: Int) { position += count }

    mutating func header() throws(TimeZoneRules.LoadError) -> Header {
        guard position + 44 <= bytes.count, Array(bytes[position..<position + 4]) == Array("TZif".utf8) else {
            throw TimeZoneRules.LoadError(description: "not a TZif file (no TZif header at byte \(position))")
        }
        let versionByte = bytes[position + 4]
        let version = versionByte == 0 ? 1 : Int(versionByte) - 48
        position += 20
        var counts: [Int] = []
        for _ in 0..<6 { counts.append(Int(try uint32())) }
        return Header(version: version, isUTCCount: counts[0], isStandardCount: counts[1], leapCount: counts[2],
            timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
    }

    mutating func block(_ header: Header, timeSize: Int, footer: PosixTimeZoneRule?) throws(TimeZoneRules.LoadError) -> TimeZoneRules {
        guard header.typeCount > 0, position + header.blockSize(timeSize: timeSize) <= bytes.count else {
            throw TimeZoneRules.LoadError(description: "truncated data block")
        }
        var times: [Int64] = []
        for _ in 0..<header.timeCount {
            times.append(timeSize == 8 ? Int64(bitPattern: try uint64()) : Int64(Int32(bitPattern: try uint32())))
        }
        var indices: [Int] = []
        for _ in 0..<header.timeCount {
            indices.append(Int(bytes[position]))
            position += 1
        }
        var offsets: [Int32] = []
        for _ in 0..<header.typeCount {
            offsets.append(Int32(bitPattern: try uint32()))
            position += 2
        }
        guard indices.allSatisfy({ $0 < offsets.count }) else {
            throw TimeZoneRules.LoadError(description: "a transition names a local time type that does not exist")
        }
        return TimeZoneRules(transitions: times, offsetsAfter: indices.map { offsets[$0] }, initialOffset: offsets[0], footer: footer)
    }

    /// The newline-enclosed POSIX TZ string after the 64-bit block; empty means none.
    mutating func footer() throws(TimeZoneRules.LoadError) -> PosixTimeZoneRule? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\n") else { return nil }
        guard let end = bytes[(position + 1)...].firstIndex(of: UInt8(ascii: "\n")) else {
            throw TimeZoneRules.LoadError(description: "unterminated footer")
        }
        let text = String(decoding: bytes[(position + 1)..<end], as: UTF8.self)
        return text.isEmpty ? nil : try PosixTimeZoneRule(text)
    }

    private mutating func uint32() throws(TimeZoneRules.LoadError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw TimeZoneRules.LoadError(description: "truncated at byte \(position)") }
        var value: UInt32 = 0
        for byte in bytes[position..<position + 4] { value = value << 8 | UInt32(byte) }
        position += 4
        return value
    }

    private mutating func uint64() throws(TimeZoneRules.LoadError) -> UInt64 {
        let high = UInt64(try uint32())
        return high << 32 | UInt64(try uint32())
    }
}
