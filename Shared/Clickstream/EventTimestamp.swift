import LambdaEvents

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads an event's time from what producers send: epoch seconds, epoch milliseconds (as numbers or numeric
/// strings, told apart by magnitude) or ISO-8601 / RFC 3339 text. Times outside a window around the record's
/// arrival are rejected, so a unit mistake (microseconds, a year typed wrong) cannot open a partition in 1970 or
/// 2500. The window is relative to the arrival time, not the clock, so a retry decides exactly as the first try.
public struct EventTimestampRule: Sendable, Equatable {
    /// Values at or above this are milliseconds, below it seconds: 10^11 seconds is the year 5138, 10^11
    /// milliseconds is March 1973, so no real time is ambiguous.
    public static let millisecondsThreshold = 100_000_000_000.0

    /// How far before its arrival an event may have happened.
    public var maximumAgeMilliseconds: Int64
    /// How far after its arrival an event may claim to have happened (client clocks run ahead).
    public var maximumLeadMilliseconds: Int64

    public init(maximumAgeMilliseconds: Int64 = 30 * 86_400_000, maximumLeadMilliseconds: Int64 = 3_600_000) {
        self.maximumAgeMilliseconds = maximumAgeMilliseconds
        self.maximumLeadMilliseconds = maximumLeadMilliseconds
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case unreadable(String)
        case outsideWindow(timeMilliseconds: Int64, arrivalMilliseconds: Int64)

        public var description: String {
            switch self {
            case .unreadable(let text):
                return "\"\(text.prefix(64))\" is not epoch seconds, epoch milliseconds or an ISO-8601 time"
            case .outsideWindow(let time, let arrival):
                return "\(Self.iso(time)) is outside the accepted window around the arrival time \(Self.iso(arrival))"
            }
        }

        private static func iso(_ milliseconds: Int64) -> String {
            guard abs(milliseconds) < 253_402_300_800_000 else { return "\(milliseconds) ms" }
            return RFC3339Timestamp.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000), milliseconds: true)
        }
    }

    /// A numeric value (source text of a JSON number or a numeric string) in seconds or milliseconds.
    public func milliseconds(number text: Substring, arrivalMilliseconds: Int64) throws(Problem) -> Int64 {
        guard let value = Double(text), value.isFinite else { throw .unreadable(String(text)) }
        let scaled = abs(value) >= Self.millisecondsThreshold ? value : value * 1000
        guard abs(scaled) < 9.0e15 else { throw .unreadable(String(text)) }
        return try checked(Int64(scaled.rounded()), arrivalMilliseconds: arrivalMilliseconds)
    }

    /// Text: a number, or `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`; a space may stand for the `T`, and a time
    /// without zone is read as UTC (what producers that omit it send in practice).
    public func milliseconds(text raw: String, arrivalMilliseconds: Int64) throws(Problem) -> Int64 {
        let text = raw.trimmingASCIIWhitespace()
        if !text.contains(":"), Double(text) != nil {
            return try milliseconds(number: Substring(text), arrivalMilliseconds: arrivalMilliseconds)
        }
        var bytes = Array(text.utf8)
        if bytes.count > 10, bytes[10] == UInt8(ascii: " ") { bytes[10] = UInt8(ascii: "T") }
        var candidate = String(decoding: bytes, as: UTF8.self)
        if !Self.hasZone(bytes) { candidate += "Z" }
        guard let date = RFC3339Timestamp.parse(candidate) else { throw .unreadable(raw) }
        return try checked(Int64((date.timeIntervalSince1970 * 1000).rounded()), arrivalMilliseconds: arrivalMilliseconds)
    }

    private func checked(_ milliseconds: Int64, arrivalMilliseconds: Int64) throws(Problem) -> Int64 {
        guard milliseconds >= arrivalMilliseconds - maximumAgeMilliseconds,
            milliseconds <= arrivalMilliseconds + maximumLeadMilliseconds
        else { throw .outsideWindow(timeMilliseconds: milliseconds, arrivalMilliseconds: arrivalMilliseconds) }
        return milliseconds
    }

    /// Whether ISO text ends in `Z` or an offset after the time part (position 19 on).
    private static func hasZone(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 19 else { return false }
        return bytes[19...].contains { $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "z") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return self }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isSpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return String(self[start..<end])
    }
}
