import ProtocolBuffers

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `google.protobuf.Timestamp`: seconds since the Unix epoch and nanoseconds (0…999,999,999) within it.
public struct ProtobufTimestamp: ProtobufMessage, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int64
    public var nanos: Int32

    public init() { self.init(seconds: 0, nanos: 0) }

    public init(seconds: Int64, nanos: Int32 = 0) {
        self.seconds = seconds
        self.nanos = nanos
    }

    /// The instant, truncated to microseconds (BigQuery's resolution).
    public init(_ date: Date) {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded(.down)
        let seconds = (micros / 1_000_000).rounded(.down)
        self.init(seconds: Int64(seconds), nanos: Int32((micros - seconds * 1_000_000) * 1000))
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(nanos) / 1e9) }

    public var description: String { "\(seconds).\(String(nanos + 1_000_000_000).dropFirst())s" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos) }

    public mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        switch (number, wireType) {
        case (1, .varint): seconds = try reader.int64()
        case (2, .varint): nanos = try reader.int32()
        default: return false
        }
        return true
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.varintFieldIfNotDefault(1, seconds)
        writer.varintFieldIfNotDefault(2, Int64(nanos))
    }
}
