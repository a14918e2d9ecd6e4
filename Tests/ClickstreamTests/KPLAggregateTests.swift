import Foundation
import Testing
import TestSupport

@testable import Clickstream
import ProtocolBuffers

struct KPLAggregateTests {
    struct GoldenVector: Decodable {
        struct Record: Decodable {
            let partition_key: String
            let explicit_hash_key: String?
            let data_base64: String
        }
        let name: String
        let aggregate_base64: String
        let records: [Record]
    }

    /// Aggregates made by AWS's Python aggregation library (scripts/clickstream/kpl_vectors.py).
    static func goldenVectors() throws -> [GoldenVector] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/kpl-aggregates.json")
        return try JSONDecoder().decode([GoldenVector].self, from: Data(contentsOf: url))
    }

    /// The table entries the library wrote, in the order it wrote them (each distinct key once).
    static func table(_ bytes: [UInt8], field: UInt64) throws -> [String] {
        var reader = ProtobufReader(bytes, range: KPLAggregate.protobufRange(bytes))
        var entries: [String] = []
        while !reader.isAtEnd {
            let (number, wireType) = try reader.field()
            if number == field {
                entries.append(String(decoding: bytes[try reader.lengthDelimited()], as: UTF8.self))
            } else {
                try reader.skip(wireType)
            }
        }
        return entries
    }

    @Test func theGoldenAggregatesOfTheKPLLibraryReadBackRecordByRecord() throws {
        let vectors = try Self.goldenVectors()
        #expect(vectors.map(\.name) == ["single", "many", "odd-payloads"])
        for vector in vectors {
            let bytes = [UInt8](try #require(Data(base64Encoded: vector.aggregate_base64)))
            let aggregate = try KPLAggregate(bytes)
            #expect(aggregate.records.count == vector.records.count, "\(vector.name)")
            let partitionKeys = try Self.table(bytes, field: 1)
            let hashKeys = try Self.table(bytes, field: 2)
            #expect(aggregate.partitionKeyCount == partitionKeys.count)
            #expect(aggregate.explicitHashKeyCount == hashKeys.count)
            for (record, expected) in zip(aggregate.records, vector.records) {
                #expect(Data(bytes[record.data]) == Data(base64Encoded: expected.data_base64), "\(vector.name)")
                #expect(partitionKeys[Int(record.partitionKeyIndex)] == expected.partition_key)
                #expect(record.explicitHashKeyIndex.map { hashKeys[Int($0)] } == expected.explicit_hash_key)
            }
        }
    }

    @Test func aSwiftBuiltAggregateReadsBack() throws {
        let bytes = KPLAggregateBuilder.aggregate(
            partitionKeys: ["a", "b"], explicitHashKeys: ["42"],
            records: [.init(partitionKeyIndex: 1, data: [1, 2, 3]), .init(partitionKeyIndex: 0, explicitHashKeyIndex: 0, data: [])])
        let aggregate = try KPLAggregate(bytes)
        #expect(aggregate.records.map { Array(bytes[$0.data]) } == [[1, 2, 3], []])
        #expect(aggregate.records.map(\.partitionKeyIndex) == [1, 0])
        #expect(aggregate.records.map(\.explicitHashKeyIndex) == [nil, 0])
    }

    @Test func unknownFieldsAreSkippedByWireType() throws {
        var message = KPLAggregateBuilder.protobuf(partitionKeys: ["p"], records: [.init(data: [7])])
        // field 9 varint, field 10 fixed64, field 11 fixed32, field 12 bytes
        message += [0x48, 0x96, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 0x5D, 1, 2, 3, 4, 0x62, 0x01, 0x00]
        let aggregate = try KPLAggregate(KPLAggregateBuilder.frame(message))
        #expect(aggregate.records.count == 1)
    }

    func problem(_ bytes: [UInt8]) -> KPLAggregate.Problem? {
        do { _ = try KPLAggregate(bytes); return nil } catch { return error }
    }

    @Test func aWrongChecksumIsRefusedWithItsOffset() throws {
        var bytes = KPLAggregateBuilder.aggregate([Array("{}".utf8)])
        bytes[bytes.count - 1] ^= 0x01
        #expect(problem(bytes) == KPLAggregate.Problem(
            reason: "MD5 trailer does not match the protobuf bytes 4..<\(bytes.count - 16)", offset: bytes.count - 16))
        var body = KPLAggregateBuilder.aggregate([Array("{}".utf8)])
        body[8] ^= 0x20
        #expect(problem(body)?.reason.hasPrefix("MD5 trailer does not match") == true)
    }

    @Test(arguments: [
        // (message, expected reason, offset in the framed record)
        ([0x0A, 0x01, 0x70, 0x1A, 0x05, 0x08, 0x01, 0x1A, 0x01, 0x41] as [UInt8],
         "record 0: partition_key_index 1 is out of range (table of 1)", 13),
        ([0x0A, 0x01, 0x70, 0x1A, 0x07, 0x08, 0x00, 0x10, 0x00, 0x1A, 0x01, 0x41],
         "record 0: explicit_hash_key_index 0 is out of range (table of 0)", 15),
        ([0x0A, 0x01, 0x70], "aggregate holds no user records", 7),
        ([], "aggregate holds no user records", 4),
        ([0x0A, 0x01, 0x70, 0x1A, 0x03, 0x1A, 0x01, 0x41], "bad protobuf: record 0: required partition_key_index is missing", 9),
        ([0x0A, 0x01, 0x70, 0x1A, 0x02, 0x08, 0x00], "bad protobuf: record 0: required data is missing", 9),
        ([0x0A, 0x01, 0x70, 0x1A, 0x07, 0x08, 0x00, 0x08, 0x00, 0x1A, 0x01, 0x41], "bad protobuf: record 0: field 1 appears twice", 11),
        ([0x0A, 0x01, 0x70, 0x1A, 0x05, 0x0A, 0x00, 0x1A, 0x01, 0x41],
         "bad protobuf: record 0: field 1 has wire type length-delimited, expected varint", 9),
        ([0x08, 0x01], "bad protobuf: AggregatedRecord field 1 has wire type varint, expected length-delimited", 4),
        ([0x0A, 0x05, 0x70], "bad protobuf: length 5 runs past the end of its message (1 bytes left)", 5),
        ([0x0A, 0x01, 0x70, 0x1A, 0x05, 0x08, 0x00, 0x1A, 0x09, 0x41],
         "bad protobuf: length 9 runs past the end of its message (1 bytes left)", 12),
        ([0x0E], "bad protobuf: field 1 has unsupported wire type 6", 4),
    ] as [([UInt8], String, Int)])
    func aBrokenMessageIsRefusedNamingTheProblemAndTheByte(message: [UInt8], reason: String, offset: Int) {
        #expect(problem(KPLAggregateBuilder.frame(message)) == KPLAggregate.Problem(reason: reason, offset: offset))
    }

    @Test func framingProblemsAreNamed() {
        #expect(problem([0xF3, 0x89, 0x9A, 0xC2, 0x00])?.reason == "aggregate of 5 bytes is too short for the magic bytes and the MD5 trailer")
        #expect(problem(Array("{}".utf8))?.reason == "the KPL magic bytes F3 89 9A C2 are missing")
        #expect(KPLAggregate.Problem(reason: "x", offset: 3).description == "x (byte offset 3)")
    }
}
