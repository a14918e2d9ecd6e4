import ProtocolBuffers

/// A record aggregated by the Kinesis Producer Library: many user records in one Kinesis record.
///
/// Format (awslabs/amazon-kinesis-producer, aggregation-format.md): the magic bytes `F3 89 9A C2`, a protobuf
/// `AggregatedRecord`, and the 16-byte MD5 of the protobuf bytes.
///
///     message AggregatedRecord {
///       repeated string partition_key_table     = 1;
///       repeated string explicit_hash_key_table = 2;
///       repeated Record records                 = 3;
///     }
///     message Record {
///       required uint64 partition_key_index     = 1;
///       optional uint64 explicit_hash_key_index = 2;
///       required bytes  data                    = 3;
///       repeated Tag    tags                    = 4;
///     }
///
/// Parsing is strict: a wrong checksum, a malformed or truncated field, a wrong wire type for a known field, a
/// required field missing or a singular one repeated, a table index out of range, or no records at all makes the
/// whole aggregate unusable. Unknown fields are skipped by wire type, as protobuf requires. The KPL's own
/// de-aggregators treat a record that fails these checks as a plain record; here such a record could never be a
/// web event (it starts with the magic bytes), so it is rejected with the reason instead.
public struct KPLAggregate: Sendable, Equatable {
    public static let magic: [UInt8] = [0xF3, 0x89, 0x9A, 0xC2]
    static let digestLength = 16

    /// One user record: where its data lies in the aggregate's bytes, and its table indices.
    public struct UserRecord: Sendable, Equatable {
        public let partitionKeyIndex: UInt64
        public let explicitHashKeyIndex: UInt64?
        public let data: Range<Int>
    }

    /// Why an aggregate cannot be read, and at which byte of the record (counting the magic bytes).
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let reason: String
        public let offset: Int
        public var description: String { "\(reason) (byte offset \(offset))" }
    }

    /// The record's bytes, magic and checksum included; `UserRecord.data` ranges index into them.
    public let bytes: [UInt8]
    public let partitionKeyCount: Int
    public let explicitHashKeyCount: Int
    /// In aggregate order: a record's index is its sub-sequence number.
    public let records: [UserRecord]

    /// Whether `payload` starts with the magic bytes (and so must be read as an aggregate).
    public static func hasMagic(_ payload: [UInt8]) -> Bool {
        payload.count >= 4 && payload[0] == 0xF3 && payload[1] == 0x89 && payload[2] == 0x9A && payload[3] == 0xC2
    }

    /// Reads the aggregate without checking its MD5 trailer (`init(_:)` checks it first). Separate so the
    /// fuzzer can reach the protobuf reader, which a checksum would otherwise shield from random input.
    init(unverified bytes: [UInt8]) throws(Problem) {
        guard Self.hasMagic(bytes) else { throw Problem(reason: "the KPL magic bytes F3 89 9A C2 are missing", offset: 0) }
        guard bytes.count >= Self.magic.count + Self.digestLength else {
            throw Problem(reason: "aggregate of \(bytes.count) bytes is too short for the magic bytes and the MD5 trailer", offset: bytes.count)
        }
        let body = Self.protobufRange(bytes)
        self.bytes = bytes

        var partitionKeys = 0
        var explicitHashKeys = 0
        var records: [UserRecord] = []
        do throws(ProtobufReader.Problem) {
            var reader = ProtobufReader(bytes, range: body)
            while !reader.isAtEnd {
                let start = reader.offset
                let (number, wireType) = try reader.field()
                switch number {
                case 1, 2, 3:
                    guard wireType == .lengthDelimited else {
                        throw ProtobufReader.Problem(reason: "AggregatedRecord field \(number) has wire type \(wireType.name), expected length-delimited", offset: start)
                    }
                    let value = try reader.lengthDelimited()
                    if number == 1 { partitionKeys += 1 } else if number == 2 { explicitHashKeys += 1 } else {
                        records.append(try Self.userRecord(bytes, value, index: records.count))
                    }
                default:
                    try reader.skip(wireType, number: number)
                }
            }
        } catch {
            throw Problem(reason: "bad protobuf: \(error.reason)", offset: error.offset)
        }
        guard !records.isEmpty else { throw Problem(reason: "aggregate holds no user records", offset: body.upperBound) }
        for (index, record) in records.enumerated() {
            guard record.partitionKeyIndex < UInt64(partitionKeys) else {
                throw Problem(
                    reason: "record \(index): partition_key_index \(record.partitionKeyIndex) is out of range (table of \(partitionKeys))",
                    offset: record.data.lowerBound)
            }
            if let hashKey = record.explicitHashKeyIndex, hashKey >= UInt64(explicitHashKeys) {
                throw Problem(
                    reason: "record \(index): explicit_hash_key_index \(hashKey) is out of range (table of \(explicitHashKeys))",
                    offset: record.data.lowerBound)
            }
        }
        partitionKeyCount = partitionKeys
        explicitHashKeyCount = explicitHashKeys
        self.records = records
    }

    /// The protobuf message between the magic bytes and the MD5 trailer.
    static func protobufRange(_ bytes: [UInt8]) -> Range<Int> { magic.count..<(bytes.count - digestLength) }

    /// One `Record` message.
    private static func userRecord(_ bytes: [UInt8], _ range: Range<Int>, index: Int) throws(ProtobufReader.Problem) -> UserRecord {
        var reader = ProtobufReader(bytes, range: range)
        var partitionKey: UInt64?
        var hashKey: UInt64?
        var data: Range<Int>?
        while !reader.isAtEnd {
            let start = reader.offset
            let (number, wireType) = try reader.field()
            func expect(_ type: ProtobufReader.WireType, seen: Bool) throws(ProtobufReader.Problem) {
                guard wireType == type else {
                    throw ProtobufReader.Problem(
                        reason: "record \(index): field \(number) has wire type \(wireType.name), expected \(type.name)", offset: start)
                }
                guard !seen else { throw ProtobufReader.Problem(reason: "record \(index): field \(number) appears twice", offset: start) }
            }
            switch number {
            case 1:
                try expect(.varint, seen: partitionKey != nil)
                partitionKey = try reader.varint()
            case 2:
                try expect(.varint, seen: hashKey != nil)
                hashKey = try reader.varint()
            case 3:
                try expect(.lengthDelimited, seen: data != nil)
                data = try reader.lengthDelimited()
            case 4:
                try expect(.lengthDelimited, seen: false)
                _ = try reader.lengthDelimited()
            default:
                try reader.skip(wireType, number: number)
            }
        }
        guard let partitionKey else {
            throw ProtobufReader.Problem(reason: "record \(index): required partition_key_index is missing", offset: range.lowerBound)
        }
        guard let data else { throw ProtobufReader.Problem(reason: "record \(index): required data is missing", offset: range.lowerBound) }
        return UserRecord(partitionKeyIndex: partitionKey, explicitHashKeyIndex: hashKey, data: data)
    }
}
