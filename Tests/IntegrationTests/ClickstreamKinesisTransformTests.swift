import Clickstream
import Foundation
import Testing
import TestSupport

@testable import AWS

/// KinesisTransform's bootstrap under the Runtime Interface Emulator, writing to moto through the signature-checking
/// proxy; the table is read back by the Python Parquet readers.
@Suite("KinesisTransform end to end", .serialized, .enabled(if: ClickstreamTestSupport.isAvailable, "needs moto and the emulator"))
struct ClickstreamKinesisTransformTests {
    typealias Support = ClickstreamTestSupport

    /// 300 events over three hours, interleaved, in every timestamp form, some gzip-compressed.
    static func cleanRecords(count: Int = 300) -> [Support.SyntheticRecord] {
        (0..<count).map { Support.goodRecord($0, sequence: Support.sequence($0), hour: $0 % 3) }
    }

    @Test func aCleanBatchLandsOncePerHourAndEveryReaderReadsTheInput() async throws {
        let setup = try await Support.makeSetup("clean")
        let emulator = try Support.kinesisTransform(setup)
        defer { emulator.stop() }
        let records = Self.cleanRecords()
        let deliveries = try await Support.deliver(records, batchSize: records.count, to: emulator)
        #expect(deliveries.map(\.reported) == [[]])

        let table = try Support.readTable(bucket: setup.bucket, readers: "pyarrow,duckdb,fastparquet,spark")
        #expect(table.files == [
            "events/year=2024/month=01/day=15/hour=13/shardId-000000000000-\(Support.sequence(0)).snappy.parquet",
            "events/year=2024/month=01/day=15/hour=14/shardId-000000000000-\(Support.sequence(1)).snappy.parquet",
            "events/year=2024/month=01/day=15/hour=15/shardId-000000000000-\(Support.sequence(2)).snappy.parquet",
        ])
        Support.expectExactlyOnce(records.compactMap(\.expected), in: table)
        #expect(!emulator.logs.contains("\"level\":\"ERROR\""), "\(emulator.logs.suffix(2000))")
    }

    @Test func aPoisonBatchWritesEveryGoodRecordOnceAndEveryBadOneToFailedWithItsReason() async throws {
        let setup = try await Support.makeSetup("poison")
        let emulator = try Support.kinesisTransform(setup, ["MAX_RECORD_BYTES": "2048"])
        defer { emulator.stop() }
        // Every tenth record is bad, cycling through every kind of bad record.
        let records = (0..<200).map { index in
            index % 10 == 3 ? Support.badRecord(index / 10, sequence: Support.sequence(index))
                : Support.goodRecord(index, sequence: Support.sequence(index), hour: index % 2)
        }
        let deliveries = try await Support.deliver(records, batchSize: records.count, to: emulator)
        #expect(deliveries.map(\.reported) == [[]], "bad records are not retried")

        Support.expectExactlyOnce(records.compactMap(\.expected), in: try Support.readTable(bucket: setup.bucket))

        let s3 = S3Client(configuration: setup.aws, http: AWSTestEnvironment.http)
        let failedKeys = try await s3.listAllObjects(bucket: setup.bucket, prefix: "failed/").map(\.key)
        #expect(failedKeys == ["failed/dt=2024-01-15/shardId-000000000000-\(Support.sequence(3)).jsonl"])
        let lines = try await s3.getObject(bucket: setup.bucket, key: try #require(failedKeys.first)).body
            .split(separator: UInt8(ascii: "\n"))
            .map { try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]) }
        let bad = records.filter { $0.badCode != nil }
        #expect(lines.count == bad.count)
        #expect(Set(bad.map(\.badCode)).count == 8, "every kind of bad record is in the batch")
        for (line, record) in zip(lines, bad) {
            #expect(line["sequence_number"] as? String == record.sequence)
            #expect(line["error_code"] as? String == record.badCode)
            #expect((line["reason"] as? String)?.isEmpty == false)
            if record.badCode != "NOT_BASE64" {
                #expect(Data(base64Encoded: line["data_base64"] as? String ?? "") == Data(record.payload), "original bytes of \(record.sequence)")
            } else {
                #expect(line["data_base64"] as? String == "%%% not base64 %%%")
            }
        }
        #expect(!emulator.logs.contains("summary not published"), "\(emulator.logs.suffix(2000))")
    }

    /// A write that fails after every retry makes the function report a checkpoint; Lambda re-delivers from there.
    /// Whatever the order of hours and however Lambda cuts the re-delivered batches, the table ends with every row once.
    @Test(arguments: [(false, false), (true, false), (true, true)])
    func failedWritesAreReDeliveredWithoutDuplicatesOrLoss(interleaved: Bool, bisect: Bool) async throws {
        let setup = try await Support.makeSetup("redeliver")
        let emulator = try Support.kinesisTransform(setup, ["WRITE_CONCURRENCY": "2"])
        defer { emulator.stop() }
        // Consecutive: records 0…99 in hour 0, 100…199 in hour 1, 200…299 in hour 2. Interleaved: hour = index % 3.
        let records = (0..<300).map { index in
            Support.goodRecord(index, sequence: Support.sequence(index), hour: interleaved ? index % 3 : index / 100)
        }
        // Hour 14 (the second; the path is as signed, `=` percent-encoded) fails on every attempt of the first invocation (AWS_MAX_ATTEMPTS=3); the proxy lets
        // the fourth attempt at the same key through.
        try await AWSTestEnvironment.injectFaults([
            "kind": "500", "match": ["path_prefix": "/\(setup.bucket)/events/year%3D2024/month%3D01/day%3D15/hour%3D14/", "methods": ["PUT"]],
            "max_consecutive": 3,
        ])
        let deliveries = try await Support.deliver(records, batchSize: 300, bisect: bisect, to: emulator)
        #expect(deliveries.count >= 2)
        let firstReport = try #require(deliveries.first?.reported)
        if interleaved {
            // Every hour group straddles the failed one, so the checkpoint is the batch's first record.
            #expect(firstReport == [Support.sequence(0)])
        } else {
            // Hour 13 (records 0…99) is final; re-delivery starts at the failed hour's first record.
            #expect(firstReport == [Support.sequence(100)])
        }
        Support.expectExactlyOnce(records.compactMap(\.expected), in: try Support.readTable(bucket: setup.bucket))
    }

    // MARK: KPL aggregates

    /// A good event without an event id: its row's id is `<shard>-<sequence>-<sub-sequence>`.
    static func eventWithoutID(_ index: Int) -> [UInt8] {
        Array(#"{"session_id":"kpl-s","user_id":"kpl-u","event_type":"click","timestamp":\#(Support.baseSeconds + index)}"#.utf8)
    }

    static func failedLines(_ setup: Support.Setup) async throws -> [[String: Any]] {
        let s3 = S3Client(configuration: setup.aws, http: AWSTestEnvironment.http)
        var lines: [[String: Any]] = []
        for key in try await s3.listAllObjects(bucket: setup.bucket, prefix: "failed/").map(\.key) {
            lines += try await s3.getObject(bucket: setup.bucket, key: key).body.split(separator: UInt8(ascii: "\n"))
                .map { try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]) }
        }
        return lines
    }

    @Test func aSingleAggregateBecomesOneRowPerUserRecordWithItsSubSequenceNumber() async throws {
        let setup = try await Support.makeSetup("kpl-single")
        let emulator = try Support.kinesisTransform(setup)
        defer { emulator.stop() }
        let sequence = Support.sequence(0)
        let members = (0..<60).map { Support.goodRecord($0, sequence: sequence, hour: $0 % 2) }
        let aggregate = Support.aggregateRecord(members, sequence: sequence)
        let withoutID = Support.SyntheticRecord(
            sequence: sequence, payload: KPLAggregateBuilder.aggregate(members.map(\.payload) + [Self.eventWithoutID(1)]),
            expected: nil, badCode: nil, aggregatedRows: aggregate.aggregatedRows + [Support.ExpectedRow(
                eventID: "shardId-000000000000-\(sequence)-60", sessionID: "kpl-s", userID: "kpl-u", eventType: "click",
                eventTimeMilliseconds: Int64(Support.baseSeconds + 1) * 1000, durationMilliseconds: nil, extraFields: nil,
                sequence: sequence, subSequence: 60)])
        let deliveries = try await Support.deliver([withoutID], batchSize: 1, to: emulator)
        #expect(deliveries.map(\.reported) == [[]])
        let table = try Support.readTable(bucket: setup.bucket, readers: "pyarrow,duckdb,fastparquet")
        #expect(table.files == [
            "events/year=2024/month=01/day=15/hour=13/shardId-000000000000-\(sequence).snappy.parquet",
            "events/year=2024/month=01/day=15/hour=14/shardId-000000000000-\(sequence).snappy.parquet",
        ])
        Support.expectExactlyOnce(withoutID.expectedRows, in: table)
        #expect(try await Self.failedLines(setup).isEmpty)
    }

    /// Aggregates of different sizes between plain records, one aggregate with a broken checksum and one with a
    /// bad user record: every good user record lands once, the broken aggregate is kept whole in failed/, the bad
    /// user record alone with its sub-sequence number.
    static func mixedBatch() -> [Support.SyntheticRecord] {
        var event = 0
        func nextEvent(_ sequence: String) -> Support.SyntheticRecord {
            defer { event += 1 }
            return Support.goodRecord(event, sequence: sequence, hour: event % 3)
        }
        return (0..<120).map { index in
            let sequence = Support.sequence(index)
            switch index % 10 {
            case 2:
                return Support.aggregateRecord((0..<(1 + index % 37)).map { _ in nextEvent(sequence) }, sequence: sequence)
            case 5 where index == 45:
                var bytes = Support.aggregateRecord([nextEvent(sequence), nextEvent(sequence)], sequence: sequence).payload
                bytes[bytes.count - 1] ^= 0x5A
                return Support.SyntheticRecord(sequence: sequence, payload: bytes, expected: nil, badCode: "BAD_AGGREGATE")
            case 7 where index == 77:
                let bad = Support.SyntheticRecord(
                    sequence: sequence, payload: Array(#"{"event_type":"click","timestamp":1705323911}"#.utf8), expected: nil,
                    badCode: "MISSING_FIELD")
                return Support.aggregateRecord([nextEvent(sequence), bad, nextEvent(sequence)], sequence: sequence)
            default:
                return nextEvent(sequence)
            }
        }
    }

    @Test func aggregatesMixedWithPlainRecordsLandOnceAndCorruptOnesGoToFailedWithTheirReason() async throws {
        let setup = try await Support.makeSetup("kpl-mixed")
        let emulator = try Support.kinesisTransform(setup)
        defer { emulator.stop() }
        let records = Self.mixedBatch()
        let deliveries = try await Support.deliver(records, batchSize: records.count, to: emulator)
        #expect(deliveries.map(\.reported) == [[]], "bad aggregates are not retried")
        let expected = records.flatMap(\.expectedRows)
        #expect(expected.count > 300)
        Support.expectExactlyOnce(expected, in: try Support.readTable(bucket: setup.bucket, readers: "pyarrow,duckdb"))

        let lines = try await Self.failedLines(setup)
        #expect(lines.count == 2)
        let corrupt = try #require(lines.first { $0["error_code"] as? String == "BAD_AGGREGATE" })
        #expect(corrupt["sequence_number"] as? String == Support.sequence(45))
        #expect(corrupt["sub_sequence_number"] == nil)
        #expect((corrupt["reason"] as? String)?.hasPrefix("KPL aggregate: MD5 trailer does not match the protobuf bytes") == true)
        #expect(Data(base64Encoded: corrupt["data_base64"] as? String ?? "") == Data(records[45].payload), "the aggregate's original bytes")
        let member = try #require(lines.first { $0["error_code"] as? String == "MISSING_FIELD" })
        #expect(member["sequence_number"] as? String == Support.sequence(77))
        #expect(member["sub_sequence_number"] as? Int == 1)
        #expect(member["reason"] as? String == "user record 1: session_id is missing or empty")
        #expect(Data(base64Encoded: member["data_base64"] as? String ?? "") == Data(#"{"event_type":"click","timestamp":1705323911}"#.utf8))
    }

    @Test func theSameBatchDeliveredTwiceLeavesEveryUserRecordOnce() async throws {
        let setup = try await Support.makeSetup("kpl-twice")
        let emulator = try Support.kinesisTransform(setup)
        defer { emulator.stop() }
        let records = Self.mixedBatch()
        _ = try await Support.deliver(records, batchSize: records.count, to: emulator)
        _ = try await Support.deliver(records, batchSize: records.count, to: emulator)
        Support.expectExactlyOnce(records.flatMap(\.expectedRows), in: try Support.readTable(bucket: setup.bucket))
        #expect(try await Self.failedLines(setup).count == 2, "the failed/ objects are replaced, not added")
    }

    /// A write that fails after every retry makes the function report a checkpoint per Kinesis record; the
    /// aggregate there is re-delivered whole, and every user record ends up in the table once.
    @Test(arguments: [false, true])
    func aPartialFailureReDeliversWholeAggregatesWithoutDuplicatesOrLoss(bisect: Bool) async throws {
        let setup = try await Support.makeSetup("kpl-redeliver")
        let emulator = try Support.kinesisTransform(setup, ["WRITE_CONCURRENCY": "2"])
        defer { emulator.stop() }
        let records = Self.mixedBatch()
        try await AWSTestEnvironment.injectFaults([
            "kind": "500", "match": ["path_prefix": "/\(setup.bucket)/events/year%3D2024/month%3D01/day%3D15/hour%3D14/", "methods": ["PUT"]],
            "max_consecutive": 3,
        ])
        let deliveries = try await Support.deliver(records, batchSize: records.count, bisect: bisect, to: emulator)
        #expect(deliveries.count >= 2)
        #expect(deliveries.first?.reported == [Support.sequence(0)], "hours interleave, so the batch starts again")
        Support.expectExactlyOnce(records.flatMap(\.expectedRows), in: try Support.readTable(bucket: setup.bucket))
    }
}
