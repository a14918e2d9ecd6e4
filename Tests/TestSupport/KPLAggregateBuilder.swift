import Crypto

/// Builds records in the Kinesis Producer Library's aggregation format (magic bytes, protobuf
/// `AggregatedRecord`, MD5 of the protobuf) for tests, field by field, so tests can also build broken ones.
public enum KPLAggregateBuilder {
    public struct UserRecord: Sendable {
        public var partitionKeyIndex: UInt64
        public var explicitHashKeyIndex: UInt64?
        public var data: [UInt8]

        public init(partitionKeyIndex: UInt64 = 0, explicitHashKeyIndex: UInt64? = nil, data: [UInt8]) {
            self.partitionKeyIndex = partitionKeyIndex
            self.explicitHashKeyIndex = explicitHashKeyIndex
            self.data = data
        }
    }

    /// An aggregate of `payloads`, all under the partition key "pk".
    public static func aggregate(_ payloads: [[UInt8]]) -> [UInt8] {
        aggregate(partitionKeys: ["pk"], records: payloads.map { UserRecord(data: $0) })
    }

    public static func aggregate(partitionKeys: [String], explicitHashKeys: [String] = [], records: [UserRecord]) -> [UInt8] {
        frame(protobuf(partitionKeys: partitionKeys, explicitHashKeys: explicitHashKeys, records: records))
    }

    /// The `AggregatedRecord` message alone.
    public static func protobuf(partitionKeys: [String], explicitHashKeys: [String] = [], records: [UserRecord]) -> [UInt8] {
        var message: [UInt8] = []
        for key in partitionKeys { appendBytes(1, Array(key.utf8), to: &message) }
        for key in explicitHashKeys { appendBytes(2, Array(key.utf8), to: &message) }
        for record in records {
            var inner: [UInt8] = []
            appendVarint(1 << 3, to: &inner)
            appendVarint(record.partitionKeyIndex, to: &inner)
            if let hashKey = record.explicitHashKeyIndex {
                appendVarint(2 << 3, to: &inner)
                appendVarint(hashKey, to: &inner)
            }
            appendBytes(3, record.data, to: &inner)
            appendBytes(3, inner, to: &message)
        }
        return message
    }

    /// Magic bytes, the message, and its MD5.
    public static func frame(_ protobuf: [UInt8]) -> [UInt8] {
        [0xF3, 0x89, 0x9A, 0xC2] + protobuf + Array(Insecure.MD5.hash(data: protobuf))
    }

    public static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A length-delimited field.
    public static func appendBytes(_ field: UInt64, _ value: [UInt8], to bytes: inout [UInt8]) {
        appendVarint(field << 3 | 2, to: &bytes)
        appendVarint(UInt64(value.count), to: &bytes)
        bytes += value
    }
}
